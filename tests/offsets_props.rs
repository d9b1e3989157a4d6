//! Property tests: offset conversions agree with a naive count on texts full of astral
//! characters, ZWJ sequences, combining marks, CJK and right-to-left script.

use marginalia::offsets::OffsetIndex;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("é".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("中文".to_owned()),
        Just("مرحبا".to_owned()),
        Just("👩\u{200d}👩\u{200d}👧".to_owned()),
        Just("👍🏽".to_owned()),
        Just("𝔘".to_owned()),
        "[a-z]{1,5}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..300).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn conversions_match_a_naive_count(text in text()) {
        let index = OffsetIndex::new(&text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        prop_assert_eq!(index.char_len(), chars.len());
        let mut utf16 = 0;
        for (ci, &(byte, ch)) in chars.iter().enumerate() {
            prop_assert_eq!(index.char_to_byte(&text, ci), Some(byte));
            prop_assert_eq!(index.byte_to_char(&text, byte), Some(ci));
            prop_assert_eq!(index.char_to_utf16(&text, ci), Some(utf16));
            prop_assert_eq!(index.utf16_to_char(&text, utf16), Some(ci));
            if ch.len_utf16() == 2 {
                prop_assert_eq!(index.utf16_to_char(&text, utf16 + 1), None);
            }
            for inner in 1..ch.len_utf8() {
                prop_assert_eq!(index.byte_to_char(&text, byte + inner), None);
            }
            utf16 += ch.len_utf16();
        }
        let n = chars.len();
        prop_assert_eq!(index.char_to_byte(&text, n), Some(text.len()));
        prop_assert_eq!(index.char_to_utf16(&text, n), Some(utf16));
        prop_assert_eq!(index.utf16_to_char(&text, utf16), Some(n));
        prop_assert_eq!(index.char_to_byte(&text, n + 1), None);
        prop_assert_eq!(index.utf16_len(), utf16);
    }

    #[test]
    fn slices_match_python_semantics(text in text(), a in 0usize..400, b in 0usize..400) {
        let index = OffsetIndex::new(&text);
        let chars: Vec<char> = text.chars().collect();
        let expected: Option<String> = (a <= b && b <= chars.len()).then(|| chars[a..b].iter().collect());
        prop_assert_eq!(index.slice(&text, a, b).map(str::to_owned), expected);
    }
}

#[test]
fn multi_megabyte_lookups_are_exact() {
    let unit = "Ünïcödé 中文 👩‍👩‍👧 مرحبا e\u{301}\n";
    let text = unit.repeat(100_000);
    let index = OffsetIndex::new(&text);
    let per_unit = unit.chars().count();
    let at = 73_123 * per_unit + 8; // the 中 of some unit
    let byte = index.char_to_byte(&text, at).unwrap();
    assert!(text[byte..].starts_with("中文"));
    assert_eq!(index.byte_to_char(&text, byte), Some(at));
    let u16 = index.char_to_utf16(&text, at).unwrap();
    assert_eq!(u16, 73_123 * unit.encode_utf16().count() + 8);
    assert_eq!(index.utf16_to_char(&text, u16), Some(at));
}
