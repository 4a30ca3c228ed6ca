//! Save latency of a session file (filled in below).

fn main() {}
