//! Where nested and overlapping highlights go: underline lanes, and which span fills each stretch
//! of text. Pure algorithms over (start, end) spans, without the window.

/// Split highlight pieces `(annotation, start, end)` into stretches that each take the fill of the
/// shortest span covering them (the innermost), so no two fills overlap. Neighbouring stretches
/// of one annotation are joined.
pub fn innermost_fills(
    pieces: &[(usize, usize, usize)],
    span_len: impl Fn(usize) -> usize,
) -> Vec<(usize, usize, usize)> {
    let mut cuts: Vec<usize> = pieces.iter().flat_map(|p| [p.1, p.2]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let best = pieces
            .iter()
            .filter(|p| p.1 <= a && b <= p.2)
            .min_by_key(|p| (span_len(p.0), std::cmp::Reverse(p.1)));
        let Some(&(ai, _, _)) = best else { continue };
        match out.last_mut() {
            Some(last) if last.0 == ai && last.2 == a => last.2 = b,
            _ => out.push((ai, a, b)),
        }
    }
    out
}

/// Give overlapping spans different lanes: each span takes the lowest lane free over its range.
/// Returns one lane per input, in input order. Input: (start, end) pairs.
pub fn assign_lanes(spans: &[(usize, usize)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, std::cmp::Reverse(spans[i].1)));
    let mut lanes = vec![0; spans.len()];
    let mut lane_ends: Vec<usize> = Vec::new();
    for i in order {
        let (start, end) = spans[i];
        let lane = lane_ends
            .iter()
            .position(|&e| e <= start)
            .unwrap_or(lane_ends.len());
        if lane == lane_ends.len() {
            lane_ends.push(end);
        } else {
            lane_ends[lane] = end;
        }
        lanes[i] = lane;
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_spans_take_separate_lanes_and_the_innermost_fill() {
        // A quote [0, 20) with a name [5, 9) inside and a claim [15, 30) overlapping its end.
        let spans = [(0, 20), (5, 9), (15, 30)];
        let lanes = assign_lanes(&spans);
        assert_eq!(lanes[0], 0);
        assert_ne!(
            lanes[1], lanes[0],
            "the name inside the quote has its own lane"
        );
        assert_ne!(lanes[2], lanes[0], "overlapping spans never share a lane");
        let pieces = [(0, 0, 20), (1, 5, 9), (2, 15, 30)];
        let len = |ai: usize| spans[ai].1 - spans[ai].0;
        assert_eq!(
            innermost_fills(&pieces, len),
            vec![(0, 0, 5), (1, 5, 9), (0, 9, 15), (2, 15, 30)],
            "every character has one fill, the shortest span's"
        );
    }

    #[test]
    fn spans_that_do_not_overlap_share_the_first_lane() {
        assert_eq!(assign_lanes(&[(0, 4), (4, 8), (10, 12)]), vec![0, 0, 0]);
    }

    #[test]
    fn each_level_of_nesting_takes_the_next_lane_and_a_freed_lane_is_reused() {
        // An outer span, one inside it, one inside that, and one after the inner ones end.
        let lanes = assign_lanes(&[(0, 20), (2, 10), (3, 5), (12, 15)]);
        assert_eq!(lanes, vec![0, 1, 2, 1]);
    }

    #[test]
    fn fills_go_to_the_innermost_span_and_join_across_its_pieces() {
        // Annotation 0 spans 0..10, annotation 1 spans 3..6 inside it.
        let pieces = [(0, 0, 10), (1, 3, 6)];
        let len = |ai: usize| if ai == 0 { 10 } else { 3 };
        assert_eq!(
            innermost_fills(&pieces, len),
            vec![(0, 0, 3), (1, 3, 6), (0, 6, 10)]
        );
    }
}
