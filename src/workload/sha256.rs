//! SHA-256: the digest of `n` bytes, as defined by FIPS 180-4 (Secure Hash Standard, section
//! 6.2). The input is `n` bytes from the shared generator, the low eight bits of each raw
//! value ([`Lcg::next_raw`]` & 0xFF`), built before timing. The timed work is the digest of
//! the whole input; the output is the digest as 64 lowercase hex digits (the hex encoding,
//! 32 bytes, is part of the timed closure and negligible).
//!
//! The Rust variant is the RustCrypto `sha2` crate (`Sha256::digest`), which is what
//! idiomatic Rust uses. Like OpenSSL behind Python's `hashlib`, it picks its compression
//! function at run time: on an x86-64 CPU with the SHA extensions (`sha_ni`, detected through
//! `cpufeatures`), it runs the hardware SHA-256 instructions, otherwise portable code. The
//! pure-Python variant computes every round in the interpreter. Both library variants
//! therefore measure the same hardware path on such a CPU: on the AMD EPYC this was written
//! on (`sha_ni` present), `sha2` and OpenSSL 3.0 both hashed about 2 GB/s; with the portable
//! code forced (`--cfg sha2_backend="soft"`, `OPENSSL_ia32cap=:~0x20000000`) they ran at
//! 0.55 and 0.74 GB/s.

use sha2::Digest as _;

use super::data::Lcg;
use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The SHA-256 workload: `n` is the length of the message in bytes.
pub struct Sha256;

impl Workload for Sha256 {
    fn name(&self) -> &'static str {
        "sha256"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "sha256: FIPS 180-4 digest of n bytes (32-bit rotations and adds; hashlib vs sha2)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 5_000,
            quick: 40_000,
            full: 250_000,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::Python,
            Variant::PythonC,
            Variant::Hybrid,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        let data = input(n);
        RustKernel::new(move || Output::Text(hex_digest(std::hint::black_box(&data))))
    }
}

/// The message: `n` bytes, the low byte of each successive raw value of the shared generator.
pub fn input(n: u64) -> Vec<u8> {
    let mut lcg = Lcg::default();
    (0..n).map(|_| (lcg.next_raw() & 0xFF) as u8).collect()
}

/// The SHA-256 digest of `data` as 64 lowercase hex digits.
pub fn hex_digest(data: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    sha2::Sha256::digest(data)
        .iter()
        .flat_map(|&b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]])
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use pyo3::prelude::*;
    use pyo3::types::PyBytes;

    use super::*;

    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf"; FIPS 180-2 appendix B): the empty
    /// message, the one-block "abc" and the two-block 448-bit message.
    const KNOWN: [(&[u8], &str); 3] = [
        (
            b"",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            b"abc",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
    ];

    #[test]
    fn digests_are_the_published_values() {
        for (message, digest) in KNOWN {
            assert_eq!(hex_digest(message), digest);
        }
        // FIPS 180-2 appendix B.3: one million repetitions of "a".
        assert_eq!(
            hex_digest(&[b'a'; 1_000_000]),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn python_digests_are_the_published_values() {
        crate::py::start().expect("the interpreter starts");
        Python::attach(|py| {
            let module = py
                .import("pyrust_workloads.sha256")
                .expect("the module imports");
            for variant in ["python", "python_c"] {
                for (message, digest) in KNOWN {
                    let got: String = module
                        .call_method1(variant, (PyBytes::new(py, message),))
                        .and_then(|d| d.extract())
                        .unwrap_or_else(|e| panic!("{variant}({message:?}): {e}"));
                    assert_eq!(got, digest, "{variant}({message:?})");
                }
            }
            // Every padding case: 55 bytes fit one block, 56 to 63 need a second one.
            for len in 0..=130 {
                let message = PyBytes::new(py, &input(len));
                let got: String = module
                    .call_method1("python", (message,))
                    .and_then(|d| d.extract())
                    .expect("python runs");
                assert_eq!(got, hex_digest(&input(len)), "{len} bytes");
            }
        });
    }

    #[test]
    fn input_is_the_low_byte_of_the_generator() {
        let mut lcg = Lcg::default();
        let first = (lcg.next_raw() & 0xFF) as u8;
        assert_eq!(input(3)[0], first);
        assert_eq!(input(1000).len(), 1000);
    }

    #[test]
    fn kernel_returns_the_hex_digest() {
        let mut kernel = Sha256.rust(100);
        assert_eq!(kernel.run(), Output::Text(hex_digest(&input(100))));
    }
}
