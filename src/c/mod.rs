//! The C reference kernels (`src/c/*.c`), compiled by `build.rs` with the `cc` crate at
//! `-O2`: plain, portable C with the same algorithms as the Rust variants, so that the
//! claim "Very fast (C-like)" can be measured against real C. This is the only place where
//! pyrust-bench crosses into C.
//!
//! Each `src/c/<name>.c` exports one `pyrust_<name>` function. The C99 sources follow the
//! Rust variants of `src/workload/<name>.rs` statement for statement, including the order
//! of floating-point operations, and use no SIMD intrinsics, no OpenMP and no compiler
//! builtins. The safe wrappers below are what the workloads' `c(n)` kernels call; this
//! module is the only one in the crate with `unsafe`.

/// The result of `pyrust_fannkuch_redux`, laid out as C's `struct pyrust_fannkuch_result`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
struct FannkuchResult {
    checksum: i64,
    max_flips: i64,
}

unsafe extern "C" {
    /// The energy of the n-body system after `n` steps (`src/c/nbody.c`).
    safe fn pyrust_nbody(n: u64) -> f64;
    /// The spectral norm of the `n x n` matrix (`src/c/spectral_norm.c`); NaN if out of
    /// memory.
    safe fn pyrust_spectral_norm(n: u64) -> f64;
    /// The checksum and maximum flips over all permutations of `0..max(n, 1)`
    /// (`src/c/fannkuch_redux.c`); `max_flips` is -1 if out of memory.
    safe fn pyrust_fannkuch_redux(n: u64) -> FannkuchResult;
    /// Writes the PBM file of the `n x n` bitmap to `out` and returns its length; if
    /// `capacity` is less than that length, writes nothing and returns the length needed
    /// (`src/c/mandelbrot.c`). Returns 0 if `n` is too large to be represented.
    fn pyrust_mandelbrot(n: u64, out: *mut u8, capacity: usize) -> usize;
}

/// The energy of the n-body system after `n` steps of `advance(0.01)`.
pub fn nbody(n: u64) -> f64 {
    pyrust_nbody(n)
}

/// The spectral norm of the `n x n` truncation of the definition's matrix.
pub fn spectral_norm(n: u64) -> f64 {
    let norm = pyrust_spectral_norm(n);
    assert!(
        n == 0 || !norm.is_nan(),
        "C spectral_norm({n}) could not allocate"
    );
    norm
}

/// `(checksum, max_flips)` of fannkuch-redux over all permutations of `0..max(n, 1)`.
pub fn fannkuch_redux(n: u64) -> (i64, i64) {
    let result = pyrust_fannkuch_redux(n);
    assert!(
        result.max_flips >= 0,
        "C fannkuch_redux({n}) could not allocate"
    );
    (result.checksum, result.max_flips)
}

/// The PBM (P4) file of the `n x n` Mandelbrot bitmap.
pub fn mandelbrot(n: u64) -> Vec<u8> {
    let mut pbm: Vec<u8> = Vec::new();
    loop {
        // SAFETY: `pbm` owns `pbm.capacity()` bytes starting at `as_mut_ptr()` (a dangling
        // but non-null pointer when the capacity is 0, and then C writes nothing). C writes
        // only when the whole file fits in `capacity`, and then writes exactly the `len`
        // bytes it returns, all initialised, so `set_len(len)` exposes no uninitialised byte.
        let len = unsafe {
            let len = pyrust_mandelbrot(n, pbm.as_mut_ptr(), pbm.capacity());
            if len <= pbm.capacity() {
                pbm.set_len(len);
            }
            len
        };
        assert!(len != 0, "C mandelbrot({n}): n too large");
        if len <= pbm.capacity() {
            return pbm;
        }
        pbm.reserve_exact(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nbody_after_1000_steps_is_the_published_value() {
        assert_eq!(format!("{:.9}", nbody(0)), "-0.169075164");
        assert_eq!(format!("{:.9}", nbody(1000)), "-0.169087605");
    }

    #[test]
    fn spectral_norm_for_100_is_the_published_value() {
        assert_eq!(format!("{:.9}", spectral_norm(100)), "1.274219991");
    }

    #[test]
    fn fannkuch_for_7_is_the_published_value() {
        assert_eq!(fannkuch_redux(7), (228, 16));
        assert_eq!(fannkuch_redux(3), (2, 2));
        assert_eq!(fannkuch_redux(1), (0, 0));
        assert_eq!(fannkuch_redux(0), (0, 0));
    }

    #[test]
    fn mandelbrot_200_is_the_published_bitmap() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/known/mandelbrot_200.pbm"
        );
        let known = std::fs::read(path).expect("tests/known/mandelbrot_200.pbm");
        assert_eq!(mandelbrot(200), known);
    }

    #[test]
    fn mandelbrot_pads_rows_and_handles_an_empty_bitmap() {
        let pbm = mandelbrot(10);
        assert_eq!(pbm.len(), b"P4\n10 10\n".len() + 2 * 10);
        assert_eq!(mandelbrot(0), b"P4\n0 0\n");
    }

    #[test]
    fn c_kernels_match_the_rust_variants_bit_for_bit() {
        use crate::workload::{fannkuch_redux, mandelbrot, nbody, spectral_norm};
        for n in [0, 1, 10, 1000] {
            assert_eq!(nbody(n).to_bits(), nbody::run(n).to_bits(), "nbody {n}");
        }
        for n in [1, 7, 100, 123] {
            let (c, r) = (spectral_norm(n), spectral_norm::run(n));
            assert_eq!(c.to_bits(), r.to_bits(), "spectral_norm {n}");
        }
        for n in [1, 5, 8] {
            let (checksum, max) = fannkuch_redux(n);
            let text = fannkuch_redux::output(n, checksum, max);
            assert_eq!(text, fannkuch_redux::run(n), "fannkuch {n}");
        }
        for n in [1, 7, 8, 9, 63, 100] {
            assert_eq!(mandelbrot(n), mandelbrot::run(n), "mandelbrot {n}");
        }
    }
}
