"""The numbers and sources under every figure and table, as Our World in Data does: a Sphinx
extension (``sphinx: local_extensions`` in ``_config.yml``).

Under every chart (``div.bot-core-chart`` of :mod:`bot_core.rendering`) and every table (a pandas
``<table>``) that a chapter's stored outputs show, the built page gets a line

    Data: download CSV · Sources: <data sets, each with its version> · Cite: <their works>

The **CSV files** are written at build time into ``_build/html/figure-data/<page>/`` and linked
from the page (a local link; no other host). Nothing is committed: they are build artefacts, made
from the outputs stored in the chapter notebook, which are what the page shows.

* A chart's CSV files hold the data sets embedded in its Vega-Lite spec (one file per data set
  with at least one column: a chart that layers its series over a one-row rule has two), before
  the chart's own transforms (filters, the sliders' weights): the same rows the chart receives.
  The threat explorer's compact CSV (state and year codes, integers scaled by ``10**decimals``) is
  decoded with :func:`bot_core.charts.explorer.embedded_data`, so its file has ``ccode1``,
  ``year``, ``ccode2`` and the four criteria. Columns that hold objects (geometry) are left out.
* A table's CSV file holds the cells as the page shows them (index columns included; header rows
  joined with " / "; the spans of a grouped index repeated on each row).

**Which data sets a figure draws on** is found from the code, without executing anything and
without touching the specs (so chart ids and stored outputs do not change):

1. :func:`load_graph` reads ``bot_core``'s source once per build: for every module-level function,
   class and name, the data sets it loads (``datasets.load("name")``; every call in ``bot_core``
   passes a literal name) and the other ``bot_core`` objects it refers to; the data sets of an
   object are those of everything it reaches (a call, or a reference, as in a table of
   functions). The book's own curated events file (``bot_core.cases.curated_path``) counts as a
   source too.
2. :func:`cell_sources` takes the chapter's code cells up to the one that displayed the figure and
   keeps the statements the figure depends on (a backward slice over the names the cells assign
   and use: ``x = f(...)``, ``x["c"] = ...`` and ``x.method(...)`` count as defining ``x``), then
   collects the ``bot_core`` objects those statements refer to, and literal data set names passed
   to ``datasets``.

This is an over-estimate where a function chooses its source at run time (all the sources it
could load are named), never an under-estimate for code that goes through ``bot_core``; a test
checks the static sets against the data sets actually loaded (``tests/book/test_figure_data.py``).
"""

from __future__ import annotations

import ast
import csv
import functools
import html
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "bot_core"
OUT_DIR = "figure-data"  # under the HTML output folder
CURATED = "curated_events"  # pseudo data set: the book's own curated events file
REGISTRY = "*registry*"  # every registered data set (datasets.provenance() with no names)
_CURATED_REFERENCE = ("bot_core.cases", "curated_path")
_DATASET_FUNCTIONS = {"load", "path", "info", "citation", "provenance"}
_EMBED = re.compile(r"window\.vegaEmbed\(el, (\{.*\}), (\{[^{}]*\})\)\.catch")
_CHART_DIV = re.compile(r'<div id="(bot-chart-[0-9a-f]{8}-\d+)" class="bot-core-chart"></div>')
_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)


# --- which data sets a bot_core object loads ---------------------------------------------------


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class _Namespace:
    """What a module's (or a chapter's) names stand for: an imported module, or an object in one."""

    def __init__(self, module: str, is_package: bool = False):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.modules: dict[str, str] = {}  # alias -> module
        self.objects: dict[str, tuple[str, str]] = {}  # alias -> (module, name)

    def _absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = self.package.split(".")
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))

    def add_import(self, node: ast.stmt, modules: set[str]) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] != PACKAGE:
                    continue
                if a.asname:
                    self.modules[a.asname] = a.name
                else:
                    self.modules[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            source = self._absolute(node)
            if source.split(".")[0] != PACKAGE:
                return
            for a in node.names:
                alias = a.asname or a.name
                if f"{source}.{a.name}" in modules:
                    self.modules[alias] = f"{source}.{a.name}"
                else:
                    self.objects[alias] = (source, a.name)

    def resolve(self, node: ast.AST) -> tuple[str, str] | None:
        """The (module, name) an expression ``name`` or ``module.name`` (``a.b.name``) stands for."""
        chain = []
        while isinstance(node, ast.Attribute):
            chain.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        chain.append(node.id)
        chain.reverse()
        head = chain[0]
        if head in self.objects and len(chain) == 1:
            return self.objects[head]
        if head in self.modules:
            module = self.modules[head]
            rest = chain[1:]
            while len(rest) > 1 and f"{module}.{rest[0]}" in _all_modules():
                module = f"{module}.{rest[0]}"
                rest = rest[1:]
            if rest:
                return (module, rest[0])
        return None


def _literal_datasets(node: ast.AST, ns: _Namespace) -> set[str]:
    """Data set names passed as string literals to ``datasets.load`` (and ``path``, ``info``, ...)."""
    found = set()
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        target = ns.resolve(call.func)
        inside = ns.module.startswith(f"{PACKAGE}.datasets") and isinstance(call.func, ast.Name)
        if not ((target and target[0].startswith(f"{PACKAGE}.datasets") and target[1] in _DATASET_FUNCTIONS)
                or (inside and call.func.id in _DATASET_FUNCTIONS)):
            continue
        name = target[1] if target else call.func.id
        if name == "provenance" and not call.args and not call.keywords:
            found.add(REGISTRY)
        for arg in call.args[:1]:
            values = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
            found |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def _references(node: ast.AST, ns: _Namespace, local: set[str]) -> set[tuple[str, str]]:
    """The bot_core objects ``node`` refers to: imported names, ``module.name`` and the module's own names."""
    refs = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            target = ns.resolve(sub)
            if target:
                refs.add(target)
        elif isinstance(sub, ast.Name):
            if sub.id in ns.objects:
                refs.add(ns.objects[sub.id])
            elif sub.id in local:
                refs.add((ns.module, sub.id))
    return refs


def _defined(stmt: ast.stmt) -> set[str]:
    """The names a statement binds or changes (``x = ``, ``x[...] = ``, ``x.a = ``, ``x.f(...)``, ...)."""
    out: set[str] = set()

    def base(t: ast.AST) -> None:
        while isinstance(t, (ast.Attribute, ast.Subscript, ast.Starred)):
            t = t.value
        if isinstance(t, ast.Name):
            out.add(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                base(e)

    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        out.add(stmt.name)
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        out |= {(a.asname or a.name).split(".")[0] for a in stmt.names}
    elif isinstance(stmt, ast.Assign):
        for t in stmt.targets:
            base(t)
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        base(stmt.target)
    elif isinstance(stmt, (ast.For, ast.AsyncFor)):
        base(stmt.target)
        for s in stmt.body + stmt.orelse:
            out |= _defined(s)
    elif isinstance(stmt, (ast.If, ast.While, ast.Try, ast.With, ast.AsyncWith)):
        for item in getattr(stmt, "items", []):
            if item.optional_vars is not None:
                base(item.optional_vars)
        for block in ("body", "orelse", "finalbody"):
            for s in getattr(stmt, block, []):
                out |= _defined(s)
        for h in getattr(stmt, "handlers", []):
            for s in h.body:
                out |= _defined(s)
    elif isinstance(stmt, ast.Expr):  # x.method(...) may change x
        call = stmt.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            base(call.func.value)
    for sub in ast.walk(stmt):  # walrus
        if isinstance(sub, ast.NamedExpr):
            base(sub.target)
    return out


def _used(stmt: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)}


@functools.cache
def _all_modules(root: Path = ROOT) -> frozenset[str]:
    base = root / PACKAGE
    return frozenset(_module_name(p, root) for p in base.rglob("*.py"))


@functools.cache
def load_graph(root: Path = ROOT) -> dict[tuple[str, str], frozenset[str]]:
    """For every module-level object of ``bot_core`` (``(module, name)``), the data sets it loads,
    directly or through the objects it refers to (see the module docstring)."""
    modules = _all_modules(root)
    direct: dict[tuple[str, str], set[str]] = {}
    edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
    aliases: dict[tuple[str, str], tuple[str, str]] = {}  # re-exports: (package, name) -> where defined
    for path in sorted((root / PACKAGE).rglob("*.py")):
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        ns = _Namespace(module, is_package=path.name == "__init__.py")
        local: set[str] = set()
        for stmt in tree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                ns.add_import(stmt, modules)
            else:
                local |= _defined(stmt)
        for alias, target in ns.objects.items():
            aliases[(module, alias)] = target
        for stmt in tree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                continue
            names = _defined(stmt) or {"<module>"}
            refs = _references(stmt, ns, local)
            loads = _literal_datasets(stmt, ns)
            if _CURATED_REFERENCE in refs or (module, _CURATED_REFERENCE[1]) == _CURATED_REFERENCE and \
                    isinstance(stmt, ast.FunctionDef) and stmt.name == _CURATED_REFERENCE[1]:
                loads.add(CURATED)
            for name in names:
                direct.setdefault((module, name), set()).update(loads)
                edges.setdefault((module, name), set()).update(refs - {(module, name)})

    def canonical(key: tuple[str, str], seen: frozenset = frozenset()) -> tuple[str, str]:
        while key in aliases and key not in direct and key not in seen:
            seen = seen | {key}
            key = aliases[key]
        return key

    result: dict[tuple[str, str], frozenset[str]] = {}
    for start in list(direct) + list(aliases):
        found: set[str] = set()
        stack, seen = [canonical(start)], set()
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            found |= direct.get(key, set())
            stack.extend(canonical(k) for k in edges.get(key, ()))
        result[start] = frozenset(found)
    return result


def _parse_cell(source: str) -> list[ast.stmt]:
    """A code cell's statements (IPython magics and shell lines left out)."""
    lines = [("" if re.match(r"\s*[%!]", line) else line) for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines)).body
    except SyntaxError:
        return []


class _Chapter:
    """A chapter's code, parsed once: per top-level statement, its cell, the names it defines and
    uses, and the data sets it reaches (see :func:`cell_sources`)."""

    def __init__(self, cells: list[str], root: Path = ROOT):
        graph = load_graph(root)
        modules = _all_modules(root)
        ns = _Namespace("<chapter>")
        self.statements = []
        for i, source in enumerate(cells):
            for stmt in _parse_cell(source):
                if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                    ns.add_import(stmt, modules)
                found = set(_literal_datasets(stmt, ns))
                for ref in _references(stmt, ns, set()):
                    found |= graph.get(ref, frozenset())
                self.statements.append((i, _defined(stmt), _used(stmt), frozenset(found)))

    def sources(self, index: int) -> frozenset[str]:
        needed: set[str] = set()
        found: set[str] = set()
        for i, defined, used, sets in reversed(self.statements):
            if i > index:
                continue
            if i == index or (defined & needed):
                needed |= used
                found |= sets
        return frozenset(found)


def cell_sources(cells: list[str], index: int, root: Path = ROOT) -> frozenset[str]:
    """The data sets behind the output of code cell ``cells[index]`` (``cells``: the sources of a
    chapter's code cells, in order); see the module docstring."""
    return _Chapter(cells, root).sources(index)


# --- what a figure draws, as CSV ----------------------------------------------------------------


def chart_specs(output_html: str) -> list[tuple[str, dict]]:
    """``[(div id, Vega-Lite spec), ...]`` of the bot_core charts in an output's HTML."""
    found = []
    for div in _CHART_DIV.finditer(output_html):
        m = _EMBED.search(output_html, div.end())
        if m is None:
            raise ValueError(f"chart {div.group(1)}: no vegaEmbed call follows its div")
        found.append((div.group(1), json.loads(m.group(1))))
    return found


def _walk_data(spec, sets: dict, formats: dict) -> None:
    """The data of a spec and of its layers and panels: inline ``values`` (by a made-up name) and
    the format each named data set is read with."""
    if isinstance(spec, list):
        for sub in spec:
            _walk_data(sub, sets, formats)
        return
    if not isinstance(spec, dict):
        return
    data = spec.get("data")
    if isinstance(data, dict):
        if "values" in data:
            sets[f"values-{len(sets) + 1}"] = data["values"]
            formats[f"values-{len(sets)}"] = data.get("format") or {}
        elif "name" in data and data.get("format"):
            formats[data["name"]] = data["format"]
    for key in ("layer", "vconcat", "hconcat", "concat", "spec"):
        if key in spec:
            _walk_data(spec[key], sets, formats)


def _compact_meta(spec: dict) -> dict | None:
    """The ``usermeta`` entry of a chart that carries the threat explorer's compact CSV
    (``threat_explorer``, or a case figure's ``case_figure``), if any."""
    for meta in (spec.get("usermeta") or {}).values():
        if isinstance(meta, dict) and {"perceivers", "first_year", "year_step", "decimals"} <= set(meta):
            return meta
    return None


def _frame_rows(frame) -> tuple[list[str], list[list]]:
    return [str(c) for c in frame.columns], frame.astype(object).where(frame.notna(), None).values.tolist()


def chart_tables(spec: dict) -> list[tuple[str, list[str], list[list]]]:
    """The data sets a chart's spec embeds, as ``[(name, columns, rows), ...]`` (see the module
    docstring); a data set with no column (an empty one for constant marks) is left out."""
    import pandas as pd

    sets: dict[str, object] = dict(spec.get("datasets") or {})
    formats: dict[str, dict] = {}
    _walk_data(spec, sets, formats)
    meta = _compact_meta(spec)
    out = []
    for name, values in sets.items():
        fmt = formats.get(name, {})
        if isinstance(values, str):
            kind = fmt.get("type", "csv")
            if kind not in ("csv", "tsv", "dsv"):
                raise ValueError(f"data set {name}: values of format {kind!r} cannot be written as CSV")
            if meta is not None and kind == "csv" and values.startswith("i,y,j,"):
                from bot_core.charts.explorer import embedded_data

                frame = embedded_data({"data": {"name": name, "format": fmt}, "datasets": {name: values},
                                       "usermeta": {"threat_explorer": meta}})
            else:
                sep = {"csv": ",", "tsv": "\t"}.get(kind, fmt.get("delimiter", ","))
                frame = pd.read_csv(io.StringIO(values), sep=sep, dtype=str, keep_default_na=False)
            columns, rows = _frame_rows(frame)
        elif isinstance(values, list):
            if values and not all(isinstance(row, dict) for row in values):  # vega-lite names plain values "data"
                columns, rows = ["data"], [[v] for v in values]
            else:
                columns = []
                for row in values:
                    for k, v in row.items():
                        if k not in columns and not isinstance(v, (dict, list)):
                            columns.append(k)
                rows = [[row.get(c) for c in columns] for row in values]
        else:
            continue
        if columns:
            out.append((name, columns, rows))
    return out


class _TableReader(HTMLParser):
    """The cells of an HTML table, spans expanded: ``head`` and ``body`` rows of strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head: list[list[str]] = []
        self.body: list[list[str]] = []
        self._section = "body"
        self._row: list | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[tuple[str, int], list] = {}  # (section, column) -> [text, rows left]
        self._depth = 0
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._depth += 1
        if self._depth != 1:
            return
        if tag == "style":
            self._in_style = True
        elif tag == "thead":
            self._section = "head"
        elif tag == "tbody":
            self._section = "body"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._span = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
            return
        if self._depth != 1:
            return
        if tag == "style":
            self._in_style = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._fill()
            text = " ".join("".join(self._cell).split())
            rows, cols = self._span
            for _ in range(cols):
                if rows > 1:
                    self._pending[(self._section, len(self._row))] = [text, rows - 1]
                self._row.append(text)
                self._fill()
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._fill()
            (self.head if self._section == "head" else self.body).append(self._row)
            self._row = None
        elif tag == "thead":
            self._section = "body"

    def _fill(self):
        """Put the cells that spans from rows above carry into this row's next places."""
        while (self._section, len(self._row)) in self._pending:
            key = (self._section, len(self._row))
            text, left = self._pending[key]
            self._row.append(text)
            if left <= 1:
                del self._pending[key]
            else:
                self._pending[key][1] = left - 1

    def handle_data(self, data):
        if self._cell is not None and not self._in_style:
            self._cell.append(data)


def html_table(table_html: str) -> tuple[list[str], list[list[str]]]:
    """``(columns, rows)`` of an HTML table as the page shows it: the header rows joined with
    " / " column by column (empty parts left out), the body rows as they are."""
    reader = _TableReader()
    reader.feed(table_html)
    reader.close()
    head, body = reader.head, reader.body
    if not head and body and all(c for c in body[0]):  # a table without thead: the first row heads it
        head, body = body[:1], body[1:]
    width = max([len(r) for r in head + body] or [0])
    columns = []
    for j in range(width):
        parts = [r[j] for r in head if j < len(r) and r[j]]
        columns.append(" / ".join(dict.fromkeys(parts)))
    rows = [r + [""] * (width - len(r)) for r in body]
    return columns, rows


def write_csv(path: Path, columns: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


# --- the line under a figure ------------------------------------------------------------------


def version_label(name: str) -> str:
    """A data set's version as its producers state it, else the commit of the copy that is read."""
    if name == CURATED:
        import bot_core

        return f"bot_core {bot_core.__version__}"
    from bot_core import datasets

    ds = datasets.info(name)
    if ds.version:
        return ds.version
    return f"{ds.source} {ds.commit[:7]}" if ds.commit else ds.source


def references(names) -> list[str]:
    """The works to cite for the data sets ``names`` (each once, in the order first met)."""
    from bot_core import datasets

    out: dict[str, None] = {}
    for name in sorted(names):
        if name == CURATED:
            out["Balance of Threat authors: curated events file (data/curated_events.csv of this book)."] = None
            continue
        for line in datasets.citation(name).splitlines():
            out[line] = None
    return list(out)


def _anchor(name: str) -> str:
    return "data-set-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def source_block(links: list[tuple[str, str, int]], names, *, what: str) -> str:
    """The HTML line under a figure or table: ``links`` are ``(href, label, rows)`` of its CSV files;
    each data set links to its entry in the page's list (:func:`sources_list`)."""
    e = html.escape
    data = " ".join(
        f'<a class="bot-source-csv" href="{e(href)}" download>{e(label)}</a> ({rows:,} rows)'
        for href, label, rows in links
    )
    every = REGISTRY in names
    names = sorted(set(names) - {REGISTRY})
    if every:
        sources = ("every data set of bot_core's registry (<code>bot_core/registry.tsv</code>), each with the "
                   "version and the works to cite that this chapter's tables list")
        cite = "this page (below) and the works the tables list"
    elif names:
        sources = ", ".join(f'<a href="#{_anchor(n)}"><code>{e(n)}</code></a> ({e(version_label(n))})' for n in names)
        cite = "this page (below) and each data set's works (follow its name)"
    else:
        sources = "none of the data sets (computed by bot_core from its own settings)"
        cite = "this page (below)"
    return (f'<div class="bot-source" data-for="{e(what)}"><p><strong>Data:</strong> {data} · '
            f"<strong>Sources:</strong> {sources} · <strong>Cite:</strong> {cite}</p></div>")


def sources_list(names) -> str:
    """The page's list of the data sets its figures and tables draw on: each with its version and
    the works to cite (``datasets.citation``), under an id the source lines link to."""
    e = html.escape
    names = sorted(set(names) - {REGISTRY})
    if not names:
        return ""
    items = "".join(
        f'<dt id="{_anchor(n)}"><code>{e(n)}</code>, version {e(version_label(n))}</dt><dd><ul>'
        + "".join(f"<li>{e(r)}</li>" for r in references([n])) + "</ul></dd>"
        for n in names
    )
    return ('\n<div class="bot-data-sources" id="bot-data-sources">\n'
            "<p><strong>Data sets behind this page's figures and tables, and what to cite</strong></p>\n"
            f"<dl>{items}</dl>\n</div>\n")


# --- the build hook ------------------------------------------------------------------------------


def page_items(nb: dict, root: Path = ROOT):
    """For each output of a chapter notebook that shows a chart or a table: ``(output html, kind,
    [(name, columns, rows), ...], data set names)``, in the order of the notebook."""
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in code]
    chapter = _Chapter(sources, root)
    for i, cell in enumerate(code):
        for out in cell.get("outputs", []):
            raw = (out.get("data") or {}).get("text/html")
            if raw is None:
                continue
            text = "".join(raw) if isinstance(raw, list) else raw
            charts = chart_specs(text)
            if charts:
                names = chapter.sources(i)
                for div, spec in charts:
                    yield text, "chart", div, chart_tables(spec), names
            elif "<table" in text.lower():
                names = chapter.sources(i)
                tables = []
                for k, m in enumerate(_TABLE.finditer(text), start=1):
                    columns, rows = html_table(m.group(0))
                    tables.append((f"table-{k}", columns, rows))
                yield text, "table", None, tables, names


def decorate(body: str, nb: dict, pagename: str, outdir: Path, root: Path = ROOT) -> tuple[str, dict]:
    """``body`` with a source line after every chart and table of ``nb`` that it shows, and the
    list of their data sets at its end; the CSV files are written under
    ``outdir/figure-data/<pagename>/``. Returns the body and counts."""
    page_dir = Path(outdir) / OUT_DIR / pagename
    here = (Path(outdir) / pagename).parent
    counts = {"charts": 0, "tables": 0, "not shown": 0}
    used: set[str] = set()
    n_table = 0
    start = 0
    for text, kind, div, tables, names in page_items(nb, root):
        stripped = text.strip()
        at = body.find(stripped, start)
        if at < 0:
            at = body.find(stripped)
        if at < 0:  # a removed output (remove-output, remove-cell): not in the page
            counts["not shown"] += 1
            continue
        end = at + len(stripped)
        if kind == "table":
            n_table += 1
            stem = f"table-{n_table}"
        else:
            stem = div
        links = []
        for name, columns, rows in tables:
            file = page_dir / (f"{stem}.csv" if len(tables) == 1 else f"{stem}-{name}.csv")
            write_csv(file, columns, rows)
            label = "download CSV" if len(tables) == 1 else f"CSV part {len(links) + 1}"
            links.append((os.path.relpath(file, here).replace(os.sep, "/"), label, len(rows)))
        if not links:
            continue
        block = source_block(links, names, what=stem)
        used |= names
        body = body[:end] + block + body[end:]
        start = end + len(block)
        counts["charts" if kind == "chart" else "tables"] += 1
    return body + sources_list(used), counts


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or "body" not in context or pagename not in app.env.found_docs:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".ipynb":
        return
    # the notebook as myst-nb rendered it (executed, or as stored when execution is off or cached)
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if executed.is_file():
        source = executed
    nb = json.loads(source.read_text(encoding="utf-8"))
    context["body"], counts = decorate(context["body"], nb, pagename, Path(app.outdir), Path(app.srcdir))
    app.env.bot_figure_data = getattr(app.env, "bot_figure_data", {})
    app.env.bot_figure_data[pagename] = counts


def setup(app):
    # before book_meta's handler (priority 500), so that the list of data sets precedes "Cite this page"
    app.connect("html-page-context", _page_context, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}
