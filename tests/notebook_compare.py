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
