"""The builders' kit in bot_core.charts.base: each piece gives the spec the builders used to write by hand."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from bot_core.charts import base


def chart():
    return alt.Chart(pd.DataFrame({"year": [2000, 2001], "v": [1.0, 2.0]})).mark_line().encode(x="year:Q", y="v:Q")


def test_finish_sets_the_frame_and_axis_style():
    spec = base.finish(chart()).to_dict()
    assert spec["config"]["view"]["stroke"] is None
    assert spec["config"]["axis"] == {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridOpacity": 0.4}
    assert base.finish(chart(), grid=None).to_dict()["config"]["axis"] == {
        "labelFontSize": 11, "titleFontSize": 12, "gridOpacity": 0.4}
    assert "axis" not in base.finish(chart(), grid=None, fonts=False, grid_opacity=None).to_dict()["config"]


def test_series_scales_pair_colour_and_dash_in_order():
    colour = base.series_colour("s:N", ["a", "b"], title=None).to_dict()
    dash = base.series_dash("s:N", ["a", "b"]).to_dict()
    assert colour["scale"] == {"domain": ["a", "b"], "range": list(base.OKABE_ITO[:2])}
    assert dash["scale"] == {"domain": ["a", "b"], "range": [list(d) for d in base.DASHES[:2]]}
    with pytest.raises(ValueError, match="at most 7 series"):
        base.series_colour("s:N", list("abcdefgh"))
    with pytest.raises(ValueError, match="at most 7 series"):
        base.series_dash("s:N", list("abcdefgh"))


def test_nearest_hover_and_its_catcher():
    hover = base.nearest_hover("h", clear=False, value=1999)
    spec = base.pointer_catcher(chart(), alt.X("year:Q"), hover).to_dict()
    (param,) = spec["params"]
    assert param["name"] == "h"
    assert param["select"] == {"type": "point", "fields": ["year"], "nearest": True, "on": "pointerover",
                               "clear": False}
    assert param["value"] == [{"year": 1999}]
    assert spec["mark"]["opacity"] == 0


def test_opening_choice():
    assert base.opening_choice(None, ["x", "y"], "view") == "x"
    assert base.opening_choice("y", ["x", "y"], "view") == "y"
    with pytest.raises(ValueError, match=r"view 'z' is not in the data; the views are \['x', 'y'\]"):
        base.opening_choice("z", ["x", "y"], "view")


def test_interval_dots_draw_a_bar_and_a_dot():
    frame = pd.DataFrame({"t": ["a"], "x": [0.5], "x_lo": [0.2], "x_hi": [0.9]})
    bars, dots = base.interval_dots(alt.Chart(frame), x="x:Q", y="t:N", colour=alt.value("black"), tooltip=[])
    b, d = bars.to_dict(), dots.to_dict()
    assert b["mark"]["type"] == "rule" and b["encoding"]["x"]["field"] == "x_lo" and b["encoding"]["x2"]["field"] == "x_hi"
    assert d["mark"]["type"] == "point" and d["encoding"]["x"]["field"] == "x"


def test_shared_params_silences_only_the_deduplication_warning():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with base.shared_params():
            warnings.warn("Automatically deduplicated selection parameter with identical configuration")
            warnings.warn("something else")
    assert [str(w.message) for w in caught] == ["something else"]


def test_picked_lines_fade_all_but_the_picked_series():
    pick = alt.selection_point(name="p", fields=["s"], bind="legend")
    colour, dash = base.series_colour("s:N", ["a", "b"]), base.series_dash("s:N", ["a", "b"])
    spec = base.picked_lines(chart(), pick, x="year:Q", y="v:Q", colour=colour, dash=dash, fade=0.15, width=2.2,
                             detail="s:N").to_dict()
    assert spec["mark"] == {"type": "line", "strokeWidth": 2.2}
    assert spec["encoding"]["opacity"] == {"condition": {"param": "p", "value": 1.0}, "value": 0.15}
    assert spec["encoding"]["strokeDash"]["scale"]["domain"] == ["a", "b"] and spec["encoding"]["detail"]["field"] == "s"
    assert [p["name"] for p in spec["params"]] == ["p"]
    other = alt.param(name="q", value=1)
    spec = base.picked_lines(chart(), pick, x="year:Q", y="v:Q", colour=colour, dash=dash, fade=0.2, width=2,
                             params=[other]).to_dict()
    assert [p["name"] for p in spec["params"]] == ["q", "p"] and spec["mark"]["strokeWidth"] == 2
    assert base.faded_unless(pick, 0.25) == {"condition": {"param": "p", "value": 1.0}, "value": 0.25}


def test_share_and_count_columns_are_checked():
    good = pd.DataFrame({"share": [0.0, 0.5, 1.0], "n": [1, 2, 30]})
    base.require_shares(good, "share", "t")
    base.require_counts(good, "n", "t")
    for bad in ([0.5, 1.2, 0.1], [0.5, None, 0.1], ["x", 0.5, 0.1]):
        with pytest.raises(ValueError, match=r"t\['share'\] must hold numbers between 0 and 1\."):
            base.require_shares(good.assign(share=bad), "share", "t")
    for bad in ([1, 0, 2], [1, 2.5, 2], [1, None, 2]):
        with pytest.raises(ValueError, match=r"t\['n'\] must hold positive whole numbers\."):
            base.require_counts(good.assign(n=bad), "n", "t")


def test_require_colours_counts_the_series():
    base.require_colours(list("abcdefg"), "series")
    with pytest.raises(ValueError, match=r"at most 7 forms can be told apart; got 8\."):
        base.require_colours(list("abcdefgh"), "forms")
