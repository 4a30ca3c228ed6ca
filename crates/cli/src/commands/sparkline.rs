//! Counts drawn as one line of block characters.

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per count, scaled to the largest; empty buckets are spaces.
pub fn sparkline(counts: &[u64]) -> String {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                BARS[((c - 1) * BARS.len() as u64 / max) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_to_the_largest() {
        assert_eq!(sparkline(&[0, 1, 8, 4]), " ▁█▄");
        assert_eq!(sparkline(&[]), "");
    }
}
