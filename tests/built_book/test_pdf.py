"""The PDF of the whole book (``make pdf``, tools/book_pdf.py), printed from the built book.

It opens; it has one bookmarked section per page of ``_toc.yml``, in that order, whose first page
shows the chapter's title; and every chart of every page is drawn into that page's section of the
PDF as an image of the size the tool drew it (as many images as the page has charts).
"""

from __future__ import annotations

import html
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

from .conftest import ROOT, SITE

spec = importlib.util.spec_from_file_location("book_pdf", ROOT / "tools" / "book_pdf.py")
book_pdf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(book_pdf)

#: The book whose site is tested: the folder holding the built site's _toc.yml (``make book``
#: builds into ``<book>/_build/html``), else this repository.
BOOK = SITE.parents[1] if (SITE.parents[1] / "_toc.yml").is_file() else ROOT

pytestmark = pytest.mark.skipif(not (SITE / "index.html").is_file(),
                                reason=f"no built book at {SITE}: run `make book` first, then `make pdf`")


def _title(page: str) -> str:
    """The page's title as its ``<title>`` gives it (before the book's name)."""
    text = (SITE / page).read_text(encoding="utf-8")
    return html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1)).split(" \u2014 ")[0].strip()


def _words(text: str) -> str:
    """Text as a run of words (ligatures undone), to compare what the PDF shows with the HTML."""
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\ufb00", "ff")
    return " ".join(re.findall(r"\w+", text.lower()))


def _images(page) -> list:
    """The image objects a PDF page draws (inside forms too), each once: (reference, width, height)."""
    found = []

    def walk(resources):
        xobjects = resources.get("/XObject") if resources else None
        for ref in (xobjects.get_object().values() if xobjects else []):
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append((getattr(ref, "idnum", id(obj)), int(obj["/Width"]), int(obj["/Height"])))
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    walk(page.get("/Resources"))
    return found


@pytest.fixture(scope="module")
def printed(browser, server, tmp_path_factory):
    from pypdf import PdfReader

    out = SITE.parent / "pdf" / "balance_of_threat.pdf"
    record = book_pdf.build(SITE, out, browser=browser, server=server, root=BOOK, log=lambda *a: None)
    seconds = sum(c["seconds"] for c in record["chapters"])
    print(f"\nPDF: {record['pages']} pages, {record['bytes'] / 1e6:.1f} MB, {seconds:.0f} s to print "
          f"{len(record['chapters'])} pages of the book ({seconds / len(record['chapters']):.1f} s each)")
    return PdfReader(out), record


def test_pdf_opens_with_title_page_and_version(printed):
    reader, record = printed
    assert len(reader.pages) == record["pages"] > len(record["chapters"])
    first = _words(reader.pages[0].extract_text())
    assert _words(book_pdf.version().split(" ")[0]) in first and "version" in first
    assert reader.metadata.title


def test_pdf_has_one_section_per_chapter_in_toc_order(printed):
    reader, _ = printed
    toc = book_pdf.toc_pages(BOOK)
    bookmarks = []
    for item in reader.outline:
        items = item if isinstance(item, list) else [item]
        bookmarks += [(b.title, reader.get_destination_page_number(b)) for b in items]
    parts = {e["part"] for e in toc if e["part"]}
    chapters = [(t, n) for t, n in bookmarks if t not in parts]
    assert [t for t, _ in chapters] == [_title(e["html"]) for e in toc]
    starts = [n for _, n in chapters]
    assert starts == sorted(set(starts)) and starts[0] == 1, "each chapter must start on its own pages, in order"
    for (title, start) in chapters:
        assert _words(title) in _words(reader.pages[start].extract_text()), f"page {start + 1} lacks {title!r}"


def test_every_chart_is_drawn_into_its_chapter(printed):
    reader, record = printed
    assert [c["page"] for c in record["chapters"]] == [e["html"] for e in book_pdf.toc_pages(BOOK)]
    ends = [c["first_page"] for c in record["chapters"][1:]] + [len(reader.pages)]
    total = 0
    for chapter, end in zip(record["chapters"], ends):
        page = chapter["page"]
        in_html = len(re.findall(r'class="bot-core-chart"', (SITE / page).read_text(encoding="utf-8")))
        assert len(chapter["charts"]) == in_html, f"{page}: {len(chapter['charts'])} of {in_html} charts drawn"
        images = {ref: (w, h) for p in reader.pages[chapter["first_page"]:end] for ref, w, h in _images(p)}
        drawn = Counter(tuple(size) for size in chapter["charts"])
        missing = drawn - Counter(images.values())
        assert not missing, f"{page}: charts missing from its pages of the PDF (pixel sizes): {dict(missing)}"
        total += in_html
    print(f"\nPDF: {total} charts, each an image in its chapter")


def test_the_pdf_shows_no_screen_furniture(printed):
    """print.css at work: no code toggles, skip links or back-to-top buttons; checked on each
    chapter's first page and on every page with a chart (hidden code sits above the figures), since
    reading the text of all the book's pages takes minutes."""
    reader, record = printed
    checked = {c["first_page"] for c in record["chapters"]}
    checked |= {i for i, page in enumerate(reader.pages) if _images(page)}
    for i in sorted(checked):
        text = reader.pages[i].extract_text()
        for furniture in ("Show code cell source", "Skip to main content", "Back to top"):
            assert furniture not in text, f"page {i + 1} of the PDF prints {furniture!r}"
