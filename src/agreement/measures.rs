//! The measures: F1, Cohen's κ and Krippendorff's α (nominal), and the mean and spread over
//! pairs. κ and α take labels as small integers (`encode_labels` makes them from any values),
//! counted in dense arrays: the hot path runs over millions of tokens.

/// A unit a coder gave no value (α leaves it out; κ needs complete pairs).
pub const MISSING: u32 = u32::MAX;

/// 2·tp / (|A| + |B|), undefined when both are empty.
pub(super) fn f1(tp: usize, a: usize, b: usize) -> Option<f64> {
    (a + b > 0).then(|| 2.0 * tp as f64 / (a + b) as f64)
}

/// Values as label ids below the returned count, one sequence per coder; `None` becomes
/// [`MISSING`]. Ids follow the values' order, so results do not depend on input order.
pub fn encode_labels<T: Ord + Clone>(coders: &[Vec<Option<T>>]) -> (Vec<Vec<u32>>, usize) {
    let mut values: Vec<T> = coders.iter().flatten().flatten().cloned().collect();
    values.sort();
    values.dedup();
    let id = |v: &T| values.binary_search(v).map_or(MISSING, |i| i as u32);
    let encoded = coders
        .iter()
        .map(|c| c.iter().map(|v| v.as_ref().map_or(MISSING, id)).collect())
        .collect();
    (encoded, values.len())
}

/// Cohen's κ between two sequences of label ids below `k`, over the units both coded.
pub fn cohen_kappa(a: &[u32], b: &[u32], k: usize) -> Option<f64> {
    if a.len() != b.len() {
        return None;
    }
    let mut ca = vec![0u64; k];
    let mut cb = vec![0u64; k];
    let (mut agree, mut n) = (0u64, 0u64);
    for (&x, &y) in a.iter().zip(b) {
        if x == MISSING || y == MISSING {
            continue;
        }
        ca[x as usize] += 1;
        cb[y as usize] += 1;
        agree += u64::from(x == y);
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let po = agree as f64 / n;
    let pe: f64 = ca
        .iter()
        .zip(&cb)
        .map(|(&x, &y)| x as f64 * y as f64)
        .sum::<f64>()
        / (n * n);
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

/// Krippendorff's α (nominal): `coders[c][u]` is coder `c`'s label id (below `k`) for unit `u`,
/// or [`MISSING`]. Units with fewer than two values are left out, as the measure defines.
pub fn krippendorff_alpha(coders: &[&[u32]], k: usize) -> Option<f64> {
    let m = coders.len();
    if m < 2 {
        return None;
    }
    let len = coders.iter().map(|c| c.len()).min().unwrap_or(0);
    let mut o = vec![0f64; k * k];
    let mut values = Vec::with_capacity(m);
    for t in 0..len {
        values.clear();
        values.extend(coders.iter().map(|c| c[t]).filter(|&v| v != MISSING));
        let present = values.len();
        if present < 2 {
            continue;
        }
        let w = 1.0 / (present as f64 - 1.0);
        for (x, &a) in values.iter().enumerate() {
            for (y, &b) in values.iter().enumerate() {
                if x != y {
                    o[a as usize * k + b as usize] += w;
                }
            }
        }
    }
    let n_c: Vec<f64> = (0..k).map(|c| o[c * k..(c + 1) * k].iter().sum()).collect();
    let n: f64 = n_c.iter().sum();
    if n <= 1.0 {
        return None;
    }
    let disagree: f64 = (0..k)
        .flat_map(|c| (0..k).filter(move |&x| x != c).map(move |x| (c, x)))
        .map(|(c, x)| o[c * k + x])
        .sum();
    let d_o = disagree / n;
    let squares: f64 = n_c.iter().map(|v| v * v).sum();
    let d_e = (n * n - squares) / (n * (n - 1.0));
    if d_e <= 0.0 {
        return None;
    }
    Some(1.0 - d_o / d_e)
}

/// The mean of the defined values.
pub(super) fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The (population) standard deviation of the defined values.
pub(super) fn std_dev(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    let m = mean(v.iter().map(|x| Some(*x)))?;
    Some((v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coded(coders: &[&[&str]]) -> (Vec<Vec<u32>>, usize) {
        let c: Vec<Vec<Option<&str>>> = coders
            .iter()
            .map(|c| c.iter().map(|v| (*v != "-").then_some(*v)).collect())
            .collect();
        encode_labels(&c)
    }

    #[test]
    fn kappa_and_alpha_known_values() {
        // sklearn: cohen_kappa_score(["a","a","b","b"], ["a","b","b","b"]) == 0.5
        let (c, k) = coded(&[&["a", "a", "b", "b"], &["a", "b", "b", "b"]]);
        let kappa = cohen_kappa(&c[0], &c[1], k).unwrap();
        assert!((kappa - 0.5).abs() < 1e-12, "{kappa}");
        // krippendorff.alpha(reliability_data=[[1,1,2,2],[1,2,2,2]], level_of_measurement="nominal")
        let alpha = krippendorff_alpha(&[&c[0], &c[1]], k).unwrap();
        assert!((alpha - 0.5333333333333333).abs() < 1e-9, "{alpha}");
        let (same, k) = coded(&[&["a", "a"], &["a", "a"]]);
        assert_eq!(
            cohen_kappa(&same[0], &same[1], k),
            None,
            "no variation: undefined"
        );
    }

    #[test]
    fn alpha_leaves_out_missing_values_like_the_krippendorff_package() {
        // krippendorff.alpha(reliability_data=[[1,2,3,3,2,1,4,1,2,nan,nan,nan],
        //   [1,2,3,3,2,2,4,1,2,5,nan,3], [nan,3,3,3,2,3,4,2,2,5,1,nan],
        //   [1,2,3,3,2,4,4,1,2,5,1,nan]], level_of_measurement="nominal") == 0.7434210526315789
        // (Krippendorff's own example, 2011).
        let rows: [&[&str]; 4] = [
            &["1", "2", "3", "3", "2", "1", "4", "1", "2", "-", "-", "-"],
            &["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "-", "3"],
            &["-", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", "-"],
            &["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", "-"],
        ];
        let (c, k) = coded(&rows);
        let refs: Vec<&[u32]> = c.iter().map(Vec::as_slice).collect();
        let alpha = krippendorff_alpha(&refs, k).unwrap();
        assert!((alpha - 0.7434210526315789).abs() < 1e-9, "{alpha}");
    }

    #[test]
    fn encoding_follows_the_values_order() {
        let (c, k) = encode_labels(&[vec![Some("b"), None], vec![Some("a"), Some("b")]]);
        assert_eq!(k, 2);
        assert_eq!(c, vec![vec![1, MISSING], vec![0, 1]]);
    }
}
