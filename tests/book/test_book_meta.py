"""The book is citable and versioned: one version (``bot_core.__version__``) that pyproject.toml,
CITATION.cff and the top heading of CHANGELOG.md agree with; a valid CITATION.cff; the version in
every page's footer and a "Cite this page" box on every chapter (tools/book_meta.py, checked by
building a small Sphinx project with it); the changelog as an appendix of the book.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

import bot_core

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import book_meta  # noqa: E402

SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json"


def _cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _semver(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def test_version_agrees_in_bot_core_citation_and_changelog():
    version, date = book_meta.releases(ROOT)[0]
    cff = _cff()
    assert re.fullmatch(r"\d+\.\d+\.\d+", bot_core.__version__)
    assert version == bot_core.__version__, "the top heading of CHANGELOG.md is not bot_core.__version__"
    assert str(cff["version"]) == bot_core.__version__, "CITATION.cff's version is not bot_core.__version__"
    assert str(cff["date-released"]) == date, "CITATION.cff's date-released is not the top changelog date"
    assert book_meta.release(ROOT) == (version, date)


def test_changelog_versions_descend_and_every_entry_is_under_one():
    found = book_meta.releases(ROOT)
    versions = [_semver(v) for v, _ in found]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    dates = [d for _, d in found]
    assert dates == sorted(dates, reverse=True)
    assert [v for v, _ in found][-3:] == ["0.3.0", "0.2.0", "0.1.0"]  # the releases restructured from the log


def test_a_heading_that_is_not_a_version_is_refused(tmp_path):
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## 2026-12-07: something\n\n- x\n")
    with pytest.raises(ValueError, match="not a version heading"):
        book_meta.releases(tmp_path)
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## 9.9.9 (2030-01-01): later\n\n- x\n")
    with pytest.raises(ValueError, match="bot_core.__version__ is"):
        book_meta.release(tmp_path)


def test_pyproject_reads_the_version_from_bot_core():
    import tomllib

    from setuptools.config.expand import read_attr

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in conf["project"], "pyproject.toml sets a version of its own"
    assert "version" in conf["project"]["dynamic"]
    attr = conf["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "bot_core.__version__"
    # what setuptools reads when it builds the package (statically, from the source)
    assert read_attr(attr, root_dir=ROOT) == bot_core.__version__


def test_citation_cff_is_valid_cff_1_2_and_names_the_books_authors():
    import jsonschema

    cff = _cff()
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()), format_checker=jsonschema.FormatChecker()).validate(cff)
    assert cff["cff-version"] == "1.2.0"
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff["title"] == config["title"]
    assert [a.get("name") for a in cff["authors"]] == [config["author"]]
    assert cff["repository-code"] == config["repository"]["url"]


def test_an_invalid_citation_is_caught_by_the_schema():
    import jsonschema

    bad = {**_cff(), "authors": [{"surname": "x"}], "date-released": "6 December"}
    errors = list(jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()),
                                             format_checker=jsonschema.FormatChecker()).iter_errors(bad))
    assert errors


def test_the_changelog_is_an_appendix_of_the_book():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    appendices = next(p for p in toc["parts"] if p["caption"] == "Appendices")
    assert {"file": "chapters/changelog"} in appendices["chapters"]
    page = (ROOT / "chapters" / "changelog.md").read_text(encoding="utf-8")
    assert re.search(r"```\{include\} \.\./CHANGELOG\.md\s*\n```", page)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["local_extensions"]["book_meta"] == "tools/"


def test_cite_box_escapes_and_names_everything():
    box = book_meta.cite_box(chapter='Fear & <loathing> "1914"', book="Balance of Threat",
                             authors="The Balance of Threat authors", version="1.2.3", date="2027-01-02",
                             url="https://example.org/x?a=1&b=2", page="chapters/fear")
    assert "<loathing>" not in box and "Fear &amp; &lt;loathing&gt;" in box
    assert "version 1.2.3 (2027-01-02)" in box and "(2027)" in box
    assert 'href="https://example.org/x?a=1&amp;b=2"' in box
    assert "year      = {2027}" in box and "@incollection{bot_fear_1_2_3," in box


def test_a_sphinx_build_shows_the_version_in_the_footer_and_a_cite_box_on_each_page(tmp_path):
    """A small project with the book's theme and the extension: what every page of the book gets."""
    from sphinx.cmd.build import build_main

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "CHANGELOG.md", src / "CHANGELOG.md")
    (src / "_static").mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'tools')!r})\n"
        "project = 'unused'\nhtml_title = 'Balance of Threat'\nauthor = 'The Balance of Threat authors'\n"
        "extensions = ['book_meta']\nhtml_theme = 'sphinx_book_theme'\n"
        "html_static_path = ['_static']\n"
        "html_js_files = ['vendor/vega/vega-bundle.js', 'chart-data.js', 'other.js']\n"
        "html_theme_options = {'repository_url': 'https://github.com/someone/fork', 'extra_footer': '<p>Kept</p>'}\n"
    )
    (src / "index.rst").write_text("Power & threat\n==============\n\n.. toctree::\n\n   second\n")
    (src / "second.rst").write_text("The second chapter\n==================\n\nText.\n")
    out = tmp_path / "html"
    assert build_main(["-q", "-W", "-b", "html", str(src), str(out)]) == 0
    version, date = book_meta.release(ROOT)
    for page, title in (("index.html", "Power &amp; threat"), ("second.html", "The second chapter")):
        text = (out / page).read_text(encoding="utf-8")
        assert f"Balance of Threat, version {version} ({date})" in text, f"{page}: no version in the footer"
        assert "<p>Kept</p>" in text
        box = text[text.index('<div class="bot-cite"'):]
        assert "Cite this page" in box and f"\u201c{title}\u201d" in box
        assert f"version {version} ({date})" in box and f"({date[:4]})" in box
        assert 'href="https://github.com/someone/fork"' in box
        scripts = re.findall(r'<script[^>]*src="_static/([^"?]+)', text)
        assert scripts.count("chart-data.js") == 1
        assert scripts.index("chart-data.js") == scripts.index("vendor/vega/vega-bundle.js") + 1
    assert "bot-cite" not in (out / "search.html").read_text(encoding="utf-8")
