//! The report as plain-text tables, as `marginalia agree` prints it.

use super::{AgreementReport, Scores};

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.4}"))
}

/// The report as plain-text tables, as `marginalia agree` prints it.
pub fn render_table(report: &AgreementReport) -> String {
    let mut out = format!("annotators: {}\n\n", report.annotators.join(", "));
    let header = format!(
        "{:<28} {:>9} {:>11} {:>9} {:>9} {:>12}\n",
        "", "exact F1", "overlap F1", "Cohen κ", "Kripp. α", "relation F1"
    );
    let row = |name: &str, s: &Scores| {
        format!(
            "{:<28} {:>9} {:>11} {:>9} {:>9} {:>12}\n",
            name.chars().take(28).collect::<String>(),
            cell(s.exact_f1),
            cell(s.overlap_f1),
            cell(s.cohen_kappa),
            cell(s.krippendorff_alpha),
            cell(s.relation_f1)
        )
    };
    out.push_str(&header);
    out.push_str(&row("overall", &report.overall));
    out.push_str("\nby label\n");
    for (label, s) in &report.by_label {
        out.push_str(&row(label, s));
    }
    out.push_str("\nby document\n");
    for (doc, s) in &report.by_document {
        out.push_str(&row(doc, s));
    }
    if !report.pairs.is_empty() {
        out.push_str("\npairs\n");
        for p in &report.pairs {
            out.push_str(&row(&format!("{} / {}", p.a, p.b), &p.scores));
        }
        if let Some(mean) = &report.pairs_mean {
            out.push_str(&row("mean", mean));
        }
        if let Some(std) = &report.pairs_std {
            out.push_str(&row("standard deviation", std));
        }
    }
    if !report.document_fields.is_empty() {
        out.push_str(&format!(
            "\n{:<28} {:>9} {:>9} {:>10}\n",
            "document field", "Cohen κ", "Kripp. α", "documents"
        ));
        for (name, f) in &report.document_fields {
            out.push_str(&format!(
                "{:<28} {:>9} {:>9} {:>10}\n",
                name.chars().take(28).collect::<String>(),
                cell(f.kappa),
                cell(f.alpha),
                f.documents
            ));
        }
    }
    if !report.confusion.labels.is_empty() {
        out.push_str("\nconfusion on boundary-matched spans (rows: first annotator)\n");
        out.push_str(&format!("{:<16}", ""));
        for l in &report.confusion.labels {
            out.push_str(&format!("{:>12}", l.chars().take(11).collect::<String>()));
        }
        out.push('\n');
        for (l, row) in report.confusion.labels.iter().zip(&report.confusion.counts) {
            out.push_str(&format!("{:<16}", l.chars().take(15).collect::<String>()));
            for c in row {
                out.push_str(&format!("{c:>12}"));
            }
            out.push('\n');
        }
    }
    out
}
