//! N-body: a double-precision simulation of the Jovian planets orbiting the Sun, as defined by
//! the Computer Language Benchmarks Game ("n-body"): five bodies, `offset_momentum` so that
//! the system's total momentum is zero, then `n` steps of `advance(0.01)`, each of which
//! updates the velocities pair by pair and then moves every body. The output is the total
//! energy of the system after the `n` steps (the definition prints it before and after; the
//! energy before is the output for `n = 0`).

use std::f64::consts::PI;

use super::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// The n-body workload: `n` is the number of time steps.
pub struct NBody;

impl Workload for NBody {
    fn name(&self) -> &'static str {
        "nbody"
    }

    fn category(&self) -> Category {
        Category::InterpreterBound
    }

    fn description(&self) -> &'static str {
        "n-body: floating-point simulation of the Sun and four Jovian planets"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 1_000,
            quick: 10_000,
            full: 100_000,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::C,
            Variant::Python,
            Variant::Hybrid,
            Variant::PythonJit,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        RustKernel::new(move || Output::Float(run(std::hint::black_box(n))))
    }

    fn c(&self, n: u64) -> Option<RustKernel> {
        Some(RustKernel::new(move || {
            Output::Float(crate::c::nbody(std::hint::black_box(n)))
        }))
    }
}

const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;
/// The time step of `advance`.
const DT: f64 = 0.01;

#[derive(Debug, Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

/// The Sun, Jupiter, Saturn, Uranus and Neptune: positions in AU, velocities in AU per year,
/// masses in solar masses; the literals are the definition's, digit for digit.
#[allow(clippy::excessive_precision)]
const BODIES: [Body; 5] = [
    Body {
        pos: [0.0, 0.0, 0.0],
        vel: [0.0, 0.0, 0.0],
        mass: SOLAR_MASS,
    },
    planet(
        [
            4.84143144246472090e+00,
            -1.16032004402742839e+00,
            -1.03622044471123109e-01,
        ],
        [
            1.66007664274403694e-03,
            7.69901118419740425e-03,
            -6.90460016972063023e-05,
        ],
        9.54791938424326609e-04,
    ),
    planet(
        [
            8.34336671824457987e+00,
            4.12479856412430479e+00,
            -4.03523417114321381e-01,
        ],
        [
            -2.76742510726862411e-03,
            4.99852801234917238e-03,
            2.30417297573763929e-05,
        ],
        2.85885980666130812e-04,
    ),
    planet(
        [
            1.28943695621391310e+01,
            -1.51111514016986312e+01,
            -2.23307578892655734e-01,
        ],
        [
            2.96460137564761618e-03,
            2.37847173959480950e-03,
            -2.96589568540237556e-05,
        ],
        4.36624404335156298e-05,
    ),
    planet(
        [
            1.53796971148509165e+01,
            -2.59193146099879641e+01,
            1.79258772950371181e-01,
        ],
        [
            2.68067772490389322e-03,
            1.62824170038242295e-03,
            -9.51592254519715870e-05,
        ],
        5.15138902046611451e-05,
    ),
];

/// A planet from the definition's units: velocity in AU per day, mass in solar masses.
const fn planet(pos: [f64; 3], vel_per_day: [f64; 3], solar_masses: f64) -> Body {
    Body {
        pos,
        vel: [
            vel_per_day[0] * DAYS_PER_YEAR,
            vel_per_day[1] * DAYS_PER_YEAR,
            vel_per_day[2] * DAYS_PER_YEAR,
        ],
        mass: solar_masses * SOLAR_MASS,
    }
}

/// The energy of the system after `offset_momentum` and `n` steps of `advance(0.01)`.
pub fn run(n: u64) -> f64 {
    let mut bodies = BODIES;
    offset_momentum(&mut bodies);
    for _ in 0..n {
        advance(&mut bodies, DT);
    }
    energy(&bodies)
}

/// Gives the Sun the velocity that cancels the momentum of the planets.
fn offset_momentum(bodies: &mut [Body]) {
    let mut p = [0.0; 3];
    for b in bodies.iter() {
        for (pk, vk) in p.iter_mut().zip(b.vel) {
            *pk += vk * b.mass;
        }
    }
    for (vk, pk) in bodies[0].vel.iter_mut().zip(p) {
        *vk = -pk / SOLAR_MASS;
    }
}

/// One time step: velocities from every pair's attraction, then positions.
fn advance(bodies: &mut [Body], dt: f64) {
    for i in 0..bodies.len() {
        let (head, tail) = bodies.split_at_mut(i + 1);
        let bi = &mut head[i];
        for bj in tail.iter_mut() {
            let dx = bi.pos[0] - bj.pos[0];
            let dy = bi.pos[1] - bj.pos[1];
            let dz = bi.pos[2] - bj.pos[2];
            let d2 = dx * dx + dy * dy + dz * dz;
            let mag = dt / (d2 * d2.sqrt());
            let mj = bj.mass * mag;
            bi.vel[0] -= dx * mj;
            bi.vel[1] -= dy * mj;
            bi.vel[2] -= dz * mj;
            let mi = bi.mass * mag;
            bj.vel[0] += dx * mi;
            bj.vel[1] += dy * mi;
            bj.vel[2] += dz * mi;
        }
    }
    for b in bodies.iter_mut() {
        b.pos[0] += dt * b.vel[0];
        b.pos[1] += dt * b.vel[1];
        b.pos[2] += dt * b.vel[2];
    }
}

/// Kinetic energy minus the potential energy of every pair.
fn energy(bodies: &[Body]) -> f64 {
    let mut e = 0.0;
    for (i, bi) in bodies.iter().enumerate() {
        let [vx, vy, vz] = bi.vel;
        e += 0.5 * bi.mass * (vx * vx + vy * vy + vz * vz);
        for bj in &bodies[i + 1..] {
            let dx = bi.pos[0] - bj.pos[0];
            let dy = bi.pos[1] - bj.pos[1];
            let dz = bi.pos[2] - bj.pos[2];
            e -= bi.mass * bj.mass / (dx * dx + dy * dy + dz * dz).sqrt();
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounded(x: f64) -> String {
        format!("{x:.9}")
    }

    #[test]
    fn energy_before_any_step_is_the_published_value() {
        assert_eq!(rounded(run(0)), "-0.169075164");
    }

    #[test]
    fn energy_after_1000_steps_is_the_published_value() {
        assert_eq!(rounded(run(1000)), "-0.169087605");
    }

    #[test]
    fn kernel_returns_a_float_output() {
        let mut kernel = NBody.rust(10);
        assert!(kernel.run().matches(&Output::Float(run(10))));
    }
}
