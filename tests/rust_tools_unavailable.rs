//! The pass `rust-tools` on a machine where its tools cannot be installed, played with
//! `PYRUST_HIDE_MODULES`: nothing is measured, and the message says what happened and gives
//! the command that installs the tools. (A test binary of its own: it sets a variable that
//! other tests must not see.)

use pyrust_bench::Error;
use pyrust_bench::claims::rust_tools::pass::{Plan, measure};
use pyrust_bench::workload::Mode;

#[test]
fn hidden_tools_are_unavailable_with_the_install_command() {
    // SAFETY: the only test of this binary, so no other thread reads the environment.
    unsafe { std::env::set_var("PYRUST_HIDE_MODULES", "polars") };
    let err = measure(Plan::for_mode(Mode::Quick), Mode::Quick).unwrap_err();
    assert!(matches!(err, Error::Unavailable { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("polars is hidden by PYRUST_HIDE_MODULES"),
        "{message}"
    );
    assert!(message.contains("-m venv "), "{message}");
    assert!(message.contains("-m pip install -r "), "{message}");
    assert!(message.contains("rust-tools.txt"), "{message}");
}
