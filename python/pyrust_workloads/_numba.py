"""The ``python_jit`` variants: each workload's pure-Python algorithm, written as Numba users
write it (typed numpy arrays, plain loops) and compiled with ``numba.njit`` (nopython mode,
one thread, no ``fastmath``).

This module imports numba and numpy at the top, so that importing it is what fails without
them: a workload's ``setup_python_jit`` imports it, and the variant is skipped, never failed,
where numba is missing. Compilation happens on a kernel's first call, which is the
equivalence check; the harness records that call's time as ``first_call_ns`` and keeps it out
of the timing.

Every kernel does the arithmetic of its workload's ``python`` in the same order, and its
wrapper returns the same output. The one change of form is ``nqueens``: the backtracking
visits the same squares in the same order, with its stack in arrays instead of recursive
calls, because a recursive ``njit`` function cannot call itself by its module-level name.
"""

from math import pi, sqrt

import numba
import numpy as np

from . import nbody as _nbody_module

SOLAR_MASS = 4.0 * pi * pi


@numba.njit(cache=False)
def _nbody(n, position0, velocity0, mass, dt):
    position = position0.copy()
    velocity = velocity0.copy()
    bodies = mass.shape[0]
    px = py = pz = 0.0
    for i in range(bodies):
        px += velocity[i, 0] * mass[i]
        py += velocity[i, 1] * mass[i]
        pz += velocity[i, 2] * mass[i]
    velocity[0, 0] = -px / SOLAR_MASS
    velocity[0, 1] = -py / SOLAR_MASS
    velocity[0, 2] = -pz / SOLAR_MASS
    for _ in range(n):
        for i in range(bodies):
            for j in range(i + 1, bodies):
                dx = position[i, 0] - position[j, 0]
                dy = position[i, 1] - position[j, 1]
                dz = position[i, 2] - position[j, 2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * sqrt(d2))
                b2m = mass[j] * mag
                velocity[i, 0] -= dx * b2m
                velocity[i, 1] -= dy * b2m
                velocity[i, 2] -= dz * b2m
                b1m = mass[i] * mag
                velocity[j, 0] += dx * b1m
                velocity[j, 1] += dy * b1m
                velocity[j, 2] += dz * b1m
        for i in range(bodies):
            position[i, 0] += dt * velocity[i, 0]
            position[i, 1] += dt * velocity[i, 1]
            position[i, 2] += dt * velocity[i, 2]
    e = 0.0
    for i in range(bodies):
        vx, vy, vz = velocity[i, 0], velocity[i, 1], velocity[i, 2]
        e += 0.5 * mass[i] * (vx * vx + vy * vy + vz * vz)
        for j in range(i + 1, bodies):
            dx = position[i, 0] - position[j, 0]
            dy = position[i, 1] - position[j, 1]
            dz = position[i, 2] - position[j, 2]
            e -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz)
    return e


def nbody_inputs():
    """The bodies of ``nbody.make_bodies()`` as arrays: positions, velocities, masses."""
    bodies = _nbody_module.make_bodies()
    return (
        np.array([b[0] for b in bodies], dtype=np.float64),
        np.array([b[1] for b in bodies], dtype=np.float64),
        np.array([b[2] for b in bodies], dtype=np.float64),
    )


def nbody(n, position, velocity, mass):
    """The energy after ``n`` steps, as ``nbody.python(n)`` returns it."""
    return _nbody(n, position, velocity, mass, _nbody_module.DT)


@numba.njit(cache=False)
def _spectral_norm(n):
    tri_a = np.empty(2 * n, np.int64)  # T(k) + 1
    tri_at = np.empty(2 * n, np.int64)  # T(k + 1)
    for k in range(2 * n):
        tri_a[k] = k * (k + 1) // 2 + 1
        tri_at[k] = (k + 1) * (k + 2) // 2
    u = np.ones(n)
    v = np.empty(n)
    half = np.empty(n)
    for _ in range(10):
        for step in range(2):
            # v = AtA u, then u = AtA v: A times the vector, then At times that.
            source = u if step == 0 else v
            target = v if step == 0 else u
            for part in range(2):
                x = source if part == 0 else half
                y = half if part == 0 else target
                tri = tri_a if part == 0 else tri_at
                sign = 1 if part == 0 else -1
                for i in range(n):
                    d = sign * i
                    s = 0.0
                    for j in range(n):
                        s += x[j] / (tri[i + j] + d)
                    y[i] = s
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
    for i in range(n):
        vv += v[i] * v[i]
    return sqrt(vbv / vv)


def spectral_norm(n):
    """The norm, as ``spectral_norm.python(n)`` returns it."""
    return _spectral_norm(n)


@numba.njit(cache=False)
def _mandelbrot_rows(n, max_iter, limit):
    row_bytes = (n + 7) // 8
    out = np.zeros(n * row_bytes, np.uint8)
    for y in range(n):
        ci = 2.0 * y / n - 1.0
        at = y * row_bytes
        byte = 0
        bits = 0
        for x in range(n):
            cr = 2.0 * x / n - 1.5
            zr = zi = tr = ti = 0.0
            inside = 1
            for _ in range(max_iter):
                zi = 2.0 * zr * zi + ci
                zr = tr - ti + cr
                tr = zr * zr
                ti = zi * zi
                if tr + ti > limit:
                    inside = 0
                    break
            byte = (byte << 1) | inside
            bits += 1
            if bits == 8:
                out[at] = byte
                at += 1
                byte = 0
                bits = 0
        if bits:
            out[at] = byte << (8 - bits)
    return out


def mandelbrot(n):
    """The PBM file, as ``mandelbrot.python(n)`` returns it."""
    from . import mandelbrot as m

    return m._header(n) + _mandelbrot_rows(n, m.MAX_ITER, m.LIMIT_SQUARED).tobytes()


@numba.njit(cache=False)
def _fannkuch(n):
    perm1 = np.arange(n)
    perm = np.empty(n, np.int64)
    count = np.zeros(n, np.int64)
    checksum = 0
    max_flips = 0
    even = True
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        k = perm1[0]
        if k:
            perm[:] = perm1
            flips = 0
            while k:
                i, j = 0, k
                while i < j:
                    perm[i], perm[j] = perm[j], perm[i]
                    i += 1
                    j -= 1
                flips += 1
                k = perm[0]
            max_flips = max(max_flips, flips)
            if even:
                checksum += flips
            else:
                checksum -= flips
        even = not even
        while True:
            if r == n:
                return checksum, max_flips
            first = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def fannkuch_redux(n):
    """The definition's two lines, as ``fannkuch_redux.python(n)`` returns them."""
    from . import fannkuch_redux as f

    n = max(n, 1)
    return f._report(n, _fannkuch(n))


@numba.njit(cache=False)
def _nqueens(n):
    if n == 0:
        return 1
    full = (1 << n) - 1
    cols = np.zeros(n + 1, np.int64)
    left = np.zeros(n + 1, np.int64)
    right = np.zeros(n + 1, np.int64)
    avail = np.zeros(n + 1, np.int64)
    avail[0] = full
    depth = 0
    count = 0
    while depth >= 0:
        free = avail[depth]
        if free == 0:
            depth -= 1
            continue
        bit = free & -free
        avail[depth] = free ^ bit
        c = cols[depth] | bit
        if c == full:
            count += 1
        else:
            lft = (left[depth] | bit) << 1
            rgt = (right[depth] | bit) >> 1
            depth += 1
            cols[depth] = c
            left[depth] = lft
            right[depth] = rgt
            avail[depth] = full & ~(c | lft | rgt)
    return count


def nqueens(n):
    """The number of solutions, as ``nqueens.python(n)`` returns it."""
    return int(_nqueens(n))
