"""The book's version and how to cite it, in every page: a Sphinx extension (``sphinx:
local_extensions`` in ``_config.yml``).

* The **version** is ``bot_core.__version__`` (the one place it is set; ``pyproject.toml`` reads it).
  The top heading of ``CHANGELOG.md`` (``## X.Y.Z (YYYY-MM-DD): ...``) must name the same version, and
  its date is the release date; the build stops with an error saying what to fix when they disagree.
* The **footer** of every page says "Balance of Threat, version X.Y.Z (YYYY-MM-DD)" (the theme's
  ``extra_footer``, added to whatever ``html: extra_footer`` already holds).
* Every **chapter** (every page of the table of contents) ends with a "Cite this page" box: the
  chapter's title, the book's title and authors, the version, the year and the book's address
  (``repository: url:`` of ``_config.yml``, see ``tools/book_address.py``), as a sentence and as
  BibTeX.
* The entries of a bibliography are list items for assistive technology (``role="listitem"``, not
  the deprecated ``doc-biblioentry``); the toggles of hidden code cells are named by the words they
  show.
* ``_static/chart-data.js`` (every chart's data as a table and a CSV download) is loaded once, in
  the page head right after the vega bundle, so that it wraps ``vegaEmbed`` before any chart calls it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG = "CHANGELOG.md"
CHART_DATA_JS = "chart-data.js"  # under _static
VEGA_BUNDLE = "vendor/vega/vega-bundle.js"
HEADING = re.compile(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\): \S.*$", re.M)


def releases(root: Path = ROOT) -> list[tuple[str, str]]:
    """``[(version, date), ...]`` from the level-2 headings of ``CHANGELOG.md``, newest first.

    Every level-2 heading must be a version heading ``## X.Y.Z (YYYY-MM-DD): what changed``.
    """
    text = (Path(root) / CHANGELOG).read_text(encoding="utf-8")
    found = []
    for line in re.findall(r"^## .*$", text, flags=re.M):
        m = HEADING.match(line)
        if m is None:
            raise ValueError(f"{CHANGELOG}: the heading {line!r} is not a version heading "
                             "'## X.Y.Z (YYYY-MM-DD): what changed'; put each entry under one.")
        found.append((m.group(1), m.group(2)))
    if not found:
        raise ValueError(f"{CHANGELOG} has no version heading '## X.Y.Z (YYYY-MM-DD): what changed'.")
    return found


def release(root: Path = ROOT) -> tuple[str, str]:
    """The book's ``(version, date)``: ``bot_core.__version__`` and the date of its changelog heading."""
    import bot_core

    version, date = releases(root)[0]
    if version != bot_core.__version__:
        raise ValueError(
            f"bot_core.__version__ is {bot_core.__version__} but the top heading of {CHANGELOG} is {version}: "
            "a release changes both (and CITATION.cff's version and date-released)."
        )
    return version, date


def cite_box(*, chapter: str, book: str, authors: str, version: str, date: str, url: str, page: str) -> str:
    """The HTML of the "Cite this page" box (every value is escaped here)."""
    e = html.escape
    year = date[:4]
    key = re.sub(r"[^A-Za-z0-9]+", "_", f"bot_{page.rsplit('/', 1)[-1]}_{version}").strip("_")
    bibtex = (
        f"@incollection{{{key},\n"
        f"  author    = {{{{{authors}}}}},\n"
        f"  title     = {{{chapter}}},\n"
        f"  booktitle = {{{book}}},\n"
        f"  note      = {{Version {version}, {date}; page {page}}},\n"
        f"  year      = {{{year}}},\n"
        f"  url       = {{{url}}}\n"
        "}"
    )
    return (
        f'\n<div class="bot-cite" data-version="{e(version)}">\n'
        '<p class="bot-cite-heading"><strong>Cite this page</strong></p>\n'
        f'<p class="bot-cite-text">{e(authors)} ({e(year)}). \u201c{e(chapter)}\u201d. In <em>{e(book)}</em>, '
        f'version {e(version)} ({e(date)}). <a href="{e(url)}">{e(url)}</a> (page <code>{e(page)}</code>).</p>\n'
        f'<details class="bot-cite-bibtex"><summary>BibTeX</summary>\n<pre><code>{e(bibtex)}</code></pre>\n</details>\n'
        "</div>\n"
    )


def _book_title(config) -> str:
    """The book's title: ``title`` of ``_config.yml``, which jupyter-book passes as ``html_title``."""
    return config.html_title or config.project


def _name(entry) -> str:
    return entry[0] if isinstance(entry, (tuple, list)) else entry


def _config_inited(app, config) -> None:
    from sphinx.errors import ExtensionError

    try:
        version, date = release(Path(app.srcdir))
    except ValueError as err:
        raise ExtensionError(str(err)) from None
    config.version = config.release = version
    options = dict(config.html_theme_options or {})
    footer = f'<p class="bot-version">{html.escape(_book_title(config))}, version {version} ({date})</p>'
    options["extra_footer"] = (options.get("extra_footer") or "") + footer
    config.html_theme_options = options

    # chart-data.js: once, right after the vega bundle (jupyter-book also appends every .js in _static)
    js = [e for e in config.html_js_files if _name(e) != CHART_DATA_JS]
    names = [_name(e) for e in js]
    at = names.index(VEGA_BUNDLE) + 1 if VEGA_BUNDLE in names else len(js)
    js.insert(at, CHART_DATA_JS)
    config.html_js_files = js


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or pagename not in app.env.found_docs or "body" not in context:
        return
    # docutils marks each entry of a bibliography role="doc-biblioentry" inside a role="list": DPUB-ARIA
    # 1.1 deprecates that role, so assistive technology (and axe: aria-required-children) finds a list
    # without items; "listitem" is what the entries are.
    context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    # myst-nb labels the toggle of a hidden code cell "Toggle hidden content", which hides what it
    # shows ("Show code cell source"): without the label, its name is the words on the screen
    # (axe: label-content-name-mismatch).
    context["body"] = context["body"].replace('<summary aria-label="Toggle hidden content">', "<summary>")
    version, date = release(Path(app.srcdir))
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    options = app.config.html_theme_options or {}
    url = options.get("repository_url") or getattr(app.config, "html_baseurl", "") or ""
    context["body"] += cite_box(chapter=title, book=_book_title(app.config), authors=app.config.author,
                                version=version, date=date, url=url, page=pagename)


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
