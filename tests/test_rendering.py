"""The "bot_core" altair renderer: a Vega-Lite bundle plus HTML that loads nothing from a CDN."""

import json
import re

import altair as alt
import pandas as pd
import pytest

from bot_core import rendering


@pytest.fixture
def chart():
    data = pd.DataFrame({"year": [1946, 1947, 1948], "cinc": [0.38, 0.36, 0.33]})
    return alt.Chart(data, description="test chart").mark_line().encode(x="year:O", y="cinc:Q")


@pytest.fixture
def slider_chart(chart):
    year = alt.param(name="year_pick", value=1947, bind=alt.binding_range(min=1946, max=1948, step=1))
    return chart.add_params(year).transform_filter(alt.datum.year <= year)


@pytest.fixture(autouse=True)
def renderer(monkeypatch):
    """The renderer outside the book, without the inline bundle; altair's renderer restored after."""
    monkeypatch.delenv(rendering.PAGE_LOADS_VEGA, raising=False)
    before = alt.renderers.active
    rendering.enable(inline=False)
    yield
    alt.renderers.enable(before)


def bundle(chart):
    out = chart._repr_mimebundle_()
    return out[0] if isinstance(out, tuple) else out


def test_registered_and_enabled():
    assert rendering.NAME in alt.renderers.names()
    assert alt.renderers.active == rendering.NAME


def test_bundle_has_vegalite_spec_html_and_text(chart):
    out = bundle(chart)
    assert out[rendering.VEGALITE_MIME_TYPE] == chart.to_dict()
    assert out[rendering.VEGALITE_MIME_TYPE]["mark"] == {"type": "line"}
    assert "vegaEmbed" in out["text/html"]
    assert out["text/plain"] == "Chart: test chart"


def test_bundle_is_a_valid_notebook_output(chart):
    nbformat = pytest.importorskip("nbformat")
    output = nbformat.v4.new_output("display_data", data=bundle(chart))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("chart", outputs=[output])])
    nbformat.validate(nb)


def test_in_the_book_html_only_relies_on_the_page(chart, monkeypatch):
    monkeypatch.setenv(rendering.PAGE_LOADS_VEGA, "1")
    rendering.enable()
    out = bundle(chart)
    assert set(out) == {"text/html", "text/plain"}  # myst-nb cannot draw Vega-Lite: no warning
    assert len(out["text/html"]) < 10_000 and "http" not in out["text/html"]


def test_html_has_no_url(chart, slider_chart):
    for c in (chart, slider_chart):
        html = bundle(c)["text/html"]
        assert "http" not in html
        assert "//" not in html.replace("\\/", "")  # no protocol-relative URL either
        assert "src=" not in html


def test_html_calls_vega_embed_without_actions_and_explains_when_missing(chart):
    html = bundle(chart)["text/html"]
    assert '"actions": false' in html
    assert 'typeof window.vegaEmbed !== "function"' in html
    assert "vega-embed, which is not loaded" in html


def test_div_id_unique_across_two_renders(chart):
    ids = [re.search(r'<div id="([^"]+)"', bundle(chart)["text/html"]).group(1) for _ in range(2)]
    assert ids[0] != ids[1]
    for div_id in ids:
        assert re.fullmatch(r"[A-Za-z][\w-]*", div_id)


def test_slider_param_kept_in_spec_and_html(slider_chart):
    out = bundle(slider_chart)
    params = out[rendering.VEGALITE_MIME_TYPE]["params"]
    assert params[0]["name"] == "year_pick"
    assert params[0]["bind"]["input"] == "range"
    assert '"name": "year_pick"' in out["text/html"]
    assert '"input": "range"' in out["text/html"]


def test_script_content_cannot_close_the_script_element():
    data = pd.DataFrame({"label": ["</script><script>alert(1)</script>"], "n": [1]})
    html = bundle(alt.Chart(data).mark_bar().encode(x="label:N", y="n:Q"))["text/html"]
    assert html.count("</script>") == 1


def test_importing_bot_core_does_not_enable_the_renderer():
    import subprocess
    import sys

    code = "import altair as alt, bot_core; print(alt.renderers.active, 'bot_core' in alt.renderers.names())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["default", "False"]


def test_outside_the_book_the_first_chart_carries_the_bundle(chart, monkeypatch):
    pytest.importorskip("vl_convert")
    monkeypatch.delenv(rendering.PAGE_LOADS_VEGA, raising=False)
    rendering.enable()
    first, second = bundle(chart)["text/html"], bundle(chart)["text/html"]
    assert "window.vegaEmbed=" in first.replace(" ", "")
    assert len(second) < 10_000 and "vegaEmbed" in second


def _chart_id(values, mark="line"):
    data = pd.DataFrame({"year": [1946, 1947, 1948], "cinc": values})
    chart = getattr(alt.Chart(data, description="test chart"), f"mark_{mark}")().encode(x="year:O", y="cinc:Q")
    return re.search(r'id="bot-chart-([0-9a-f]{8})-\d+"', bundle(chart)["text/html"]).group(1)


def test_chart_id_follows_the_form_of_a_chart_not_its_values():
    same = _chart_id([0.38, 0.36, 0.33])
    assert _chart_id([0.38, 0.36000000000000004, 0.33]) == same      # another CPU's last digit
    assert _chart_id([0.1234995, 0.36, 0.33]) == _chart_id([0.1235005, 0.36, 0.33])  # across a rounding boundary
    assert _chart_id([0.38, 0.36, 0.33], mark="bar") != same         # another chart


def test_data_set_names_do_not_depend_on_values():
    def spec(values):
        data = pd.DataFrame({"year": [1946, 1947, 1948], "cinc": values})
        html = bundle(alt.Chart(data).mark_line().encode(x="year:O", y="cinc:Q"))["text/html"]
        return re.findall(r'"(data-[0-9a-f]+)"', html), html

    names, html = spec([0.38, 0.36, 0.33])
    assert names == ["data-1", "data-1"]                          # the set and its one reference
    assert spec([0.38, 0.36000000000000004, 0.33])[0] == names
    assert "0.34" in spec([0.38, 0.36, 0.34])[1] and "0.34" not in html   # the values themselves are in the spec


def test_data_set_names_a_chart_chose_are_kept():
    base = alt.Chart(pd.DataFrame({"year": [1946], "cinc": [0.38]})).mark_line().encode(x="year:O", y="cinc:Q")
    rule = alt.Chart(alt.NamedData("empty")).mark_rule()
    spec = (base + rule).to_dict()
    spec.setdefault("datasets", {})["empty"] = [{}]
    out = rendering._stable_names(spec)
    assert "empty" in out["datasets"] and out["layer"][1]["data"] == {"name": "empty"}
    assert sorted(out["datasets"]) == ["data-1", "empty"]


def test_every_reference_to_a_renamed_data_set_follows_it():
    spec = {"datasets": {"data-" + "a" * 32: "i,y\n1,2"},
            "data": {"name": "data-" + "a" * 32, "format": {"type": "csv"}},
            "layer": [{"transform": [{"lookup": "j", "from": {"data": {"name": "data-" + "a" * 32}, "key": "j"}}]}]}
    out = rendering._stable_names(spec)
    assert out["data"] == {"name": "data-1", "format": {"type": "csv"}}
    assert out["layer"][0]["transform"][0]["from"]["data"] == {"name": "data-1"}
    assert "data-" + "a" * 32 not in json.dumps(out)
