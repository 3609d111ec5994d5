"""The choice data: constants, :class:`ChoiceData`, the yearly system tables and :func:`choice_data`
(see :mod:`bot_core.choice` for every rule)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bot_core import _args, alliances, criteria, datasets, panel, validate
from bot_core.criteria import CRITERIA, CriteriaSpec
from bot_core.panel.affinity import UNGA_YEARS


#: The decisions read from :func:`bot_core.alliances.events`.
KINDS = ("signed", "accession")
#: How each decision is weighted (see the module docstring).
UNITS = ("event", "treaty", "chooser")
#: The alternative sets (see the module docstring).
ALTERNATIVES = ("system", "reach")
#: The covariates of :func:`choice_data`, with what each measures (for chooser i, candidate j, year t).
COVARIATES = {
    "log_cinc_ratio": "log(CINC_j / CINC_i): j's capability relative to i's",
    "log_distance": "log(1 + km between the capitals)",
    "land_contiguity": "1 if i and j share a land border (COW direct contiguity type 1)",
    "sea_contiguity": "1 if separated by at most 400 miles of water (COW types 2-5)",
    "same_region": "1 if j is in i's COW region",
    "regime_similarity": "1 - |polyarchy_i - polyarchy_j| (V-Dem), 0 where missing",
    "regime_missing": "1 if either polyarchy score is missing",
    "un_distance": "|UN ideal point_i - ideal point_j| from 1946, 0 where missing or before 1946",
    "un_missing": "1 from 1946 where either ideal point is missing",
    "shared_rival": "1 if some state is a strategic rival (TSS) of both i and j",
    "rival": "1 if i and j are strategic rivals (TSS)",
    "allied": "1 if i and j share an ATOP alliance of any type in force in t",
    "lt_hegemon": "1 if j is the hegemon: a major power with >= 1/3 of the major powers' military personnel",
    "lt_coalition": "1 if a hegemon exists, neither i nor j is it, and j is a major power",
    "strongest_neighbour": "1 if j is the strongest (CINC) state within 400 miles of i's territory",
    "shared_strongest_neighbour": "1 if i and j have the same strongest neighbour (and j is not it)",
    "weaker_side": "1 if j is in a TSS rivalry with a state k (not i) stronger than j",
    "same_top_threat": "1 if i's and j's top threats at equal weights are the same state (the old argmax rule)",
    "major_power": "1 if j is a COW major power",
    "top_threat": "1 if j is i's top threat at equal weights",
    "civil_war_major": "major_power, where i's government fought a COW intra-state war in t (missing after the war data)",
    "civil_war_top_threat": "top_threat, where i's government fought a COW intra-state war in t (missing after the war data)",
    "joint_igos": "log(1 + IGOs shared by i and j in t, peacesciencer's count) (COW IGO, to 2014; missing after; "
                  "0 where the pair is not in the IGO data)",
    "igo_missing": "1 where the pair is not in the COW IGO data of t, to 2014 (missing after)",
    "arab_league": "1 if i and j were both members of the Arab League's pact (ATOP 3015) in t",
}
#: ATOP's treaty for the Pact of the League of Arab States (signed 22 March 1945; consultation and
#: non-aggression), whose members in a year are read from ATOP's member file.
ARAB_LEAGUE_ATOPID = 3015
_GEOGRAPHY = ("log_distance", "land_contiguity", "sea_contiguity", "same_region")
_AFFINITY = ("regime_similarity", "regime_missing", "un_distance", "un_missing")
#: The rival models: (covariates, whether the threat terms S and T are in the utility). ``"controls"``
#: is ``"threat"`` without S and T: the difference between the two is what the threat terms add.
MODELS = {
    "geography": (_GEOGRAPHY, False),
    "affinity": (_AFFINITY, False),
    "geography+affinity": (_GEOGRAPHY + _AFFINITY, False),
    "balance of power": (_GEOGRAPHY + _AFFINITY + ("log_cinc_ratio", "lt_hegemon", "lt_coalition",
                                                   "strongest_neighbour", "shared_strongest_neighbour", "weaker_side"),
                         False),
    "argmax rule": (_GEOGRAPHY + _AFFINITY + ("same_top_threat",), False),
    "controls": (_GEOGRAPHY + _AFFINITY + ("log_cinc_ratio", "shared_rival"), False),
    "threat": (_GEOGRAPHY + _AFFINITY + ("log_cinc_ratio", "shared_rival"), True),
}
#: The out-of-sample splits: (name, fitting years, scoring years), by event year.
SPLITS = (
    ("1816-1945 -> 1946-1991", (1816, 1945), (1946, 1991)),
    ("1816-1991 -> 1992-2018", (1816, 1991), (1992, alliances.LAST_YEAR)),
)
#: The criteria's specification the choice data use by default: the book's validated one
#: (:class:`bot_core.criteria.CriteriaSpec`) without its affinity discount. Affinity is in the
#: model as covariates of its own, and the discount's alliance component (an alliance in force the
#: year before) would put the outcome among the predictors.
CHOICE_SPEC = CriteriaSpec().replace(affinity_weight=0.0)
#: Border distance (km) within which a state is a neighbour: COW's widest contiguity, 400 miles.
NEIGHBOUR_KM = criteria.CONTIGUITY_KM[5]
#: Share of the major powers' military personnel that makes a hegemon (Levy & Thompson 2005).
HEGEMON_SHARE = 1 / 3
#: Bound on the softmax parameters of the weights.
THETA_BOUND = 20.0



@dataclass(frozen=True)
class ChoiceData:
    """Choice groups ready for :func:`fit`: one row per (group, candidate partner).

    Attributes
    ----------
    rows : pandas.DataFrame
        Sorted by ``group`` then ``candidate``. Columns: ``group`` (0, 1, ... in order), ``atopid``,
        ``event_id`` (the event's row in :func:`bot_core.alliances.events`), ``event``
        (``"signed"``/``"accession"``), ``date``, ``year`` (of the event), ``t`` (covariate year),
        ``chooser``, ``candidate`` (COW codes), ``chosen`` (0/1), ``weight`` (the group's weight),
        ``region`` (the candidate's COW region), the four criteria ``power`` ... ``intent`` (of the
        candidate as a threat to the chooser) and the covariates of :data:`COVARIATES`.
    shared : numpy.ndarray
        ``(len(rows), 3, 4, 4)``: per row, ``A_ij = sum_k x_ik x_jk'``, ``B_i = sum_k x_ik x_ik'``
        and ``B_j = sum_k x_jk x_jk'`` over the same third parties *k*, so that the shared threat is
        ``S_ij(w) = w'A_ij w / sqrt(w'B_i w * w'B_j w)`` (:func:`shared_threat`).
    report : pandas.DataFrame
        What was left out and why: one row per reason with a count (see the module docstring).
    settings : dict
        The arguments the data were built with.
    """

    rows: pd.DataFrame
    shared: np.ndarray
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["reason", "count"]))
    settings: dict = field(default_factory=dict)

    def __post_init__(self):
        _args.frame(self.rows, "ChoiceData.rows", ["group", "atopid", "chosen", "weight", *CRITERIA],
                    integer=["group", "atopid", "chosen"], real=["weight", *CRITERIA],
                    hint="Build choice data with bot_core.choice.choice_data().")
        shared = self.shared
        if not isinstance(shared, np.ndarray) or shared.shape != (len(self.rows), 3, 4, 4):
            raise _args.ArgumentError(f"ChoiceData.shared must be an array of shape ({len(self.rows)}, 3, 4, 4), "
                                      f"not {getattr(shared, 'shape', type(shared).__name__)}.")
        g = self.rows.group.to_numpy()
        if len(g) and (np.diff(g) < 0).any():
            raise _args.ArgumentError("ChoiceData.rows must be sorted by group.")

    @property
    def groups(self) -> pd.DataFrame:
        """One row per group: ``group``, ``atopid``, ``event_id``, ``event``, ``year``, ``chooser``,
        ``weight``, ``n_candidates``, ``n_chosen``."""
        r = self.rows
        cols = [c for c in ("group", "atopid", "event_id", "event", "year", "chooser", "weight") if c in r]
        first = r.drop_duplicates("group")[cols].reset_index(drop=True)
        agg = r.groupby("group", sort=True).chosen.agg(["size", "sum"])
        return first.assign(n_candidates=agg["size"].to_numpy(), n_chosen=agg["sum"].to_numpy())

    def _group_numbers(self, groups) -> list[int]:
        """``groups`` checked: whole numbers, each a group of these data (a lone number is one group)."""
        n = int(self.rows.group.max()) + 1 if len(self.rows) else 0
        items = _args._items(groups, _args._is_whole_type, (str, bytes, Mapping),
                             f"groups must be group numbers (0 to {n - 1}), e.g. [0, 5], not {_args._show(groups)}.")
        for g in items:
            _args.whole(g, f"groups (item {_args._show(g)})", 0, n - 1, rule=f"a group number from 0 to {n - 1}")
        return [int(g) for g in items]

    def subset(self, years: tuple[int, int] | None = None, groups=None) -> ChoiceData:
        """The groups whose event year lies in ``years`` (a tuple ``(first, last)``, both included, or
        a list of single years), or the groups listed in ``groups`` (group numbers); renumbered from
        0, weights unchanged. A selection that keeps no group is refused, saying what the data hold."""
        r = self.rows
        keep = np.ones(len(r), dtype=bool)
        if years is not None:
            span = _args.years(years, "years", span=(alliances.FIRST_YEAR, alliances.LAST_YEAR),
                               what="ATOP's years", pair_is_span=True)
            keep &= r.year.isin(span).to_numpy()
        if groups is not None:
            keep &= r.group.isin(self._group_numbers(groups)).to_numpy()
        if len(r) and not keep.any():
            raise _args.ArgumentError(
                f"subset keeps no choice group (years={_args._show(years)}, groups={_args._show(groups)}): these data's "
                f"events run {int(r.year.min())}-{int(r.year.max())}, their groups 0-{int(r.group.max())}. Choose "
                "years or groups inside them.")
        rows = r[keep].copy()
        rows["group"] = pd.factorize(rows.group, sort=True)[0].astype("int64")
        return dataclasses.replace(self, rows=rows.reset_index(drop=True), shared=self.shared[keep])


@functools.cache
def _state_table(first: int, last: int) -> pd.DataFrame:
    sy = panel.state_years(first, last)[["ccode", "year"]]
    sy = sy.pipe(panel.add_capabilities, components=("milper", "cinc")).pipe(panel.add_major_powers)
    sy = sy.pipe(panel.add_democracy).pipe(panel.add_un_affinity)
    sy["civil_war"] = _civil_war(sy.ccode, sy.year)
    sy["arab_league"] = _members_in(ARAB_LEAGUE_ATOPID, sy.ccode, sy.year)
    return sy[["ccode", "year", "milper", "cinc", "majpow", "v2x_polyarchy", "unga_ideal", "civil_war", "arab_league"]]


def _civil_war(ccode: pd.Series, year: pd.Series) -> np.ndarray:
    """1 where the state's government (side A) fought a COW intra-state war in the year (Sarkees
    and Wayman 2010), 0 where it did not, NaN after the war data's last year."""
    war = datasets.load("cow_war_intra")
    fought = pd.MultiIndex.from_frame(war.loc[war.ccodea > 0, ["ccodea", "year"]].drop_duplicates())
    out = pd.MultiIndex.from_arrays([ccode, year]).isin(fought).astype("float64")
    return np.where(year.to_numpy() > int(war.year.max()), np.nan, out)


def _members_in(atopid: int, ccode: pd.Series, year: pd.Series) -> np.ndarray:
    """Whether each state was a member of ATOP treaty ``atopid`` at some time in the year (ATOP's
    member file, :func:`bot_core.alliances._tenures`)."""
    ten = alliances._tenures()
    ten = ten[ten.atopid == atopid]
    y = year.to_numpy()
    out = np.zeros(len(y), dtype=bool)
    for m in ten.itertuples(index=False):
        last = m.end.year if pd.notna(m.end) else np.inf
        out |= (ccode.to_numpy() == m.member) & (y >= m.start.year) & (y <= last)
    return out


@dataclass
class _Year:
    """Everything about one year's system as square arrays over its states (sorted by code)."""

    states: np.ndarray
    x: np.ndarray          # (N, N, 4) criteria of column-state as a threat to row-state; NaN on the diagonal
    valid: np.ndarray      # (N, N) all four criteria known
    capdist: np.ndarray
    border: np.ndarray
    conttype: np.ndarray
    rival: np.ndarray
    allied: np.ndarray
    cinc: np.ndarray
    majpow: np.ndarray
    poly: np.ndarray
    un: np.ndarray
    civil_war: np.ndarray  # i's government fought a civil war in t (NaN after the war data)
    arab: np.ndarray       # member of the Arab League's pact in t
    igos: np.ndarray       # (N, N) shared full IGO memberships (NaN where unknown)
    top: np.ndarray        # index of each state's top threat at equal weights (-1 none)
    strongest_nb: np.ndarray
    hegemon: int

    def index(self, codes) -> np.ndarray:
        pos = np.searchsorted(self.states, codes)
        pos = np.minimum(pos, len(self.states) - 1)
        return np.where(self.states[pos] == np.asarray(codes), pos, -1)


def _years(years: Sequence[int], spec: CriteriaSpec) -> dict[int, _Year]:
    years = sorted(set(int(y) for y in years))
    out: dict[int, _Year] = {}
    st = _state_table(panel.FIRST_YEAR, panel.LAST_YEAR)
    akeys, _ = panel._alliances_by_dyad_year("either")
    igos = datasets.load("cow_igo_ndy").set_index(["ccode1", "ccode2", "year"]).dyadigos.astype("float64")
    for lo in range(0, len(years), 30):  # in chunks: the criteria of 30 years at most at a time
        chunk = years[lo:lo + 30]
        d = panel.dyad_years(chunk[0], chunk[-1])
        d = d[d.year.isin(chunk)].reset_index(drop=True)
        c = criteria.compute(d, spec=spec)
        c["conttype"] = panel._contiguity(d.ccode1, d.ccode2, d.year)
        c["rival"] = panel.add_rivalries(d[["ccode1", "ccode2", "year"]]).tss_rivalry.fillna(0).to_numpy("int8")
        lo_, hi_ = np.minimum(d.ccode1, d.ccode2), np.maximum(d.ccode1, d.ccode2)
        c["allied"] = (akeys.get_indexer(panel._dyad_key(lo_, hi_, d.year)) >= 0).astype("int8")
        c["igos"] = igos.reindex(pd.MultiIndex.from_arrays([lo_, hi_, d.year])).to_numpy("float64")
        for y, cy in c.groupby("year", sort=True):
            out[y] = _year_table(cy, st[st.year == y])
    return out


def _leader(majpow: np.ndarray, milper: np.ndarray) -> tuple[int, float]:
    """The position of the major power with the most military personnel and its share of the major
    powers' total, or ``(-1, nan)`` when no major power has personnel data."""
    mil = np.where(majpow, np.nan_to_num(milper, nan=0.0), 0.0)
    return (int(np.argmax(mil)), float(mil.max() / mil.sum())) if mil.sum() > 0 else (-1, np.nan)


def _hegemon(majpow: np.ndarray, milper: np.ndarray) -> int:
    """Levy & Thompson's hegemon: the position of the leader (:func:`_leader`) if it holds at least
    :data:`HEGEMON_SHARE` of the major powers' military personnel, or -1."""
    pos, share = _leader(majpow, milper)
    return pos if pos >= 0 and share >= HEGEMON_SHARE else -1


def military_leaders(first: int = panel.FIRST_YEAR, last: int = panel.LAST_YEAR) -> pd.DataFrame:
    """The leading major power of each year by military personnel, and its share of the major
    powers' total: columns ``year``, ``leader`` (COW code; -1 if no major power has personnel
    data), ``share``, ``majors`` (how many major powers). Levy and Thompson (2005) measure
    concentration by army sizes; COW's military personnel is the nearest measure in the data."""
    first, last = _args.year(first, "first"), _args.year(last, "last")
    if first > last:
        raise _args.ArgumentError(f"first ({first}) is after last ({last}); give the earlier year first.")
    span = [first, last]
    sy = _state_table(span[0], span[-1])
    rows = []
    for y, g in sy.groupby("year", sort=True):
        majpow = g.majpow.fillna(0).to_numpy("int8").astype(bool)
        pos, share = _leader(majpow, g.milper.to_numpy("float64"))
        rows.append({"year": int(y), "leader": int(g.ccode.iloc[pos]) if pos >= 0 else -1, "share": share,
                     "majors": int(majpow.sum())})
    return pd.DataFrame(rows)


def hegemons(first: int = panel.FIRST_YEAR, last: int = panel.LAST_YEAR) -> pd.Series:
    """Levy and Thompson's (2005) hegemon of each year, ``first`` to ``last``: the COW code of the
    major power holding at least :data:`HEGEMON_SHARE` of the major powers' military personnel
    (COW's nearest measure to their army sizes), or -1 when none does (:func:`military_leaders`).
    The balance-of-power reading of the choice model's ``lt_hegemon`` and of :mod:`bot_core.named`."""
    lead = military_leaders(first, last)
    hegemon = np.where(lead.share.to_numpy() >= HEGEMON_SHARE, lead.leader.to_numpy(), -1)
    return pd.Series(hegemon.astype("int64"), index=lead.year.to_numpy(), name="hegemon").rename_axis("year")


def _year_table(cy: pd.DataFrame, sy: pd.DataFrame) -> _Year:
    states = np.unique(np.concatenate([cy.ccode1.to_numpy(), cy.ccode2.to_numpy()]))
    n = len(states)
    a, b = np.searchsorted(states, cy.ccode1.to_numpy()), np.searchsorted(states, cy.ccode2.to_numpy())

    def square(values, fill, dtype="float64"):
        m = np.full((n, n), fill, dtype=dtype)
        m[a, b] = values
        return m

    x = np.full((n, n, 4), np.nan)
    x[a, b] = cy[list(CRITERIA)].to_numpy("float64")
    valid = ~np.isnan(x).any(axis=2)
    sy = sy.set_index("ccode").reindex(states)
    cinc = sy.cinc.to_numpy("float64")
    majpow = sy.majpow.fillna(0).to_numpy("int8").astype(bool)
    border = square(cy.border_km.to_numpy(), np.nan)
    # the top threat at equal weights (ties to the lower code: the first maximum)
    t = np.where(valid, np.nanmean(np.where(valid[..., None], x, 0.0), axis=2), -np.inf)
    top = np.where(valid.any(axis=1), np.argmax(t, axis=1), -1)
    # the strongest neighbour: the largest CINC within 400 miles of the territory
    nb = border <= NEIGHBOUR_KM
    cn = np.where(nb, cinc[None, :], -np.inf)
    strongest = np.where(nb.any(axis=1), np.argmax(cn, axis=1), -1)
    hegemon = _hegemon(majpow, sy.milper.to_numpy("float64"))
    return _Year(
        states=states, x=x, valid=valid, capdist=square(cy.capdist.to_numpy(), np.nan), border=border,
        conttype=square(cy.conttype.to_numpy(), 0, "int8"), rival=square(cy.rival.to_numpy(), 0, "int8").astype(bool),
        allied=square(cy.allied.to_numpy(), 0, "int8").astype(bool), cinc=cinc, majpow=majpow,
        poly=sy.v2x_polyarchy.to_numpy("float64"), un=sy.unga_ideal.to_numpy("float64"),
        civil_war=sy.civil_war.to_numpy("float64"), arab=sy.arab_league.fillna(False).to_numpy(bool),
        igos=square(cy.igos.to_numpy(), np.nan), top=top,
        strongest_nb=strongest, hegemon=hegemon,
    )


def _group_rows(yt: _Year, a: int, t: int, alternatives: str) -> tuple[dict, np.ndarray, np.ndarray]:
    """Covariates of every candidate of chooser ``a`` (an index into ``yt.states``); the candidate
    indices; the (n, 4, 4) shared-threat matrices."""
    n = len(yt.states)
    cand = np.flatnonzero(np.arange(n) != a)
    if alternatives == "reach":
        region = validate.region_of(yt.states)
        near = (region[cand] == region[a]) | (yt.border[a, cand] <= NEIGHBOUR_KM) | yt.majpow[cand]
        cand = cand[near]
    xz = np.where(yt.valid[..., None], yt.x, 0.0)
    v = yt.valid.astype("float64")
    xa, xb = xz[a], xz[cand]
    both = v[cand] * v[a][None, :]  # third parties k with every criterion known towards i and towards j
    shared = np.empty((len(cand), 3, 4, 4))
    shared[:, 0] = np.einsum("kc,bkd->bcd", xa, xb)                                  # sum_k x_ik x_jk'
    shared[:, 1] = np.einsum("bk,kc,kd->bcd", both, xa, xa)                          # sum_k x_ik x_ik'
    shared[:, 2] = np.einsum("k,bkc,bkd->bcd", v[a], xb, xb)                         # sum_k x_jk x_jk'
    shared[both.sum(axis=1) == 0] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(np.maximum(yt.cinc[cand], 1e-9)) - np.log(max(yt.cinc[a], 1e-9))
    with np.errstate(invalid="ignore"):
        poly = np.abs(yt.poly[cand] - yt.poly[a])
        un = np.abs(yt.un[cand] - yt.un[a])
    un_era = t >= UNGA_YEARS[0]
    ct = yt.conttype[a, cand]
    h, sn = yt.hegemon, yt.strongest_nb
    stronger = yt.cinc[None, :] > yt.cinc[cand][:, None]
    others = np.arange(n)[None, :] != a
    cols = {
        "power": yt.x[a, cand, 0], "proximity": yt.x[a, cand, 1], "offense": yt.x[a, cand, 2],
        "intent": yt.x[a, cand, 3],
        "log_cinc_ratio": log_ratio,
        "log_distance": np.log1p(yt.capdist[a, cand]),
        "land_contiguity": (ct == 1).astype("float64"),
        "sea_contiguity": ((ct >= 2) & (ct <= 5)).astype("float64"),
        "same_region": (validate.region_of(yt.states[cand]) == validate.region_of(yt.states[a])).astype("float64"),
        "regime_similarity": np.where(np.isnan(poly), 0.0, 1 - poly),
        "regime_missing": np.isnan(poly).astype("float64"),
        "un_distance": np.where(un_era & ~np.isnan(un), un, 0.0),
        "un_missing": (un_era & np.isnan(un)).astype("float64"),
        "shared_rival": (yt.rival[cand] & yt.rival[a][None, :]).any(axis=1).astype("float64"),
        "rival": yt.rival[a, cand].astype("float64"),
        "allied": yt.allied[a, cand].astype("float64"),
        "lt_hegemon": (cand == h).astype("float64") if h >= 0 else np.zeros(len(cand)),
        "lt_coalition": ((h >= 0) & (a != h) & (cand != h) & yt.majpow[cand]).astype("float64"),
        "strongest_neighbour": (cand == sn[a]).astype("float64") if sn[a] >= 0 else np.zeros(len(cand)),
        "shared_strongest_neighbour": ((sn[a] >= 0) & (sn[cand] == sn[a]) & (cand != sn[a])).astype("float64"),
        "weaker_side": (yt.rival[cand] & stronger & others).any(axis=1).astype("float64"),
        "same_top_threat": ((yt.top[a] >= 0) & (yt.top[cand] == yt.top[a])).astype("float64"),
        **_domestic_and_identity(yt, a, t, cand),
    }
    return cols, cand, shared


@functools.cache
def _igo_last_year() -> int:
    return int(datasets.load("cow_igo_ndy").year.max())


def _domestic_and_identity(yt: _Year, a: int, t: int, cand: np.ndarray) -> dict:
    """The omnibalancing covariates (the chooser's civil war, with the candidate's major-power status
    and its place as the chooser's top threat) and the markers of shared institutions."""
    major = yt.majpow[cand].astype("float64")
    top = (cand == yt.top[a]).astype("float64")
    war = yt.civil_war[a]  # NaN after the war data: the interactions are missing, not 0
    gap = np.isnan(yt.igos[a, cand])
    igo_era = t <= _igo_last_year()  # after the IGO data (2014): missing, not 0
    return {
        "major_power": major, "top_threat": top, "civil_war_major": war * major, "civil_war_top_threat": war * top,
        "joint_igos": np.where(gap, 0.0, np.log1p(yt.igos[a, cand])) if igo_era else np.full(len(cand), np.nan),
        "igo_missing": gap.astype("float64") if igo_era else np.full(len(cand), np.nan),
        "arab_league": (yt.arab[a] & yt.arab[cand]).astype("float64"),
    }


def choice_data(spec: CriteriaSpec | None = None, obligations=("defense",), kinds=KINDS, first: int = 1816,
                last: int = alliances.LAST_YEAR, unit: str = "event", alternatives: str = "system") -> ChoiceData:
    """Treaty-level partner choices, one group per (treaty event, chooser), with every covariate.

    Parameters
    ----------
    spec : CriteriaSpec, optional
        The specification of the four criteria (:func:`bot_core.criteria.compute`); :data:`CHOICE_SPEC`
        (the default spec without its affinity discount) if ``None``.
    obligations : str or sequence of str
        ATOP obligation types (:data:`bot_core.alliances.OBLIGATIONS`); a treaty qualifies if any
        member undertakes any of them.
    kinds : str or sequence of str
        Which events are decisions: ``"signed"``, ``"accession"`` (:data:`KINDS`).
    first, last : int
        Event years (both included), within ATOP's 1815-2018; events whose covariate year is outside
        1816-2016 are counted in the report and left out.
    unit : str
        How decisions are weighted (:data:`UNITS`): ``"event"`` (each event weight 1),
        ``"treaty"`` (each treaty 1), ``"chooser"`` (each group 1).
    alternatives : str
        The choice set (:data:`ALTERNATIVES`): ``"system"`` or ``"reach"``.

    Returns
    -------
    ChoiceData
        The rows, the shared-threat matrices and the report of what was left out (see the module
        docstring for every rule). With the default arguments (defence pacts, 1816-2018): 875
        groups from 352 events of 257 treaties, 88,669 rows. Most partners lost to missing values
        are states of the early nineteenth century with neither military expenditure nor personnel
        in the NMC data (so no ``offense``).
    """
    _args.spec(spec)
    spec = spec if spec is not None else CHOICE_SPEC
    obligations = _args.names(obligations, "obligations", alliances.OBLIGATIONS, noun="obligation types")
    kinds = _args.names(kinds, "kinds", KINDS, noun="event kinds")
    span = (alliances.FIRST_YEAR, alliances.LAST_YEAR)
    first = _args.year(first, "first", span, "ATOP's years")
    last = _args.year(last, "last", span, "ATOP's years")
    if first > last:
        raise _args.ArgumentError(f"first ({first}) is after last ({last}); give the earlier year first.")
    unit = _check_choice(unit, "unit", UNITS)
    alternatives = _check_choice(alternatives, "alternatives", ALTERNATIVES)
    cached = _choice_data(spec, obligations, kinds, first, last, unit, alternatives)
    # a copy: the cached data must not change when a caller edits what it was given
    return dataclasses.replace(cached, rows=cached.rows.copy(), shared=cached.shared.copy(),
                               report=cached.report.copy(), settings=dict(cached.settings))


def _check_choice(value, name: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise _args.ArgumentError(f"{name} must be one of {', '.join(choices)}, not {_args._show(value)}.")
    return value


class _Report(dict):
    """Counts of what was left out, by reason (nothing is dropped silently)."""

    def count(self, reason: str, n: int = 1) -> None:
        if n:
            self[reason] = self.get(reason, 0) + int(n)


def _plan(ev: pd.DataFrame, report: _Report) -> list[tuple]:
    """The groups, step 1: ``(event, chooser, covariate year, chosen partners)`` per (event, chooser)."""
    ten = alliances._tenures()
    members = panel._member_keys()
    plan = []
    for e in ev.itertuples(index=False):
        g = ten[ten.atopid == e.atopid]
        if e.event == "signed":
            partners = {i: [s for s in e.states if s != i] for i in e.states}
        else:
            present = g[(g.start < e.date) & (g.end.isna() | (g.end > e.date))].member
            present = sorted(set(present) - set(e.states))
            partners = {i: present for i in e.states}
        for i, chosen in partners.items():
            t = e.year - 1
            if members.get_indexer([panel._state_key(i, t)])[0] < 0:
                t = e.year  # new to the system: read in the event year (bot_core.evaluate's rule)
            if not panel.FIRST_YEAR <= t <= panel.LAST_YEAR:
                report.count("covariate year outside 1816-2016 (group)")
                continue
            if members.get_indexer([panel._state_key(i, t)])[0] < 0:
                report.count("chooser not a COW system member in the covariate year (group)")
                continue
            plan.append((e, i, t, chosen))
    return plan


def _group_frame(yt: _Year, e, i: int, t: int, chosen, alternatives: str, report: _Report):
    """The groups, step 2: one group's rows and shared-threat matrices, or ``None`` if nothing is left."""
    a = int(yt.index([i])[0])
    cols, cand, shared = _group_rows(yt, a, t, alternatives)
    codes = yt.states[cand]
    y = np.isin(codes, chosen)
    outside = len(set(chosen) - set(codes.tolist()))
    report.count("chosen partner not a candidate (not a system member in t, or outside the alternative set)", outside)
    bad = ~yt.valid[a, cand] | np.isnan(yt.capdist[a, cand])
    report.count("candidate with a missing criterion or capital distance (row)", int((bad & ~y).sum()))
    report.count("chosen partner with a missing criterion or capital distance", int((bad & y).sum()))
    ok = ~bad
    if not y[ok].any() or y[ok].all():
        report.count("group with no chosen (or no unchosen) candidate left (group)")
        return None
    n_nan_shared = int(np.isnan(shared[ok]).any(axis=(1, 2, 3)).sum())
    report.count("candidate with no third party to share a threat with (row)", n_nan_shared)
    ok &= ~np.isnan(shared).any(axis=(1, 2, 3))
    frame = pd.DataFrame({k: v[ok] for k, v in cols.items()})
    frame.insert(0, "candidate", codes[ok])
    frame.insert(1, "chosen", y[ok].astype("int64"))
    frame.insert(0, "chooser", i)
    frame.insert(0, "t", t)
    for k in ("year", "date", "event", "event_id", "atopid"):
        frame.insert(0, k, getattr(e, k))
    return frame, shared[ok]


def _number_and_weigh(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The groups, step 3: numbered in order, each candidate's region, each group's weight (``unit``)."""
    rows.insert(0, "group", (rows[["event_id", "chooser"]].ne(rows[["event_id", "chooser"]].shift())
                             .any(axis=1).cumsum() - 1).astype("int64"))
    rows["region"] = validate.region_of(rows.candidate.to_numpy())
    first_rows = rows.drop_duplicates("group")
    if unit == "event":
        per = first_rows.groupby("event_id").size()
        w = 1.0 / first_rows.event_id.map(per)
    elif unit == "treaty":
        per = first_rows.groupby("atopid").size()
        w = 1.0 / first_rows.atopid.map(per)
    else:
        w = pd.Series(1.0, index=first_rows.index)
    rows.insert(rows.columns.get_loc("chosen") + 1, "weight", np.repeat(w.to_numpy(), rows.groupby("group").size()))
    rows["atopid"] = rows.atopid.astype("int64")
    rows["event_id"] = rows.event_id.astype("int64")
    return rows


@functools.lru_cache(maxsize=4)
def _choice_data(spec, obligations, kinds, first, last, unit, alternatives) -> ChoiceData:
    tr = alliances.treaties()
    keep_treaties = set(tr.atopid[tr[list(obligations)].eq(1).any(axis=1)])
    ev = alliances.events().reset_index().rename(columns={"index": "event_id"})
    ev = ev[ev.event.isin(kinds) & ev.atopid.isin(keep_treaties) & ev.year.between(first, last)]
    report = _Report()
    plan = _plan(ev, report)
    tables = _years([p[2] for p in plan], spec) if plan else {}
    built = [_group_frame(tables[t], e, i, t, chosen, alternatives, report) for e, i, t, chosen in plan]
    built = [b for b in built if b is not None]
    if not built:
        raise _args.ArgumentError(f"no choice group is left for {', '.join(obligations)} treaties, {', '.join(kinds)}, "
                                  f"{first}-{last}; widen the years or the obligations.")
    rows = _number_and_weigh(pd.concat([b[0] for b in built], ignore_index=True), unit)
    report = pd.DataFrame(sorted(report.items()), columns=["reason", "count"])
    settings = dict(spec=spec, obligations=obligations, kinds=kinds, first=first, last=last, unit=unit,
                    alternatives=alternatives)
    return ChoiceData(rows=rows, shared=np.concatenate([b[1] for b in built]), report=report, settings=settings)


def _check_data(data) -> ChoiceData:
    if not isinstance(data, ChoiceData):
        raise _args.ArgumentError(f"data must be ChoiceData (from bot_core.choice.choice_data()), not "
                                  f"{type(data).__name__}.")
    if not len(data.rows):
        raise _args.ArgumentError("data has no choice groups.")
    return data
