//! The few statistics the bench prints, and the table rows it prints them in.
//!
//! `lognoise-bench` has its own (`Spread`, with the mean of the two middle values as the
//! median of an even count); this bench picks the nearest rank instead, so every figure is a
//! value that was measured, and it does not depend on the engine's benchmark crate.

/// The middle value of `values`, by nearest rank; NaN when there are none.
pub fn median(values: &[f64]) -> f64 {
    percentile(values, 0.5)
}

/// The value at fraction `p` (0 the least, 1 the greatest) of `values` sorted, by nearest
/// rank; NaN when there are none, so an empty figure never prints as zero.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank]
}

/// The percentage of `values` above `limit`.
pub fn share_over(values: &[f64], limit: f64) -> f64 {
    100.0 * values.iter().filter(|&&v| v > limit).count() as f64 / values.len().max(1) as f64
}

/// The mean of `values`; zero when there are none.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// Median, 95th percentile and greatest of `values`, in milliseconds to a tenth.
pub fn spread_ms(values: &[f64]) -> String {
    format!(
        "{:.1} ms / {:.1} ms / {:.1} ms",
        median(values),
        percentile(values, 0.95),
        percentile(values, 1.0)
    )
}

/// Prints one row of the figures table (Markdown, to paste into the meeting's notes).
pub fn row(figure: &str, value: String) {
    println!("| {figure} | {value} |");
}

/// Prints the head of a figures table.
pub fn table_head() {
    println!("| figure | value |");
    println!("|---|---|");
}
