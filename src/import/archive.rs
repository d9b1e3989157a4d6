//! Reading the parts of a zip container (Word, OpenDocument, EPUB) within limits, so a zip bomb
//! is refused with a message instead of filling memory.

use std::io::{Cursor, Read};

use zip::ZipArchive;

/// Most entries an archive may list.
pub const MOST_ENTRIES: usize = 20_000;

/// Most bytes all parts read from one archive may expand to.
pub const MOST_EXPANDED_BYTES: u64 = 512 * 1024 * 1024;

/// A part expanding more than this many times its compressed size is taken for a bomb.
pub const MOST_EXPANSION_RATIO: u64 = 200;

/// An archive in memory and how much of the expansion budget is spent.
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    expanded: u64,
}

impl<'a> Archive<'a> {
    /// Open `bytes` as a zip archive; the message says why not.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("not a readable zip container ({e})"))?;
        if zip.len() > MOST_ENTRIES {
            return Err(format!(
                "the container lists {} parts, more than the {MOST_ENTRIES} allowed",
                zip.len()
            ));
        }
        Ok(Self { zip, expanded: 0 })
    }

    /// The part `name` as UTF-8 text (`None` when there is no such part).
    pub fn text(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        let bytes = bytes
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&bytes)
            .to_vec();
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| format!("{name}: not UTF-8 ({e})"))
    }

    /// The part `name`, expanded within the limits.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let budget = MOST_EXPANDED_BYTES.saturating_sub(self.expanded);
        let mut file = self
            .zip
            .by_index(index)
            .map_err(|e| format!("{name}: cannot be read ({e})"))?;
        let compressed = file.compressed_size().max(1);
        let mut out = Vec::new();
        let read = file
            .by_ref()
            .take(budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("{name}: damaged ({e})"))? as u64;
        self.expanded += read;
        if read > budget {
            return Err(format!(
                "{name} expands beyond the {} MB allowed for one file (a zip bomb?)",
                MOST_EXPANDED_BYTES / (1024 * 1024)
            ));
        }
        if read > 1024 * 1024 && read / compressed > MOST_EXPANSION_RATIO {
            return Err(format!(
                "{name} expands {} times its packed size, more than the {MOST_EXPANSION_RATIO} allowed (a zip bomb?)",
                read / compressed
            ));
        }
        Ok(Some(out))
    }
}
