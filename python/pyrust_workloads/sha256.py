"""SHA-256: the digest of ``n`` bytes, as defined by FIPS 180-4 (Secure Hash Standard).

The input is ``n`` bytes from the shared generator (``_data.Lcg``), the low eight bits of
each raw value, built by ``setup(n)`` before timing. Both variants return the digest as 64
lowercase hex digits.

``python(data)`` is SHA-256 written from FIPS 180-4, section 6.2, in pure Python: the
message is padded (``0x80``, zeros, the 64-bit big-endian bit length), each 64-byte block is
unpacked into sixteen 32-bit words, the schedule is extended to 64 words, and 64 rounds run
on local variables. Rotations are ``x >> r | x << (32 - r)`` on ints below ``2**32``; the
bits that spill above bit 31 are masked off only where a value is stored (``& 0xFFFFFFFF``),
since sums and xors never carry them down. ``Ch`` and ``Maj`` use their three-operation
forms. ``python_c(data)`` is ``hashlib.sha256`` (OpenSSL, which uses the CPU's SHA
instructions where present), the way Python hashes.

The Rust variant (``src/workload/sha256.rs``) is the ``sha2`` crate.

``hybrid(data)`` passes the same bytes to the Rust kernel, ``pyrust_kernels.sha256(data)`` (the
``sha2`` crate), which reads them in place. Called from ``hybrid``, the kernel is the Rust
variant's own code behind the PyO3 module ``pyrust_kernels`` (``src/hybrid/kernels.rs``); its
timing includes crossing the boundary.
"""

import hashlib
from struct import pack, unpack

from ._data import Lcg
from ._kernels import pyrust_kernels

DEFAULT_N = 250_000

# The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
K = (
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
    0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
    0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
    0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
    0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
    0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
    0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
)  # fmt: skip

# The first 32 bits of the fractional parts of the square roots of the first 8 primes.
H0 = (
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
)  # fmt: skip

MASK = 0xFFFFFFFF


def setup(n):
    """The message: ``n`` bytes, the low byte of each successive raw value of the generator."""
    lcg = Lcg()
    return (bytes([lcg.next_raw() & 0xFF for _ in range(n)]),)


def pad(data):
    """``data`` padded to a multiple of 64 bytes: ``0x80``, zeros, the length in bits."""
    return (
        data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + pack(">Q", 8 * len(data))
    )


def python(data):
    """The SHA-256 digest of ``data`` as hex, computed in pure Python."""
    msg = pad(data)
    h0, h1, h2, h3, h4, h5, h6, h7 = H0
    m = MASK
    k = K
    for offset in range(0, len(msg), 64):
        w = list(unpack(">16I", msg[offset : offset + 64]))
        for t in range(16, 64):
            x = w[t - 15]
            y = w[t - 2]
            w.append(
                (
                    w[t - 16]
                    + ((x >> 7 | x << 25) ^ (x >> 18 | x << 14) ^ (x >> 3))
                    + w[t - 7]
                    + ((y >> 17 | y << 15) ^ (y >> 19 | y << 13) ^ (y >> 10))
                )
                & m
            )
        a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
        for kt, wt in zip(k, w):
            t1 = (
                h
                + ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7))
                + (g ^ (e & (f ^ g)))
                + kt
                + wt
            )
            t2 = ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + (
                (a & b) | (c & (a | b))
            )
            h = g
            g = f
            f = e
            e = (d + t1) & m
            d = c
            c = b
            b = a
            a = (t1 + t2) & m
        h0 = (h0 + a) & m
        h1 = (h1 + b) & m
        h2 = (h2 + c) & m
        h3 = (h3 + d) & m
        h4 = (h4 + e) & m
        h5 = (h5 + f) & m
        h6 = (h6 + g) & m
        h7 = (h7 + h) & m
    return pack(">8I", h0, h1, h2, h3, h4, h5, h6, h7).hex()


def python_c(data):
    """The SHA-256 digest of ``data`` as hex, by ``hashlib`` (OpenSSL)."""
    return hashlib.sha256(data).hexdigest()


def hybrid(data):
    """The SHA-256 digest of ``data`` as hex, from the Rust kernel (``sha2``)."""
    return pyrust_kernels.sha256(data)


if __name__ == "__main__":
    print(python(*setup(DEFAULT_N)))
