"""Benchmark: one full validation of a threat specification (target <= 1 s).

Run:  BOT_CORE_DATA_DIR=../shared/data python benchmarks/bench_validate.py

Prints: building the yardsticks (once per process, cached); one full validation of a *new*
criteria specification (``bot_core.validate.score``: the criteria of every perceiver-year the
yardsticks need, under the spec and under its input-off variant, then every yardstick by era),
median over specifications never seen before [target <= 1 s]; a re-score after a change of
weights only; and ``compare`` (the model beside five baselines) for a new specification.
"""

from __future__ import annotations

import time

import numpy as np

from bot_core import validate
from bot_core.criteria import CriteriaSpec


def main() -> None:
    t = time.perf_counter()
    cases, excluded = validate.yardsticks(with_excluded=True)
    validate.peace_pairs()
    validate._needed()
    print(f"yardsticks: {len(cases):,} cases, {len(excluded):,} excluded, peace pairs built: "
          f"{time.perf_counter() - t:.2f} s (once)")
    validate.score()  # warm the data caches the criteria share (NMC, distances, disputes)
    times = []
    for hl in np.linspace(4.0, 16.0, 7):  # every one a spec the caches have not seen
        spec = CriteriaSpec(half_life=float(hl), half_distance_km=900.0 + 10 * hl)
        t = time.perf_counter()
        validate.score(spec)
        times.append(time.perf_counter() - t)
    print(f"one full validation of a new specification: median {np.median(times):.2f} s, "
          f"max {max(times):.2f} s over {len(times)} [target <= 1 s]")
    rng = np.random.default_rng(0)
    w = iter(rng.dirichlet(np.ones(4), size=20))
    re = []
    for _ in range(20):
        t = time.perf_counter()
        validate.score(weights=next(w))
        re.append(time.perf_counter() - t)
    print(f"re-score after a change of weights: median {np.median(re) * 1e3:.0f} ms over {len(re)}")
    t = time.perf_counter()
    validate.compare(CriteriaSpec(half_life=7.5))
    print(f"compare (model and five baselines), new specification: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
