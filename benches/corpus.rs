//! Generated articles and projects for benchmarks and scale tests: unique text (so no layout or
//! parse cache can cheat), some Chinese and emoji, and overlapping and discontinuous annotations.

#![allow(dead_code)]

use marginalia::edit::{new_annotation, Edit};
use marginalia::model::{Document, Fragment, Project, Source};

/// A small deterministic random number generator (xorshift64*), so every run sees the same corpus.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tus", "ver", "an", "dor", "pel", "qui", "sta", "bri", "on", "ex",
    "ul", "zan", "the", "mar", "gin", "al",
];
const EXTRAS: &[&str] = &["中文", "经济", "发展", "😀", "👩‍👩‍👧", "é", "naïve", "مرحبا"];

/// An article of about `bytes` bytes: paragraphs of unique sentences.
pub fn article(bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(bytes + 256);
    let mut sentence = 0u64;
    while text.len() < bytes {
        let sentences = 2 + rng.below(6);
        for _ in 0..sentences {
            sentence += 1;
            let words = 6 + rng.below(14);
            for w in 0..words {
                if w > 0 {
                    text.push(' ');
                }
                if rng.below(40) == 0 {
                    text.push_str(EXTRAS[rng.below(EXTRAS.len())]);
                    continue;
                }
                let syl = 1 + rng.below(3);
                for s in 0..syl {
                    let part = SYLLABLES[rng.below(SYLLABLES.len())];
                    if w == 0 && s == 0 {
                        let mut c = part.chars();
                        if let Some(first) = c.next() {
                            text.extend(first.to_uppercase());
                            text.push_str(c.as_str());
                        }
                    } else {
                        text.push_str(part);
                    }
                }
            }
            // A number makes every sentence unique.
            text.push_str(&format!(" {sentence}. "));
        }
        text.pop();
        text.push_str("\n\n");
    }
    text
}

/// A one-document project over `article(bytes)` with `annotations` annotations: mostly simple
/// spans, every 10th nested inside a wider one, every 25th discontinuous.
pub fn project(bytes: usize, annotations: usize, seed: u64) -> Project {
    project_over(article(bytes, seed), annotations, seed)
}

/// Like [`project`], over a given text: two annotators of one article differ only in
/// `seed`.
pub fn project_over(text: String, annotations: usize, seed: u64) -> Project {
    let mut project = Project::new("generated");
    project.documents.push(Document::new(
        "generated",
        "Generated",
        Source::default(),
        text,
    ));
    let len = project.documents[0].char_len();
    let mut rng = Rng::new(seed ^ 0x9E37_79B9);
    let stride = (len / annotations.max(1)).max(2);
    let labels = ["entity", "claim", "quote"];
    let mut edits = Vec::with_capacity(annotations);
    for i in 0..annotations {
        let base = (i * stride) % len.saturating_sub(40).max(1);
        let span = 1 + rng.below(30);
        let mut fragments = vec![Fragment::new(base, (base + span).min(len))];
        if i % 10 == 0 {
            fragments = vec![Fragment::new(
                base.saturating_sub(5),
                (base + span + 20).min(len),
            )];
        } else if i % 25 == 0 && base + span + 12 < len {
            fragments.push(Fragment::new(base + span + 5, base + span + 12));
        }
        let label = labels[i % 3];
        if let Ok(annotation) = new_annotation(&mut project, 0, label, &fragments, "generator") {
            edits.push(Edit::Add {
                document: 0,
                annotation,
            });
        }
    }
    let doc = &mut project.documents[0];
    for edit in edits {
        if let Edit::Add { annotation, .. } = edit {
            doc.annotations.push(Box::new(annotation));
        }
    }
    doc.sort_annotations();
    project
}
