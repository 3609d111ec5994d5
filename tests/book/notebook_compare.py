"""Compare a chapter's stored outputs with a fresh execution as a reader sees them.

A stored output and a new one are the same when their text is the same once each number in
them is read as a number and two numbers count as equal if they differ by no more than float
noise: ``|a - b| <= REL * max(|a|, |b|) + ABS``. Everything else must match exactly: words,
labels, the structure of a chart's spec, every count, and every number that differs by more
than noise (a count of 352 against 353, a share of 0.873 against 0.874, a chart value that
moved). Why numbers rather than rounding: rounding both sides to N digits still fails when
float noise carries a value across a rounding boundary (0.12345 against 0.1234499999999), and
with tens of thousands of numbers in a book's charts that happens; a tolerance never does.

The tolerance (``REL = 1e-9``) is seven orders of magnitude above the noise of a processor's
rounding (about 1e-16 relative, a few units in the last place, a little more after a
subtraction) and far below anything the book displays (three or four significant digits).
"""

from __future__ import annotations

import copy
import math
import re

from nbformat import NotebookNode

REL = 1e-9
ABS = 1e-12

# A number standing on its own: not part of a word or hex id (``58ec9e46``), of a longer number,
# or of a name such as ``x1``; with an optional sign, decimals and exponent.
NUMBER = re.compile(r"(?<![\w.])-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")


def numbers_close(a: str, b: str) -> bool:
    """Two numbers written as text are equal up to float noise (both must parse)."""
    if a == b:
        return True
    x, y = float(a), float(b)
    if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
        return False
    return abs(x - y) <= REL * max(abs(x), abs(y)) + ABS


def same_up_to_noise(stored: str, new: str) -> bool:
    """``new`` reads as ``stored``: the same text between the numbers, and numbers equal up to
    float noise (see the module docstring)."""
    if stored == new:
        return True
    a, b = NUMBER.split(stored), NUMBER.split(new)
    if a != b:  # the words, punctuation and structure between the numbers
        return False
    xs, ys = NUMBER.findall(stored), NUMBER.findall(new)
    return len(xs) == len(ys) and all(numbers_close(x, y) for x, y in zip(xs, ys))


def _texts(value):
    """A MIME value as one string (notebooks store text as a string or a list of lines)."""
    return "".join(value) if isinstance(value, list) else value


def coalesce_streams(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` in which consecutive stream outputs of one cell to the same stream are one
    output: how a kernel splits printed text into messages depends on timing, not on the text."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] = _texts(merged[-1]["text"]) + _texts(out["text"])
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged
    return nb


def align(stored: NotebookNode, new: NotebookNode) -> NotebookNode:
    """A copy of ``new`` in which every output text that reads as the stored one (up to float
    noise) is replaced by the stored text, so that a diff of the two shows real changes only."""
    new = copy.deepcopy(new)
    for cell_a, cell_b in zip(stored.cells, new.cells):
        if cell_a.get("cell_type") != "code" or cell_b.get("cell_type") != "code":
            continue
        for out_a, out_b in zip(cell_a.get("outputs", []), cell_b.get("outputs", [])):
            if out_a.get("output_type") != out_b.get("output_type"):
                continue
            if "text" in out_a and "text" in out_b:
                if same_up_to_noise(_texts(out_a["text"]), _texts(out_b["text"])):
                    out_b["text"] = out_a["text"]
            data_a, data_b = out_a.get("data", {}), out_b.get("data", {})
            for mime in set(data_a) & set(data_b):
                va, vb = data_a[mime], data_b[mime]
                if isinstance(va, (str, list)) and isinstance(vb, (str, list)):
                    if same_up_to_noise(_texts(va), _texts(vb)):
                        data_b[mime] = va
    return new


def _matches(path: tuple, pattern: tuple) -> bool:
    return len(path) == len(pattern) and all(p == "*" or p == str(k) for k, p in zip(path, pattern))


def _excerpt(a: str, b: str, width: int = 100) -> tuple[str, str]:
    """The stretch of two texts around their first difference."""
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    lo = max(0, i - width // 2)
    return (("…" if lo else "") + a[lo:i + width // 2], ("…" if lo else "") + b[lo:i + width // 2])


_TOKEN = re.compile(r"\w+|\W")


def _stretches(a: str, b: str, n: int = 3) -> list[tuple[str, str]]:
    """Up to ``n`` stretches where two texts differ: token by token when both have the same
    tokens (a chart whose id and a few values changed shows each), else the first difference."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if len(ta) != len(tb):
        return [_excerpt(a, b)]
    out, last = [], -100
    for k, (x, y) in enumerate(zip(ta, tb)):
        if x != y and k > last + 20:
            out.append(("".join(ta[max(0, k - 20):k + 20]), "".join(tb[max(0, k - 20):k + 20])))
            last = k
            if len(out) == n:
                break
    return out


def differences(stored, new, ignore: tuple[str, ...] = (), limit: int = 20) -> list[str]:
    """Where two notebooks (as dicts) differ, as readable lines: the path (``/cells/12/outputs/0/
    data/text/html``) and, for text, the stretch around the first differing character.

    Paths in ``ignore`` are patterns like ``/cells/*/execution_count`` (``*`` is any one step).
    Linear in the size of the notebooks: a failure is reported in a second, even for chapters
    whose charts embed megabytes of data (a character-level diff of those takes minutes)."""
    patterns = [tuple(p.strip("/").split("/")) for p in ignore]
    found: list[str] = []

    def walk(a, b, path):
        if len(found) >= limit or any(_matches(path, p) for p in patterns):
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(set(a) | set(b), key=str):
                if k not in a or k not in b:
                    if not any(_matches(path + (k,), p) for p in patterns):
                        found.append(f"/{'/'.join(map(str, path + (k,)))}: " + ("added" if k not in a else "removed"))
                else:
                    walk(a[k], b[k], path + (k,))
        elif isinstance(a, list) and isinstance(b, list) and not (
                all(isinstance(x, str) for x in a) and all(isinstance(x, str) for x in b)):
            for k, (x, y) in enumerate(zip(a, b)):
                walk(x, y, path + (k,))
            if len(a) != len(b):
                found.append(f"/{'/'.join(map(str, path))}: {len(a)} items stored, {len(b)} now")
        else:
            sa, sb = (_texts(a) if isinstance(a, (str, list)) else a), (_texts(b) if isinstance(b, (str, list)) else b)
            if sa != sb:
                where = "/" + "/".join(map(str, path))
                if isinstance(sa, str) and isinstance(sb, str):
                    found.append(f"{where}:" + "".join(f"\n    stored: {xa!r}\n    now:    {xb!r}"
                                                       for xa, xb in _stretches(sa, sb)))
                else:
                    found.append(f"{where}: stored {sa!r}, now {sb!r}")

    walk(stored, new, ())
    return found
