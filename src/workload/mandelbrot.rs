//! Mandelbrot: the Mandelbrot set drawn on an `n x n` bitmap, as defined by the Computer
//! Language Benchmarks Game ("mandelbrot"). Pixel `(x, y)` is `c = (2x/n - 1.5) + (2y/n - 1)i`;
//! it is in the set (bit 1) when `z = z² + c`, from `z = 0`, does not leave `|z|² <= 4` within
//! 50 iterations. The output is the whole portable bitmap file: the header `P4\n{n} {n}\n`,
//! then each row packed 8 pixels a byte, most significant bit first, padded with zero bits.

use rayon::prelude::*;

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The mandelbrot workload: `n` is the width and height of the bitmap.
pub struct Mandelbrot;

impl Workload for Mandelbrot {
    fn name(&self) -> &'static str {
        "mandelbrot"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "mandelbrot: n x n bitmap of the Mandelbrot set, 50 iterations (floating-point loop)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 100,
            quick: 160,
            full: 400,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::C,
            Variant::Python,
            Variant::Hybrid,
            Variant::PythonJit,
            Variant::RustPar,
            Variant::PythonThreads,
            Variant::PythonProcs,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        RustKernel::new(move || Output::Bytes(run(std::hint::black_box(n))))
    }

    fn c(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            Output::Bytes(crate::c::mandelbrot(std::hint::black_box(n)))
        }))
    }

    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            Output::Bytes(run_par(std::hint::black_box(n)))
        }))
    }
}

/// Iterations before a point is taken to be in the set.
const MAX_ITER: u32 = 50;
/// The escape test: `|z|² > LIMIT_SQUARED`.
const LIMIT_SQUARED: f64 = 4.0;

/// The PBM (P4) file of the `n x n` bitmap.
pub fn run(n: u64) -> Vec<u8> {
    let (mut pbm, header, size) = blank_bitmap(n);
    for (y, row) in pbm[header..].chunks_mut(row_bytes(size)).enumerate() {
        draw_row(y, size, row);
    }
    pbm
}

/// The same file, its rows drawn in parallel on the current rayon pool.
pub fn run_par(n: u64) -> Vec<u8> {
    let (mut pbm, header, size) = blank_bitmap(n);
    pbm[header..]
        .par_chunks_mut(row_bytes(size))
        .enumerate()
        .for_each(|(y, row)| draw_row(y, size, row));
    pbm
}

/// The header followed by zeroed rows, the header's length, and the side in pixels.
fn blank_bitmap(n: u64) -> (Vec<u8>, usize, usize) {
    let size = usize::try_from(n).expect("n fits in usize");
    let mut pbm = format!("P4\n{size} {size}\n").into_bytes();
    let header = pbm.len();
    pbm.resize(header + row_bytes(size) * size, 0);
    (pbm, header, size)
}

/// Bytes per row of a `size`-pixel-wide bitmap (at least 1, so an empty bitmap still chunks).
fn row_bytes(size: usize) -> usize {
    size.div_ceil(8).max(1)
}

/// Row `y` of the bitmap, 8 pixels a byte, into `row` (zeroed, `size.div_ceil(8)` bytes).
fn draw_row(y: usize, size: usize, row: &mut [u8]) {
    let scale = size as f64;
    let ci = 2.0 * y as f64 / scale - 1.0;
    for x in 0..size {
        let cr = 2.0 * x as f64 / scale - 1.5;
        if in_set(cr, ci) {
            row[x / 8] |= 0x80 >> (x % 8);
        }
    }
}

/// Whether `c = cr + ci·i` stays within `|z|² <= 4` for 50 iterations of `z = z² + c`.
fn in_set(cr: f64, ci: f64) -> bool {
    let (mut zr, mut zi, mut tr, mut ti) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for _ in 0..MAX_ITER {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
        if tr + ti > LIMIT_SQUARED {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmap_for_200_has_header_and_size() {
        let pbm = run(200);
        let header = b"P4\n200 200\n";
        assert!(pbm.starts_with(header));
        assert_eq!(pbm.len(), header.len() + 25 * 200);
        let bits = &pbm[header.len()..];
        assert!(bits.iter().any(|&b| b != 0), "all pixels outside the set");
        assert!(bits.iter().any(|&b| b != 0xff), "all pixels inside the set");
    }

    #[test]
    fn rows_that_are_not_whole_bytes_are_padded_with_zeros() {
        let pbm = run(10);
        let bits = &pbm[b"P4\n10 10\n".len()..];
        assert_eq!(bits.len(), 2 * 10);
        assert!(bits.chunks(2).all(|row| row[1] & 0b0011_1111 == 0));
    }

    #[test]
    fn known_points_are_classified() {
        assert!(in_set(0.0, 0.0));
        assert!(in_set(-1.0, 0.0));
        assert!(!in_set(1.0, 1.0));
        assert!(!in_set(0.5, 0.0));
    }

    #[test]
    fn parallel_rows_draw_the_same_bitmap() {
        for n in [0, 1, 10, 16, 200] {
            assert_eq!(run_par(n), run(n), "n = {n}");
        }
    }

    #[test]
    fn kernel_returns_bytes_output() {
        let mut kernel = Mandelbrot.rust(16);
        assert_eq!(kernel.run(), Output::Bytes(run(16)));
    }
}
