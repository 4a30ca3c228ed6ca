//! A log file handed to `lognoise mine` or an import: the source recognises its format from its
//! first bytes and splits it into events, and the miner mines them and renders its templates,
//! without a panic on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lognoise_miner::{Miner, MinerConfig};

fuzz_target!(|data: &[u8]| {
    let mut miner = Miner::new(MinerConfig::default());
    let _ = lognoise_source::read(data, &mut |event| {
        miner.ingest_event(&event.message, event.timestamp_ms);
    });
    let snapshot = miner.snapshot();
    for t in snapshot.templates() {
        let _ = lognoise_miner::headline(&t.text);
    }
});
