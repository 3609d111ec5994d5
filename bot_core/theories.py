"""What each theory says a state should fear, and with whom it should therefore align.

For every state-year the theories name a *principal danger*:

Balance of power (Waltz 1979)
    the strongest state, by CINC, able to reach it: any COW major power, or a state directly
    contiguous to it (a land border or at most 400 miles of water). The state allies with others
    whose principal danger is the same state. Because nearly every state can be reached by the
    strongest major power, this reading makes one state nearly everyone's danger; three readings
    grounded in the balance-of-power literature are offered beside it (``reach``,
    :data:`POWER_REACH`): the strongest neighbour (``"contiguous"``), Levy and Thompson's (2005)
    hegemon, a major power with at least a third of the major powers' military personnel
    (``"hegemon"``), and the stronger side of a strategic rivalry the state is in (``"rival"``).
Balance of threat (Walt 1987)
    its top threat under the threat index (:mod:`bot_core.threat`, chosen weights and form). It
    allies with others threatened most by the same state.
Bandwagoning (Walt 1987, on weak states)
    a state aligns *with* its top threat when it is weak beside it (its CINC is less than
    ``weakness`` times the threat's), close to it (directly contiguous), and has no ally
    available (no defence pledge with any state in force the year before).

All three are functions of state-years; :mod:`bot_core.evaluate` turns them into predicted
alliances and scores them against the alliances states formed.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from bot_core import _args, datasets, panel, threat
from bot_core.criteria import CriteriaSpec
from bot_core.panel._keys import _dyad_key, _state_key
from bot_core.threat import DEFAULT_FORM as _DEFAULT_FORM

__all__ = ["DEFAULT_WEAKNESS", "balance_of_power_dangers", "balance_of_threat_dangers", "bandwagon_targets"]

#: A state is "weak" beside its threat when its CINC is below this fraction of the threat's.
DEFAULT_WEAKNESS = 0.1


@functools.cache
def _state_table() -> pd.DataFrame:
    """State-years in the order of :class:`bot_core.threat.ThreatModel` segments (year, ccode)."""
    sy = panel.state_years().pipe(panel.add_capabilities, components=["cinc"]).pipe(panel.add_major_powers)
    return sy.sort_values(["year", "ccode"], kind="stable").reset_index(drop=True)


def _check_model_matches(m: threat.ThreatModel) -> None:
    sy = _state_table()
    if len(m.seg_key) != len(sy) or not np.array_equal(m.seg_key, sy.year.to_numpy() * 1000 + sy.ccode.to_numpy()):
        raise ValueError("the threat model does not cover every state-year 1816-2016; use bot_core.threat.model().")


#: Which states can be a state's balance-of-power danger (the strongest of them, by CINC, is):
#:
#: ``"major_or_contiguous"`` (the default, the *system* reading)
#:     any COW major power, or a directly contiguous state;
#: ``"contiguous"`` (the *strongest neighbour*)
#:     directly contiguous states only (a land border, or at most 400 miles of water), a
#:     regional reading of the theory;
#: ``"hegemon"`` (Levy and Thompson 2005)
#:     the year's hegemon only (:func:`bot_core.choice.hegemons`: a major power holding at least
#:     a third of the major powers' military personnel); in a year without one, no state has a
#:     danger, and the hegemon itself has none;
#: ``"rival"`` (the *stronger side of a rivalry*)
#:     the state's strategic rivals (Thompson, Sakuwa and Suhas, :func:`bot_core.panel.add_rivalries`)
#:     with a larger CINC than its own: a state balances against the strongest rival stronger than
#:     itself, and a state with no stronger rival has no danger.
POWER_REACH = ("major_or_contiguous", "contiguous", "hegemon", "rival")


def balance_of_power_dangers(reach: str = "major_or_contiguous") -> pd.DataFrame:
    """Each state-year's principal danger under balance of power: columns ``ccode``, ``year``,
    ``danger`` (COW code; -1 if no state can be its danger). ``reach``: which states can be, one
    of :data:`POWER_REACH`; the danger is the strongest of them by CINC (ties: the lower code)."""
    if not isinstance(reach, str) or reach not in POWER_REACH:
        raise _args.ArgumentError(f"unknown reach {_args._show(reach)}; choose one of {', '.join(POWER_REACH)}.")
    return _power_dangers(reach).copy()


def _reach(reach_rule: str, ccode: np.ndarray, danger: np.ndarray, year: np.ndarray, pos1: np.ndarray,
           pos2: np.ndarray) -> np.ndarray:
    """Whether each directed dyad-year's second state can be the first's danger under ``reach_rule``;
    ``pos1``, ``pos2``: the two states' rows of :func:`_state_table`."""
    sy = _state_table()
    if reach_rule == "hegemon":
        from bot_core import choice   # imported here: choice reads the threat model through validate
        h = choice.hegemons()
        return danger == h.reindex(year).fillna(-1).to_numpy("int64")
    if reach_rule == "rival":
        pairs = pd.DataFrame({"ccode1": ccode, "ccode2": danger, "year": year})
        rival = panel.add_rivalries(pairs).tss_rivalry
        if rival.isna().any():
            raise ValueError("the rivalry data do not cover every dyad-year; the 'rival' reading needs them all.")
        cinc = sy.cinc.to_numpy()
        return (rival.to_numpy("int64") == 1) & (cinc[pos2] > cinc[pos1])
    reach = panel._contiguity(ccode, danger, year) > 0
    if reach_rule == "major_or_contiguous":
        reach |= sy.majpow.to_numpy()[pos2] == 1
    return reach


@functools.cache
def _power_dangers(reach_rule: str) -> pd.DataFrame:
    dd = panel.dyad_years()
    ccode, year, danger = (dd[c].to_numpy() for c in ("ccode1", "year", "ccode2"))
    del dd
    sy = _state_table()
    table = _state_key(sy.ccode, sy.year)
    pos2 = panel._positions(_state_key(danger, year), table)
    reach = _reach(reach_rule, ccode, danger, year, panel._positions(_state_key(ccode, year), table), pos2)
    cinc = np.where(reach, sy.cinc.to_numpy()[pos2], -1.0)
    del pos2, reach
    # each state-year's candidates, strongest first (ties: the lower code); numpy sorts the keys
    # alone, with no sort of a two-million-row frame
    order = np.lexsort((danger, -cinc, ccode, year))
    ccode, year, danger, cinc = ccode[order], year[order], danger[order], cinc[order]
    del order
    first = np.flatnonzero(np.concatenate([[True], (year[1:] != year[:-1]) | (ccode[1:] != ccode[:-1])]))
    best = np.where(cinc[first] < 0, -1, danger[first])
    pos = panel._positions(table, _state_key(ccode[first], year[first]))
    out = sy[["ccode", "year"]].copy()
    out["danger"] = np.where(pos >= 0, best[np.maximum(pos, 0)], -1).astype("int64")  # -1: a state alone in the system
    return out


def balance_of_threat_dangers(
    weights=None, form: str = _DEFAULT_FORM, spec: CriteriaSpec | None = None
) -> pd.DataFrame:
    """Each state-year's top threat: columns ``ccode``, ``year``, ``danger``, ``threat``.

    ``danger`` is -1 (and ``threat`` NaN) where no state scores above zero on the weighted
    criteria (:meth:`bot_core.threat.ThreatModel.none_level`), e.g. under weights on intentions
    alone for a state no one has disputed with: such a state has no principal danger."""
    m = threat.model(spec)
    _check_model_matches(m)
    t = m.threat(weights, form)
    top = m.top(t, form)
    sy = _state_table()
    danger = np.where(top >= 0, m.ccode2[np.maximum(top, 0)], -1).astype("int64")
    return pd.DataFrame({"ccode": sy.ccode.to_numpy(), "year": sy.year.to_numpy(), "danger": danger,
                         "threat": np.where(top >= 0, t[np.maximum(top, 0)], np.nan)})


@functools.cache
def _pledged_any() -> pd.Index:
    """State-year keys of states holding a defence pledge with anyone (ATOP), made or received: a
    state another has pledged to defend (Belgium under France's guarantee, 1832) is not alone."""
    at = datasets.load("atop_alliance")
    at = at[at.atop_defense == 1]
    made, received = _state_key(at.ccode1, at.year), _state_key(at.ccode2, at.year)
    return pd.Index(panel._sorted_unique(np.concatenate([made, received])))


@functools.cache
def _contiguous() -> pd.Index:
    dd = panel.dyad_years().pipe(panel.add_contiguity)
    dd = dd[dd.conttype > 0]
    return pd.Index(_dyad_key(dd.ccode1, dd.ccode2, dd.year))


@functools.cache
def _bandwagon_inputs() -> tuple[np.ndarray, pd.Index, np.ndarray]:
    sy = _state_table()
    alone = _pledged_any().get_indexer(_state_key(sy.ccode, sy.year - 1)) < 0
    return sy.cinc.to_numpy(), pd.Index(_state_key(sy.ccode, sy.year)), alone


def _bandwagon_array(danger: np.ndarray, weakness: float) -> np.ndarray:
    """The bandwagoning target of every row of :func:`_state_table` (-1 for none), given each
    row's top threat ``danger`` (-1 for none)."""
    sy = _state_table()
    cinc, keys, alone = _bandwagon_inputs()
    has = danger >= 0
    target = np.where(has, danger, sy.ccode.to_numpy())
    pos = keys.get_indexer(_state_key(target, sy.year))
    theirs = np.where(pos >= 0, cinc[np.maximum(pos, 0)], np.nan)
    weak = has & (cinc < weakness * np.nan_to_num(theirs, nan=-1.0))
    near = _contiguous().get_indexer(_dyad_key(sy.ccode, target, sy.year)) >= 0
    return np.where(weak & near & alone, danger, -1)


def _check_weakness(weakness) -> None:
    _args.number(weakness, "weakness", 0, 1, lo_open=True, hi_open=True, rule="a number between 0 and 1 (exclusive)")


def bandwagon_targets(
    weights=None,
    form: str = _DEFAULT_FORM,
    spec: CriteriaSpec | None = None,
    weakness: float = DEFAULT_WEAKNESS,
) -> pd.DataFrame:
    """State-years in which the bandwagoning rule predicts alignment with the top threat.

    Columns ``ccode``, ``year``, ``target`` (the top threat), for the states that are weak beside
    it (CINC below ``weakness`` times the threat's), directly contiguous to it, and held no
    defence pledge with anyone the year before (a state new to the system held none).
    """
    _check_weakness(weakness)
    d = balance_of_threat_dangers(weights, form, spec)
    target = _bandwagon_array(d.danger.to_numpy(), weakness)
    keep = target >= 0
    return pd.DataFrame({"ccode": d.ccode.to_numpy()[keep], "year": d.year.to_numpy()[keep], "target": target[keep]})
