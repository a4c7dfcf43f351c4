"""N-body: the Sun and the four Jovian planets, in double precision.

The Computer Language Benchmarks Game's "n-body" definition: five bodies, ``offset_momentum``
so that the total momentum is zero, then ``n`` steps of ``advance(0.01)``, each updating the
velocities pair by pair and then moving every body. ``python(n)`` returns the total energy
after the ``n`` steps as a float (for ``n = 0``, the energy the definition prints first).

Same arithmetic, in the same order, as ``src/workload/nbody.rs``.

``hybrid(n)`` returns the same energy from the Rust kernel, ``pyrust_kernels.nbody(n)``. Called
from ``hybrid``, the kernel is the Rust variant's own code behind the PyO3 module
``pyrust_kernels`` (``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

from itertools import combinations
from math import pi, sqrt

from . import _jit
from ._kernels import pyrust_kernels

DEFAULT_N = 100_000

SOLAR_MASS = 4.0 * pi * pi
DAYS_PER_YEAR = 365.24
DT = 0.01

# (position in AU, velocity in AU per day, mass in solar masses), the definition's literals.
PLANETS = (
    (
        (4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01),
        (1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05),
        9.54791938424326609e-04,
    ),
    (
        (8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01),
        (-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05),
        2.85885980666130812e-04,
    ),
    (
        (1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01),
        (2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05),
        4.36624404335156298e-05,
    ),
    (
        (1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01),
        (2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05),
        5.15138902046611451e-05,
    ),
)


def make_bodies():
    """Fresh bodies as ``([x, y, z], [vx, vy, vz], mass)``, the Sun first."""
    bodies = [([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], SOLAR_MASS)]
    for pos, vel, mass in PLANETS:
        bodies.append(([*pos], [v * DAYS_PER_YEAR for v in vel], mass * SOLAR_MASS))
    return bodies


def offset_momentum(bodies):
    """Gives the Sun the velocity that cancels the momentum of the planets."""
    px = py = pz = 0.0
    for _, (vx, vy, vz), m in bodies:
        px += vx * m
        py += vy * m
        pz += vz * m
    sun_v = bodies[0][1]
    sun_v[0] = -px / SOLAR_MASS
    sun_v[1] = -py / SOLAR_MASS
    sun_v[2] = -pz / SOLAR_MASS


def advance(bodies, pairs, steps, dt=DT):
    """``steps`` time steps: velocities from every pair's attraction, then positions."""
    for _ in range(steps):
        for ([x1, y1, z1], v1, m1), ([x2, y2, z2], v2, m2) in pairs:
            dx = x1 - x2
            dy = y1 - y2
            dz = z1 - z2
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * sqrt(d2))
            b2m = m2 * mag
            v1[0] -= dx * b2m
            v1[1] -= dy * b2m
            v1[2] -= dz * b2m
            b1m = m1 * mag
            v2[0] += dx * b1m
            v2[1] += dy * b1m
            v2[2] += dz * b1m
        for r, [vx, vy, vz], _ in bodies:
            r[0] += dt * vx
            r[1] += dt * vy
            r[2] += dt * vz


def energy(bodies):
    """Kinetic energy minus the potential energy of every pair."""
    e = 0.0
    for i, ([x1, y1, z1], [vx, vy, vz], m1) in enumerate(bodies):
        e += 0.5 * m1 * (vx * vx + vy * vy + vz * vz)
        for [x2, y2, z2], _, m2 in bodies[i + 1 :]:
            dx = x1 - x2
            dy = y1 - y2
            dz = z1 - z2
            e -= m1 * m2 / sqrt(dx * dx + dy * dy + dz * dz)
    return e


def python(n):
    """The energy after ``offset_momentum`` and ``n`` steps of ``advance(0.01)``."""
    bodies = make_bodies()
    offset_momentum(bodies)
    advance(bodies, list(combinations(bodies, 2)), n)
    return energy(bodies)


def hybrid(n):
    """The same energy, from the Rust kernel."""
    return pyrust_kernels.nbody(n)


def setup_python_jit(n):
    """Numba's compiled kernel, ``_numba.nbody``, and its arguments. Importing ``_numba``
    needs numba: without it the variant is skipped. The kernel compiles on its first call."""
    return (_jit.kernel("nbody"), n, *_jit.kernel("nbody_inputs")())


def python_jit(kernel, *args):
    """The same energy, from this algorithm compiled by Numba (``_numba.nbody``)."""
    return kernel(*args)


if __name__ == "__main__":
    print(f"{python(DEFAULT_N):.9f}")
