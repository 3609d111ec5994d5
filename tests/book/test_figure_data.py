"""The data and sources under every figure and table (tools/figure_data.py): the CSV a chart's
stored output yields, the table reader, the data sets found from the code (checked against the
data sets a function really loads) and the source line with versions."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from bot_core import charts, datasets

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import figure_data  # noqa: E402


def _chapter(name: str) -> dict:
    return json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))


def _items(name: str) -> list:
    return list(figure_data.page_items(_chapter(name)))


def test_a_known_charts_csv_has_its_data():
    frame = pd.DataFrame({"year": [1946, 1946, 1947], "region": ["Europe", "All states", "Europe"],
                          "share": [0.5, 0.25, 0.75], "states": [10, 40, 11]})
    spec = charts.danger_agreement(frame, highlight="All states", highlight_year=1946).to_dict()
    tables = figure_data.chart_tables(spec)
    assert len(tables) == 1
    _, columns, rows = tables[0]
    assert set(columns) >= {"year", "region", "share", "states"}
    got = sorted((r[columns.index("year")], r[columns.index("region")], r[columns.index("share")]) for r in rows)
    assert got == [(1946, "All states", 0.25), (1946, "Europe", 0.5), (1947, "Europe", 0.75)]


def test_the_stored_power_and_threat_chart_yields_its_rows(tmp_path):
    charts_ = [i for i in _items("power_and_threat") if i[1] == "chart"]
    assert len(charts_) == 1
    _, _, div, tables, names = charts_[0]
    (name, columns, rows), = tables
    assert columns == ["year", "region", "share", "states"]
    assert len(rows) == 823
    file = tmp_path / "c.csv"
    figure_data.write_csv(file, columns, rows)
    back = list(csv.reader(file.open(encoding="utf-8")))
    assert back[0] == columns and len(back) == 824
    # the agreement of the balance of power and the threat index: capabilities, alliances, distance
    assert {"cow_nmc", "cow_states", "atop_alliance", "cow_capitals", "cow_contdir"} <= names


def test_the_explorer_csv_is_decoded():
    chart = next(i for i in _items("threat_index") if i[1] == "chart" and "i" not in i[3][0][1])
    _, _, _, tables, _ = chart
    name, columns, rows = tables[0]
    assert columns[:3] == ["ccode1", "year", "ccode2"] and len(columns) == 7
    assert rows and all(1816 <= r[1] <= 2020 and (r[3] is None or 0 <= r[3] <= 1) for r in rows)


def test_html_table_expands_spans_and_joins_header_rows():
    frame = pd.DataFrame({("a", "x"): [1, 2, 3], ("a", "y"): [4, 5, 6]},
                         index=pd.MultiIndex.from_tuples([("p", 1), ("p", 2), ("q", 1)], names=["g", "k"]))
    for page in (frame.to_html(), frame.style.to_html()):  # pandas' table and a Styler's
        columns, rows = figure_data.html_table(page)
        assert columns == ["g", "k", "a / x", "a / y"]
        assert rows == [["p", "1", "1", "4"], ["p", "2", "2", "5"], ["q", "1", "3", "6"]]


def test_a_case_figures_compact_csv_is_decoded():
    chart = next(i for i in _items("case_1930s") if i[1] == "chart" and len(i[3]) == 4)
    name, columns, rows = chart[3][0]
    assert columns == ["ccode1", "year", "ccode2", "power", "proximity", "offense", "intent"]
    assert {r[1] for r in rows} <= set(range(1930, 1946)) and "curated_events" in chart[4]


def test_the_provenance_tables_name_the_whole_registry():
    tables = [i for i in _items("data_provenance") if i[1] == "table"]
    assert tables and all(figure_data.REGISTRY in names for *_, names in tables[:2])
    block = figure_data.source_block([("x.csv", "download CSV", 1)], {figure_data.REGISTRY}, what="t")
    assert "every data set of bot_core's registry" in block


def test_the_static_sets_cover_what_a_function_really_loads(monkeypatch):
    from bot_core import panel

    loaded = []
    real = datasets.load
    monkeypatch.setattr(datasets, "load", lambda name: loaded.append(name) or real(name))
    import sys

    for module in [m for n, m in list(sys.modules.items()) if n.startswith("bot_core.panel") and m is not None]:
        for value in vars(module).values():  # panel's caches (in every module of the package) would hide earlier loads
            if callable(value) and hasattr(value, "cache_clear") and hasattr(value, "__wrapped__"):
                value.cache_clear()
    panel.add_capital_distance(pd.DataFrame({"ccode1": [2], "ccode2": [200], "year": [1950]}))
    graph = figure_data.load_graph(ROOT)
    assert loaded and set(loaded) <= graph[("bot_core.panel", "add_capital_distance")]


def test_slicing_keeps_only_what_the_figure_depends_on():
    cells = ['from bot_core import datasets, charts\nimport pandas as pd',
             'a = datasets.load("cow_nmc")\nb = datasets.load("icb_actors")',
             'a["x"] = 1',
             'a']
    assert figure_data.cell_sources(cells, 3) == {"cow_nmc"}
    assert figure_data.cell_sources(cells, 1) == {"cow_nmc", "icb_actors"}


def test_the_source_line_names_the_data_sets_with_versions():
    block = figure_data.source_block([("x.csv", "download CSV", 3)], {"atop_alliance", "icb_actors"}, what="t")
    assert 'href="x.csv"' in block and "(3 rows)" in block
    assert '<a href="#data-set-icb-actors"><code>icb_actors</code></a> (14)' in block
    commit = datasets.info("atop_alliance").commit[:7]
    assert "<code>atop_alliance</code></a> (peacesciencer " + commit + ")" in block
    listing = figure_data.sources_list({"atop_alliance", "icb_actors"})
    assert '<dt id="data-set-icb-actors"><code>icb_actors</code>, version 14</dt>' in listing
    for line in datasets.citation("icb_actors").splitlines() + datasets.citation("atop_alliance").splitlines():
        assert figure_data.html.escape(line) in listing


def test_decorate_writes_the_csv_and_links_it(tmp_path):
    nb = _chapter("power_and_threat")
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
               if "text/html" in o.get("data", {})]
    body = "\n".join("<div>" + "".join(o["data"]["text/html"]) + "</div>" for o in outputs)
    new, counts = figure_data.decorate(body, nb, "chapters/power_and_threat", tmp_path, ROOT)
    assert counts["charts"] == 1 and counts["tables"] == len(outputs) - 1
    assert new.count('class="bot-source"') == len(outputs)
    assert new.count('class="bot-data-sources"') == 1 and '<dt id="data-set-cow-nmc">' in new
    files = sorted((tmp_path / "figure-data" / "chapters" / "power_and_threat").glob("*.csv"))
    assert len(files) == len(outputs)
    for f in files:
        assert f'href="../figure-data/chapters/power_and_threat/{f.name}"' in new
