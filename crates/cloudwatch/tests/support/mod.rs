//! The test support lives in the crate (feature `testing`) so that other crates' tests start
//! the same `moto_server` and fault-injecting proxy.

pub use lognoise_cloudwatch::testing::*;
