"""JSON round trip: parse a generated JSON document, then serialize what was parsed.

The input (built untimed by ``document(n)``, byte for byte the text that
``src/workload/json_roundtrip.rs`` builds) is a compact JSON array of ``n`` records drawn with
the shared generator (``_data.Lcg``): objects whose keys come from a fixed, sorted vocabulary,
arrays, strings (lowercase words, with some escapes and non-ASCII letters), integers, floats
with up to 3 decimals, booleans and null, nested up to 4 levels. About 1 MB at the default
``n``. Keys are written in sorted order, because ``serde_json``'s map (without its
``preserve_order`` feature) iterates its keys sorted; floats and strings are written in the
canonical form both serializers produce. Serializing the parsed document therefore gives back
the input text exactly, in every variant.

Timed: ``loads`` of the text, then ``dumps`` of the result, compact (``separators=(",", ":")``)
and UTF-8 (``ensure_ascii=False``), which is the format of ``serde_json::to_string``. Each
variant returns ``(parsed, text)``; ``canonical`` turns that, untimed, into a digest of the
parsed structure plus the length of the text in UTF-8 bytes.

``python_c`` is the ``json`` module as everyone uses it, C-accelerated by ``_json``.
``python`` is the standard library's own pure-Python implementation of the same module
(``json.decoder.py_scanstring``, ``json.scanner.py_make_scanner``, the pure-Python
``json.encoder`` without ``c_make_encoder``), loaded the way CPython's own test suite loads it
(``import_fresh_module("json", blocked=["_json"])``) by ``pure_json()``.

``hybrid(text)`` is one call to the Rust kernel, ``pyrust_kernels.json_roundtrip(text)``:
``serde_json`` parses and serializes, and the parsed value comes back as the same ``dict``s,
``list``s, ``str``s, numbers, booleans and ``None`` that ``json.loads`` makes, with the text;
the result is ``(parsed, text)`` as in the other variants. Called from ``hybrid``, the kernel
is the Rust variant's own code behind the PyO3 module ``pyrust_kernels``
(``src/hybrid/kernels.rs``); its timing includes crossing the boundary.
"""

import importlib
import json
import struct
import sys

from ._data import Lcg, fnv1a_words
from ._kernels import pyrust_kernels

DEFAULT_N = 1_300

# Object keys: every object uses a subset of these, in this (sorted) order.
KEYS = (
    "active",
    "address",
    "amount",
    "balance",
    "city",
    "code",
    "comment",
    "count",
    "created",
    "data",
    "email",
    "enabled",
    "id",
    "items",
    "label",
    "level",
    "name",
    "note",
    "owner",
    "price",
    "rating",
    "score",
    "status",
    "tags",
    "title",
    "type",
    "updated",
    "value",
    "version",
    "weight",
)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Characters other than letters, as they appear in the JSON text.
SPECIALS = ("\u00e9", "\u00fc", "\u00df", "\u20ac", "\\n", '\\"', "\\\\", "\\t")
MAX_DEPTH = 4


class _Writer:
    """Appends JSON text drawn from the generator; the twin of ``Writer`` in the Rust file."""

    def __init__(self):
        self.lcg = Lcg()
        self.out = []

    def below(self, k):
        """A value in ``0..k`` from the generator's next state (its high part)."""
        return self.lcg.below(k)

    def value(self, depth):
        kind = self.below(16) if depth < MAX_DEPTH else 0
        if kind < 12:
            self.scalar()
        elif kind < 14:
            self.array(depth + 1)
        else:
            self.object(depth + 1, 6)

    def scalar(self):
        kind = self.below(10)
        out = self.out
        if kind == 0:
            out.append("null")
        elif kind == 1:
            out.append("true")
        elif kind == 2:
            out.append("false")
        elif kind < 5:
            if self.below(3) == 0:
                out.append(str(self.below(2000) - 1000))
            else:
                out.append(
                    str(self.lcg.next_raw() * self.lcg.next_raw() - 5_000_000_000)
                )
        elif kind < 7:
            sign = "-" if self.below(4) == 0 else ""
            whole = self.below(100_000) if self.below(2) == 0 else self.below(10)
            frac = f"{1 + self.below(999):03}".rstrip("0")
            out.append(f"{sign}{whole}.{frac}")
        else:
            self.string()

    def string(self):
        out = self.out
        out.append('"')
        for w in range(1 + self.below(4)):
            if w:
                out.append(" ")
            for _ in range(2 + self.below(9)):
                c = self.below(128)
                out.append(LETTERS[c % 26] if c < 120 else SPECIALS[c - 120])
        out.append('"')

    def array(self, depth):
        out = self.out
        out.append("[")
        for i in range(self.below(6)):
            if i:
                out.append(",")
            self.value(depth)
        out.append("]")

    def object(self, depth, one_in):
        out = self.out
        out.append("{")
        first = True
        for key in KEYS:
            if self.below(one_in) == 0:
                if not first:
                    out.append(",")
                first = False
                out.append(f'"{key}":')
                self.value(depth)
        out.append("}")


def document(n):
    """The JSON text of ``n`` records: a compact array of objects."""
    w = _Writer()
    w.out.append("[")
    for i in range(n):
        if i:
            w.out.append(",")
        w.object(1, 3)
    w.out.append("]")
    return "".join(w.out)


def pure_json():
    """A fresh import of the ``json`` package with the ``_json`` C accelerator blocked: the
    standard library's pure-Python decoder, scanner and encoder. ``sys.modules`` is restored
    afterwards, so the ordinary ``json`` stays what everyone else imports."""
    names = [m for m in sys.modules if m in ("json", "_json") or m.startswith("json.")]
    saved = {m: sys.modules.pop(m) for m in names}
    sys.modules["_json"] = None  # makes `from _json import ...` raise ImportError
    try:
        pure = importlib.import_module("json")
    finally:
        for m in [m for m in sys.modules if m == "json" or m.startswith("json.")]:
            del sys.modules[m]
        del sys.modules["_json"]
        sys.modules.update(saved)
    # PyPy's json has no C accelerator, and so none of these names: it is pure Python there.
    for module, name in [
        (pure.decoder, "c_scanstring"),
        (pure.scanner, "c_make_scanner"),
        (pure.encoder, "c_make_encoder"),
        (pure.encoder, "c_encode_basestring"),
    ]:
        assert getattr(module, name, None) is None, f"{module.__name__}.{name}"
    return pure


def setup(n):
    return (document(n),)


def setup_python(n):
    return (document(n), pure_json())


def python_c(text):
    """Parse with the C-accelerated ``json``, then serialize compact UTF-8 text."""
    parsed = json.loads(text)
    return parsed, json.dumps(parsed, ensure_ascii=False, separators=(",", ":"))


def python(text, pyjson):
    """The same with ``pyjson``, the standard library's pure-Python ``json``."""
    parsed = pyjson.loads(text)
    return parsed, pyjson.dumps(parsed, ensure_ascii=False, separators=(",", ":"))


# Tags of the canonical traversal, one 64-bit word each (as in the Rust file).
NULL, TRUE, FALSE, INT, FLOAT, STRING, ARRAY, OBJECT = range(8)


def _stream(value, out):
    """Appends the canonical traversal of ``value`` to ``out`` as little-endian 64-bit
    words: a tag, then for int/float its 8 bytes, for a string its UTF-8 length and bytes
    (zero-padded to whole words), for arrays and objects their length and then their items
    (objects: key, value, in order)."""
    t = type(value)
    if t is str:
        b = value.encode()
        out += struct.pack("<QQ", STRING, len(b))
        out += b
        out += bytes(-len(b) % 8)
    elif t is int:
        out += struct.pack("<Qq", INT, value)
    elif t is float:
        out += struct.pack("<Qd", FLOAT, value)
    elif t is bool:
        out += struct.pack("<Q", TRUE if value else FALSE)
    elif value is None:
        out += struct.pack("<Q", NULL)
    elif t is list:
        out += struct.pack("<QQ", ARRAY, len(value))
        for item in value:
            _stream(item, out)
    elif t is dict:
        out += struct.pack("<QQ", OBJECT, len(value))
        for key, item in value.items():
            _stream(key, out)
            _stream(item, out)
    else:
        raise TypeError(f"not a JSON value: {t.__name__}")


def canonical(result):
    """``"<digest of the parsed structure, 16 hex digits> <length of the text in bytes>"``."""
    parsed, text = result
    out = bytearray()
    _stream(parsed, out)
    return f"{fnv1a_words(out):016x} {len(text.encode())}"


def hybrid(text):
    """``(parsed, text)`` from the Rust kernel: serde_json, then the value as Python objects."""
    return pyrust_kernels.json_roundtrip(text)


if __name__ == "__main__":
    source = document(DEFAULT_N)
    for variant, args in (("python_c", (source,)), ("python", (source, pure_json()))):
        parsed, text = globals()[variant](*args)
        assert text == source, f"{variant}: the round trip changed the text"
        print(variant, canonical((parsed, text)))
