//! How fast the filter-pattern matcher reads lines, per kind of pattern: prints lines matched
//! per second for each pattern over the same generated lines.
//!
//! `cargo run --release -p lognoise-dependents --example match_speed [LINES]`

use lognoise_dependents::FilterPattern;
use std::time::Instant;

/// Lines of a web service, plain text, JSON and access-log shapes mixed.
fn lines(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match i % 4 {
            0 => format!("INFO GET /api/orders/{} 200 {} ms", 1000 + i, i % 97),
            1 => format!("ERROR Payment declined for user_id={} card=visa code=51", i % 400),
            2 => format!(
                "{{\"level\":\"info\",\"msg\":\"cache hit\",\"key\":\"user:{}\",\"latency\":{}}}",
                i % 300,
                i % 900
            ),
            _ => format!(
                "10.0.{}.{} - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" {} {}",
                i % 255,
                (i * 3) % 255,
                if (i / 4) % 10 == 0 { 404 } else { 200 },
                i % 5000
            ),
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => 200_000,
    };
    let lines = lines(n);
    let patterns = [
        "ERROR",
        "?ERROR ?WARN -health",
        r#""Payment declined""#,
        r"%code=5\d%",
        r#"{ $.level = "info" && $.latency > 500 }"#,
        "{ $.key = user:1* }",
        "[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes > 1000]",
        "[..., status_code, bytes]",
    ];
    println!("{n} lines");
    for text in patterns {
        let pattern = FilterPattern::parse(text)?;
        let started = Instant::now();
        let matched = lines.iter().filter(|line| pattern.matches(line)).count();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{:>12.0} lines/s  {:>7} matched  {text}",
            n as f64 / seconds.max(1e-9),
            matched
        );
    }
    Ok(())
}
