//! The command line's tests, one binary by theme: `lognoise mine`, workspaces (import, search,
//! templates), review sessions, suppression rules, and rules from a session. They run the
//! `lognoise` binary on the repository's fixtures.

// clippy.toml's allowance covers `#[test]` functions only, not the helpers they share.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod dependents;
mod mine;
mod producers;
mod rules;
mod rules_deploy;
mod rules_session;
mod session;
mod snapshots;
mod suggest;
mod verify;
mod workspace;
