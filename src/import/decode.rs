//! Turning an article's bytes into the normalized text that offsets count (SPEC §1).

use encoding_rs::Encoding;

/// Why bytes could not be used as an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes look like a binary file (NUL bytes or many control characters).
    Binary {
        /// Byte offset of the first telltale byte.
        offset: usize,
    },
}

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The normalized text: no byte-order mark, LF line ends.
    pub text: String,
    /// The encoding's name, such as `UTF-8`, `UTF-16LE`, `windows-1252` or `GB18030`.
    pub encoding: &'static str,
    /// True when the encoding was guessed rather than known (BOM or valid UTF-8).
    pub guessed: bool,
}

/// Decode bytes by BOM, then as UTF-8, then by statistical detection; then normalize line ends.
///
/// `hint` is an encoding label declared by the file itself (an HTML `<meta charset>`), used
/// when the bytes are not valid UTF-8.
pub fn decode_article(bytes: &[u8], hint: Option<&str>) -> Result<DecodedText, DecodeError> {
    let (text, encoding, guessed) = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        (text.into_owned(), encoding.name(), false)
    } else {
        check_not_binary(bytes)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), "UTF-8", false),
            Err(_) => {
                let encoding = hint
                    .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
                    .filter(|e| *e != encoding_rs::UTF_8)
                    .unwrap_or_else(|| {
                        let mut detector = chardetng::EncodingDetector::new();
                        detector.feed(bytes, true);
                        detector.guess(None, false)
                    });
                // The WHATWG GBK decoder is the GB18030 decoder, so name the superset that was used.
                let encoding = if encoding == encoding_rs::GBK {
                    encoding_rs::GB18030
                } else {
                    encoding
                };
                let (text, _) = encoding.decode_without_bom_handling(bytes);
                (text.into_owned(), encoding.name(), true)
            }
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    if let Some(offset) = text.find('\0') {
        return Err(DecodeError::Binary { offset });
    }
    Ok(DecodedText {
        text: normalize_line_ends(&text),
        encoding,
        guessed,
    })
}

/// A file with NUL bytes, or where more than 1 byte in 10 of the first 8 KB is a control
/// character other than tab, newline, carriage return or form feed, is not an article.
fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if controls * 10 > head.len() {
        let offset = head
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c));
        return Err(DecodeError::Binary {
            offset: offset.unwrap_or(0),
        });
    }
    Ok(())
}

/// CRLF and lone CR become LF; nothing else changes.
pub fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_bom_and_crlf() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a\r\nb\rc".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode_article(&bytes, None).unwrap();
        assert_eq!(decoded.text, "a\nb\nc");
        assert_eq!(decoded.encoding, "UTF-16LE");
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode_article(b"PK\x03\x04\x00\x00", None),
            Err(DecodeError::Binary { offset: 4 })
        );
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let decoded = decode_article("\u{feff}héllo".as_bytes(), None).unwrap();
        assert_eq!(decoded.text, "héllo");
        assert_eq!(decoded.encoding, "UTF-8");
    }
}
