//! The smallest useful Rust command-line program, for claim `memory-footprint`: its release
//! binary's size and its start-up time are the baseline a Rust CLI cannot go below. It uses
//! the standard library only and counts its arguments.

fn main() {
    let count = std::env::args().skip(1).count();
    let noun = if count == 1 { "argument" } else { "arguments" };
    println!("minimal-cli: {count} {noun}");
}
