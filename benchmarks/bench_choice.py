"""Benchmark: the partner-choice model (issue 14): build, fit, and a 200-replicate bootstrap (target
<= 2 min for the fit and the bootstrap together on the project's 2-core machine; peak < 1 GiB).

Run:  BOT_CORE_DATA_DIR=../shared/data python benchmarks/bench_choice.py

Prints: the time to build the choice data (``bot_core.choice.choice_data()``: ATOP defence
treaties, every signature and accession, every COW system member an alternative; the four criteria
and every covariate of the years needed); the time of one fit of the threat model (the weights
inside the likelihood); the time of the fit and 200 bootstrap replicates by treaty (seeded)
[target <= 120 s]; the out-of-sample scoring of every model of ``bot_core.choice.MODELS`` on both
splits (200 resamples each); the model object's fit with clustered errors
(``choice.PartnerChoice(data).fit(cov_type="cluster")``: one fit, one Hessian, the treaty scores);
and the process's peak resident memory [target < 1024 MiB].
"""

from __future__ import annotations

import resource
import time

from bot_core import choice


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    t = time.perf_counter()
    data = choice.choice_data()
    groups = data.groups
    print(f"choice data: {len(data.rows):,} rows, {len(groups):,} groups, {groups.event_id.nunique():,} events, "
          f"{groups.atopid.nunique():,} treaties: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    fitted = choice.fit(data)
    print(f"fit (threat model, weights estimated): {time.perf_counter() - t:.2f} s, {fitted.iterations} iterations, "
          f"converged {fitted.converged}")
    t = time.perf_counter()
    boot = choice.bootstrap(data, n=200, seed=0)
    took = time.perf_counter() - t
    print(f"fit + 200 bootstrap replicates: {took:.1f} s [target <= 120 s], "
          f"{int(boot.draws.converged.sum())}/200 converged")
    t = time.perf_counter()
    choice.out_of_sample(data, n_boot=200)
    print(f"out of sample, {len(choice.MODELS)} models x {len(choice.SPLITS)} splits, 200 resamples: "
          f"{time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    res = choice.PartnerChoice(data).fit(cov_type="cluster")
    print(f"PartnerChoice(...).fit(cov_type='cluster'): {time.perf_counter() - t:.1f} s, {res.n_clusters} treaties")
    print(f"peak memory: {_peak_mib():.0f} MiB [target < 1024 MiB]")


if __name__ == "__main__":
    main()
