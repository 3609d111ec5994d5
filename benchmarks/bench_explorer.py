"""Benchmark: the threat index explorer (bot_core.explorer).

Run:  BOT_CORE_DATA_DIR=../shared/data python benchmarks/bench_explorer.py

Prints: the static explorer's data and chart (time to build, size of the specification, which
the page must keep small: target < 600 KB); the live widget's callback after the model is built,
for changes of each kind of control (target < 100 ms), measured kernel-side from the new value
to the Output widget holding the redrawn charts; the process's peak memory.
"""

from __future__ import annotations

import json
import resource
import time

import numpy as np

from bot_core import explorer, rendering, threat


def ms(times: list[float]) -> str:
    return f"median {np.median(times) * 1e3:.1f} ms, max {max(times) * 1e3:.1f} ms over {len(times)}"


def main() -> None:
    rendering.enable(inline=False)  # as in the book: the page, not each chart, loads vega
    t = time.perf_counter()
    threat.model()
    print(f"threat model (once per process): {time.perf_counter() - t:.2f} s")

    t = time.perf_counter()
    frame = explorer.data()
    took = time.perf_counter() - t
    print(f"explorer.data(): {len(frame):,} rows ({frame.attrs['rows_candidates']:,} candidates of "
          f"{frame.attrs['rows_all']:,} state-year targets, {frame.attrs['pairs']:,} dyads) in {took:.2f} s")
    t = time.perf_counter()
    spec = explorer.chart(frame).to_dict()
    took = time.perf_counter() - t
    print(f"explorer.chart() and its specification: {took:.2f} s, {len(json.dumps(spec)) / 1024:.0f} KiB [target < 600 KB]")

    t = time.perf_counter()
    ex = explorer.widget().explorer
    print(f"explorer.widget(), first draw included: {time.perf_counter() - t:.2f} s")
    rng = np.random.default_rng(0)
    weights = {c: [] for c in ex.weights}
    for _ in range(20):
        for c, slider in ex.weights.items():
            slider.value = float(np.round(rng.uniform(0.05, 1), 2))
            weights[c].append(ex.last_seconds)
    print(f"callback, a weight slider moved: {ms(sum(weights.values(), []))} [target < 100 ms]")
    forms = []
    for _ in range(10):
        for form in ("geometric", "additive"):
            ex.form.value = form
            forms.append(ex.last_seconds)
    print(f"callback, the form changed: {ms(forms)} [target < 100 ms]")
    years = []
    for year in rng.integers(1900, 2017, size=30):
        ex.year.value = int(year)
        years.append(ex.last_seconds)
    print(f"callback, the year slider moved: {ms(years)} [target < 100 ms]")
    states = []
    for state in (200, 365, 710, 740, 750, 666, 651, 220, 2, 20):
        ex.state.value = state
        states.append(ex.last_seconds)
    print(f"callback, another state chosen: {ms(states)} [target < 100 ms]")
    from bot_core import selection
    for name, grid in (("explorer.simplex_grid(0.01)", explorer.simplex_grid), ("selection.simplex(0.01)", selection.simplex)):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            grid(0.01)  # the finest step allowed: 176,851 weightings
            times.append(time.perf_counter() - t)
        print(f"{name}: {ms(times)} [target < 5 s]")
    print(f"peak memory (max resident set): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
