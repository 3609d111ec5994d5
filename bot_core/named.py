"""The cleanest test in the data: treaties that name the state they are directed against.

ATOP 5.1 records, for 121 treaties, the state or states their text names as the threat
(``statthr1``, ``statthr2``; Leeds et al. 2002). For those treaties there is no need to guess whom
the members balanced against: the treaty says so. This module asks, of every founding member and
every state its treaty names, which theory would have pointed at that state the year before
signature (:func:`cases`), and how often each does, with intervals (:func:`summary`).

Cases
    The ATOP named-threat cases of :func:`bot_core.validate.yardsticks` (founding members only;
    perceiver and named state both system members in the year before signature; its exclusions
    are listed there), with one difference: a treaty is a decision of its own, so a case that
    repeats another treaty's perceiver, named state and year (validate's "duplicate" exclusion)
    is kept here, once per treaty.

Readings (one column each, ``True`` when the reading points at the named state)
    ``threat_top1``, ``threat_top3``
        the named state is the member's top threat (in its top three) under the index
        (``spec``, ``weights``, ``form``; by default the package's validated specification);
    ``first_top1``
        the same under the book's first specification (:data:`~bot_core.criteria.ORIGINAL_SPEC`,
        equal weights, additive): the danger of the book's old argmax test;
    ``strongest``
        balance of power read as balancing the strongest state: the named state has the largest
        CINC among the states other than the member;
    ``strongest_neighbour``
        balancing the strongest neighbour: the named state has the largest CINC among the states
        within 400 miles of the member's territory (if the member has none, the strongest state);
    ``hegemon``
        Levy and Thompson's (2005) threshold: the named state is the year's hegemon
        (:func:`bot_core.choice.hegemons`), a major power with at least a third of the major
        powers' military personnel;
    ``power_any``
        any of the three balance-of-power readings;
    ``neither``
        neither the index's top threat nor any balance-of-power reading.

    ``named_member`` says whether the named state was itself ever a member of the treaty (ATOP's
    member file), which would be alignment *with* the named threat.

A reading that cannot be computed (a missing index) is ``<NA>``, never ``False``: :func:`summary`
counts those cases apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot_core import _args, alliances, choice, criteria, threat, validate
from bot_core.criteria import CriteriaSpec
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = ["READINGS", "cases", "summary"]

#: The readings :func:`summary` reports, in order.
READINGS = ("threat_top1", "threat_top3", "first_top1", "strongest", "strongest_neighbour", "hegemon",
            "power_any", "neither")


def _atop_cases() -> pd.DataFrame:
    kept, excluded = validate.yardsticks(with_excluded=True)
    kept = kept[kept.source == "atop"]
    dup = excluded[(excluded.source == "atop") & excluded.reason.str.startswith("duplicate of case")]
    dup = dup.assign(era=validate.era_of(dup.event_year), region=validate.region_of(dup.ccode1))
    out = pd.concat([kept, dup[kept.columns]], ignore_index=True)
    return out.sort_values(["id", "ccode1", "ccode2"]).reset_index(drop=True)


def _ranks(spec, weights, form, ranking="model") -> pd.Series:
    r = validate.rank_cases(spec, weights, form, ranking)
    r = r[r.source == "atop"]
    return r.set_index(["ccode1", "ccode2", "year"])["rank"]


def cases(spec: CriteriaSpec | None = None, weights=None, form: str = _DEFAULT_FORM) -> pd.DataFrame:
    """One row per treaty, founding member and named state: ``atopid``, ``ccode1`` (the member),
    ``ccode2`` (the named state), ``year`` (the year before signature), ``event_year``, ``era``,
    ``region``, the readings of the module docstring, and ``named_member``."""
    base = _atop_cases().rename(columns={"id": "atopid"})
    key = pd.MultiIndex.from_frame(base[["ccode1", "ccode2", "year"]])

    def rank(*args, ranking="model"):
        return _ranks(*args, ranking=ranking).reindex(key).to_numpy()

    model = rank(spec, weights, form)
    first = rank(criteria.ORIGINAL_SPEC, threat.ORIGINAL_WEIGHTS, threat.ORIGINAL_FORM)
    strongest = rank(None, None, _DEFAULT_FORM, ranking="strongest")
    neighbour = rank(None, None, _DEFAULT_FORM, ranking="strongest_neighbour")
    heg = choice.hegemons().reindex(base.year).to_numpy()

    def flag(values, test):
        known = ~pd.isna(values)
        out = pd.array([pd.NA] * len(values), dtype="boolean")
        out[known] = test(values[known].astype("float64"))
        return out

    out = base[["atopid", "ccode1", "ccode2", "year", "event_year", "era", "region"]].copy()
    out["threat_top1"] = flag(model, lambda r: r == 1)
    out["threat_top3"] = flag(model, lambda r: r <= 3)
    out["first_top1"] = flag(first, lambda r: r == 1)
    out["strongest"] = flag(strongest, lambda r: r == 1)
    out["strongest_neighbour"] = flag(neighbour, lambda r: r == 1)
    out["hegemon"] = pd.array(heg == out.ccode2.to_numpy(), dtype="boolean")
    out["power_any"] = out.strongest | out.strongest_neighbour | out.hegemon
    out["neither"] = ~(out.threat_top1 | out.power_any)
    spells = alliances.members()
    ever = set(zip(spells.atopid.astype("int64"), spells.member.astype("int64")))
    out["named_member"] = [(a, b) in ever for a, b in zip(out.atopid, out.ccode2)]
    out.attrs.update(spec=spec or CriteriaSpec(), weights=weights, form=form)
    return out


def _treaty_shares(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Per treaty, the share of its known cases for which each reading holds (``NaN`` if none known)."""
    g = frame.groupby("atopid", sort=True)
    return pd.DataFrame({c: g[c].apply(lambda s: s.dropna().astype(float).mean() if s.notna().any() else np.nan)
                         for c in columns})


def summary(frame: pd.DataFrame, by: str | None = "era", n_boot: int = 2000, seed: int = 0,
            level: float = 0.95) -> pd.DataFrame:
    """How often each reading points at the named state, each treaty counting once (the mean over
    treaties of the share of its cases), with a percentile interval from a bootstrap that resamples
    treaties (``n_boot`` draws, ``seed``), per group of ``by`` (``None``: all treaties). Also the
    difference of the index's ``threat_top1`` from each balance-of-power reading, paired by treaty.

    Columns: the group, ``reading``, ``treaties``, ``cases``, ``unknown`` (cases whose reading is
    missing), ``share``, ``low``, ``high``."""
    _args.frame(frame, "frame", ["atopid", *READINGS], hint="Make it with bot_core.named.cases().")
    n_boot = _args.whole(n_boot, "n_boot", 100, 100_000)
    seed = _args.whole(seed, "seed", 0)
    level = _args.number(level, "level", 0, 1, lo_open=True, hi_open=True)
    if by is not None and (not isinstance(by, str) or by not in frame.columns):
        raise _args.ArgumentError(f"by must be None (all treaties) or the name of one column of frame, such as 'era' "
                                  f"or 'region', not {_args._show(by)}.")
    groups = [(None, frame)] if by is None else list(frame.groupby(by, sort=True))
    rng = np.random.default_rng(seed)
    rows = []
    diffs = [("threat_top1 − " + r, r) for r in ("strongest", "strongest_neighbour", "hegemon", "power_any")]
    for label, g in groups:
        t = _treaty_shares(g, READINGS)
        draws = rng.integers(0, len(t), size=(n_boot, len(t)))
        values = t.to_numpy("float64")
        for j, reading in enumerate(READINGS):
            v = values[:, j]
            boot = np.array([np.nanmean(v[d]) for d in draws])
            rows.append({"group": label, "reading": reading, "treaties": int(np.isfinite(v).sum()),
                         "cases": int(g[reading].notna().sum()), "unknown": int(g[reading].isna().sum()),
                         "share": float(np.nanmean(v)), "low": float(np.nanquantile(boot, (1 - level) / 2)),
                         "high": float(np.nanquantile(boot, (1 + level) / 2))})
        for name, other in diffs:
            d = values[:, READINGS.index("threat_top1")] - values[:, READINGS.index(other)]
            boot = np.array([np.nanmean(d[x]) for x in draws])
            rows.append({"group": label, "reading": name, "treaties": int(np.isfinite(d).sum()),
                         "cases": int((g.threat_top1.notna() & g[other].notna()).sum()),
                         "unknown": int((g.threat_top1.isna() | g[other].isna()).sum()),
                         "share": float(np.nanmean(d)), "low": float(np.nanquantile(boot, (1 - level) / 2)),
                         "high": float(np.nanquantile(boot, (1 + level) / 2))})
    out = pd.DataFrame(rows)
    return out.rename(columns={"group": by}) if by is not None else out.drop(columns="group")
