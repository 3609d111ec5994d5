"""Benchmark: the notebook regression test's comparison on megabyte outputs.

Run:  python benchmarks/bench_compare.py

Prints the time ``notebook_compare.differences`` takes to find one changed number in ~3 MB of chart
data (target < 2 s: a chapter's stored charts must not make its regression test slow). The test
suite checks only that the change is found and reported briefly; the time is measured here.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "book"))
from notebook_compare import differences  # noqa: E402


def _nb(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)]
    nb.cells = [cell]
    return nb


def main() -> None:
    big = "".join(f'{{"x": {i}, "y": {i / 7}}},' for i in range(100_000))
    stored, new = _nb(big), _nb(big.replace('"x": 99999', '"x": 99998'))
    times = []
    for _ in range(5):
        start = time.perf_counter()
        found = differences(stored, new)
        times.append(time.perf_counter() - start)
    assert found
    print(f"notebook comparison, one change in {len(big) / 1e6:.1f} MB of output: median "
          f"{statistics.median(times):.2f} s, max {max(times):.2f} s over {len(times)} [target < 2 s]")


if __name__ == "__main__":
    main()
