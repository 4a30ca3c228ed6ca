//! The desktop app, started by the end-to-end tests: `lognoise_app::main`, as `lognoise-app`
//! runs it.

fn main() {
    lognoise_app::main()
}
