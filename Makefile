# The two commands of the README:  `make book` (set up, then build the book)  and  `make test`.
# Everything runs in a virtual environment (.venv) made from requirements.txt, as Binder does.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

# Data: the loader fetches each file by URL and hash into the user cache. When the offline mirror
# ../shared/data exists (one folder per source; the project's machines and CI), use it.
SHARED_DATA := $(abspath ../shared/data)
ifeq ($(origin BOT_CORE_DATA_DIR),undefined)
  ifneq ($(wildcard $(SHARED_DATA)/peacesciencer/MANIFEST.tsv),)
    export BOT_CORE_DATA_DIR := $(SHARED_DATA)
  endif
endif

.PHONY: book test site-test pdf env-test setup assets outputs bench bench-build requirements clean

## book: set up the environment and build the HTML book into _build/html (warnings are errors)
book: setup assets _build/.bot_core.stamp
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is built: open _build/html/index.html"

## test: the whole test suite (unit, property and notebook regression tests)
test: setup
	$(BIN)/python -m pytest

## site-test: open every page of the built book in headless Chromium, offline (after `make book`)
site-test: setup
	$(BIN)/python -m pip install --quiet -r requirements-site.txt
	$(BIN)/python -m pytest -m site tests/built_book

## pdf: the whole book as one PDF, _build/pdf/balance_of_threat.pdf, printed offline by the site
## test's Chromium from the built book, every chart as an image of its default view (after `make book`)
pdf: setup
	$(BIN)/python -m pip install --quiet -r requirements-site.txt
	$(BIN)/python tools/book_pdf.py

## env-test: Binder's environment (requirements.txt alone) runs every chapter; `pip install .` works
env-test: setup
	$(BIN)/python -m pytest -m env tests/environments

setup: $(VENV)/.installed

# The execution cache re-runs a chapter only when its code changes; a change to bot_core (or to
# the pinned environment) must re-run every chapter, so it clears the cache.
BOT_CORE_FILES := $(wildcard bot_core/*.py bot_core/*/*.py bot_core/*.tsv bot_core/*.bib)
_build/.bot_core.stamp: $(BOT_CORE_FILES) requirements.txt
	rm -rf _build/.jupyter_cache
	mkdir -p _build && touch $@

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	# the same bot_core, editable, so that edits to it reach tests and chapters at once
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## assets: vega, vega-lite, vega-embed, the widget manager and MathJax, served from _static/vendor
assets: setup
	$(BIN)/python tools/vendor_assets.py

## outputs: re-execute every chapter and store its outputs, as the book shows them (after a
## reviewed change; the notebook regression tests then compare against these)
outputs: setup
	for nb in chapters/*.ipynb; do \
	  BOT_CORE_PAGE_LOADS_VEGA=1 $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False "$$nb" || exit 1; done

## bench: the speed and memory figures (data loading; re-weighting, top_threats and a sweep; the
## explorer's slider; one validation of a specification; the partner-choice fit and its bootstrap)
## and each chapter's kernel peak against 1 GiB
bench: setup
	$(BIN)/python benchmarks/bench_data.py
	$(BIN)/python benchmarks/bench_threat.py
	$(BIN)/python benchmarks/bench_explorer.py
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_choice.py
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/chapter_memory.py --jobs 2

## bench-build: a clean build of the book, then a rebuild after one chapter changes
bench-build: setup assets
	$(BIN)/python benchmarks/bench_build.py

## requirements: re-pin requirements.txt from requirements.in in a fresh environment
requirements:
	rm -rf /tmp/bot-core-pin && $(PYTHON) -m venv /tmp/bot-core-pin
	/tmp/bot-core-pin/bin/python -m pip install --quiet -r requirements.in
	{ sed -n '1,/^# --- pinned/p' requirements.txt; /tmp/bot-core-pin/bin/python -m pip freeze --exclude pip; echo "."; } > requirements.txt.new
	mv requirements.txt.new requirements.txt

clean:
	rm -rf _build
