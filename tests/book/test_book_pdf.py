"""tools/book_pdf.py without a browser: the pages it prints, in order, and the titles it bookmarks.

The printing itself is tested on the built book (tests/built_book/test_pdf.py, ``make site-test``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("book_pdf", ROOT / "tools" / "book_pdf.py")
book_pdf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(book_pdf)


def test_pages_follow_the_table_of_contents():
    pages = book_pdf.toc_pages(ROOT)
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = [line.split("file:")[1].strip() for line in toc.splitlines() if line.strip().startswith("- file:")]
    assert [p["file"] for p in pages] == ["index"] + files
    assert all(p["html"] == p["file"] + ".html" for p in pages)
    assert pages[0]["part"] is None and all(p["part"] for p in pages[1:])


def test_a_book_without_parts_and_a_missing_toc(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: a.ipynb\n  - file: b\n")
    assert [(p["html"], p["part"]) for p in book_pdf.toc_pages(tmp_path)] == [
        ("intro.html", None), ("a.html", None), ("b.html", None)]
    with pytest.raises(FileNotFoundError, match="no table of contents"):
        book_pdf.toc_pages(tmp_path / "elsewhere")


def test_the_title_is_the_first_heading_without_its_link(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><h1>Walt &amp; the <em>balance</em> of threat<a class="headerlink" href="#x" '
                    'title="Link to this heading">#</a></h1><h1>Second</h1></html>', encoding="utf-8")
    assert book_pdf.page_title(page) == "Walt & the balance of threat"
    (tmp_path / "q.html").write_text("<html><p>no heading</p></html>", encoding="utf-8")
    with pytest.raises(ValueError, match="no <h1> title"):
        book_pdf.page_title(tmp_path / "q.html")


def test_no_built_book_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="run `make book` first"):
        book_pdf.build(tmp_path / "html", tmp_path / "out.pdf", root=ROOT)
