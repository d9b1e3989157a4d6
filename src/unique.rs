//! One way to make a name unique: `base`, else `base-2`, `base-3`… (document ids on import and
//! when adding articles, file stems on export).

/// `base` if `taken` says it is free, else the first of `base-2`, `base-3`… that is.
pub fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_names_stay_and_taken_ones_get_the_next_number() {
        let taken = ["doc", "doc-2", "other"];
        assert_eq!(unique_name("new", |n| taken.contains(&n)), "new");
        assert_eq!(unique_name("doc", |n| taken.contains(&n)), "doc-3");
        assert_eq!(unique_name("other", |n| taken.contains(&n)), "other-2");
    }
}
