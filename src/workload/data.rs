//! The shared input generator: the linear congruential generator of the Benchmarks Game's
//! fasta, used by every workload that needs data, so that Rust and Python build identical
//! inputs (`python/pyrust_workloads/_data.py` is its twin).

/// Modulus of the generator.
pub const IM: u32 = 139_968;
const IA: u32 = 3_877;
const IC: u32 = 29_573;
/// The seed every input starts from.
pub const SEED: u32 = 42;

/// `seed = (seed * 3877 + 29573) % 139968`, starting from 42.
#[derive(Debug, Clone)]
pub struct Lcg {
    seed: u32,
}

impl Default for Lcg {
    fn default() -> Self {
        Self { seed: SEED }
    }
}

impl Lcg {
    /// The next raw state, in `0..IM`.
    pub fn next_raw(&mut self) -> u32 {
        self.seed = (self.seed * IA + IC) % IM;
        self.seed
    }

    /// A value in `0..k` from the next state, scaled (its high part, not `% k`).
    pub fn below(&mut self, k: u64) -> u64 {
        u64::from(self.next_raw()) * k / u64::from(IM)
    }

    /// The next value scaled to `0.0..max`, as fasta defines it.
    pub fn next_f64(&mut self, max: f64) -> f64 {
        max * f64::from(self.next_raw()) / f64::from(IM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_values_follow_the_definition() {
        let mut lcg = Lcg::default();
        // (42 * 3877 + 29573) % 139968 = 192407 % 139968 = 52439
        assert_eq!(lcg.next_raw(), 52_439);
        assert_eq!(lcg.next_raw(), (52_439 * 3_877 + 29_573) % 139_968);
    }
}
