"""Benchmark: the threat engine at the speeds a slider and a sweep need.

Run:  BOT_CORE_DATA_DIR=../shared/data python benchmarks/bench_threat.py

Prints: building the criteria for every directed dyad-year (once per criteria setting);
recomputing the threat index for all of them after a weight change (target < 100 ms);
top_threats for one state-year (target < 10 ms); a 1,000-weighting sweep over every alliance
onset, under each functional form (target < 60 s); the process's peak memory (target < 2 GiB).
"""

from __future__ import annotations

import resource
import time

import numpy as np

from bot_core import evaluate, threat, top_threats


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def ms(times: list[float]) -> str:
    return f"median {np.median(times) * 1e3:.1f} ms, max {max(times) * 1e3:.1f} ms over {len(times)}"


def main() -> None:
    t = time.perf_counter()
    m = threat.model()
    print(f"criteria + model for {len(m.frame):,} directed dyad-years: {time.perf_counter() - t:.2f} s (once)")
    rng = np.random.default_rng(1)
    for form in threat.FORMS:
        w = iter(rng.dirichlet(np.ones(4), size=50))
        print(f"recompute the index, all dyad-years, new weights, {form}: {ms(timed(lambda: m.threat(next(w), form), 50))} [target < 100 ms]")
    w = iter(rng.dirichlet(np.ones(4), size=50))
    print(f"  ... and each state-year's top threat too: {ms(timed(lambda: m.top(m.threat(next(w))), 50))}")
    years = iter(rng.integers(1816, 2017, size=200))
    print(f"top_threats(USA, year): {ms(timed(lambda: top_threats(2, int(next(years))), 200))} [target < 10 ms]")
    evaluate.score(permutations=0)  # build the onset context once
    t = time.perf_counter()
    sw = evaluate.sweep(n=1000, seed=0)
    took = time.perf_counter() - t
    wins = {k: f"{v:.1%}" for k, v in sw.attrs["share_threat_wins"].items()}
    print(f"sweep: 1,000 weightings x {sw.form.nunique()} forms over {evaluate._context(('defense', 'offense'), 1).n_onsets:,} "
          f"onsets: {took:.1f} s [target < 60 s]; balance of threat beats balance of power in {wins}")
    print(f"peak memory (max resident set): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB [target < 2048 MiB]")


if __name__ == "__main__":
    main()
