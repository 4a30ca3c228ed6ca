//! The lognoise desktop app.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = lognoise_app::run() {
        eprintln!("lognoise: {e:#}");
        std::process::exit(1);
    }
}
