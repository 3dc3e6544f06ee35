# One task runner; its targets are the README's commands.
#   make site     set up .venv, build the digest, the site and the feeds into site/
#   make serve    preview at the address printed (rebuilds when seeds/ change)
#   make test     set up everything tests need (incl. Debian's chromium, as root or via passwordless sudo) and run all tests
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
# Material 9.7+ prints a notice about MkDocs 2.0 on every build; the README says where MkDocs is going.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help site serve test lint fuzz bench eval golden clean distclean search-index system-deps

help:
	@echo "make site      build the site from seeds/ into site/"
	@echo "make search-index  (re)index the built site for search; 'make site' runs it"
	@echo "make serve     preview the site locally"
	@echo "make test      install what tests need and run them all"
	@echo "make lint      ruff checks and format check"
	@echo "make golden    rewrite tests/golden/ from the code and show the diff to review"
	@echo "make fuzz      property tests at 10,000 examples (slow)"
	@echo "make bench     the performance benchmark (slow)"
	@echo "make eval      summary and keyphrase quality on ../shared/eval (minutes)"
	@echo "make clean     remove generated pages and site/ (keeps the analysis cache)"
	@echo "make distclean clean, plus the cache and .venv"

$(VENV)/.site-deps: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@touch $@

$(VENV)/.test-deps: requirements-dev.lock $(VENV)/.site-deps
	$(PIP) install -r requirements-dev.lock
	@touch $@

# `make site STRICT=1` fails on any warning too, before writing anything (`briefing build --strict`).
# Exit 1 with a site built means some reports were skipped: the rest are published, so they are
# indexed for search too, and make still fails so the skipped ones are not missed (nor deployed past).
site: $(VENV)/.site-deps
	$(PY) build_digest.py $(if $(STRICT),--strict) || { status=$$?; \
	  if [ $$status -eq 1 ] && [ -z "$(STRICT)" ] && [ -f site/index.html ]; then \
	    $(PY) -m briefing search-index; fi; exit $$status; }
	$(PY) -m briefing search-index
	@echo "Site built in site/; run 'make serve' to read it (its links are folders: opened as files they do not work)."

# The search index of the built site (Pagefind); a no-op when no report page changed.
search-index: $(VENV)/.site-deps
	$(PY) -m briefing search-index

serve: $(VENV)/.site-deps
	$(PY) -m briefing serve

# Debian packages the browser tests need; installed as root or through sudo without a password prompt.
system-deps:
	@bash tests/tools/system_deps.sh

# Property tests run 1,000 examples here (the issue's floor); `make fuzz` runs 10,000.
test: $(VENV)/.test-deps system-deps
	$(VENV)/bin/ruff check .
	HYPOTHESIS_PROFILE=ci $(PY) -m pytest -q

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check briefing tests build_digest.py

# Rewrite tests/golden/ from the current code, then show what changed: review every line.
golden: $(VENV)/.test-deps
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py
	git --no-pager diff --stat -- tests/golden; git --no-pager diff -- tests/golden | head -200

fuzz: $(VENV)/.test-deps
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_properties.py

bench: $(VENV)/.site-deps
	$(PY) benchmarks/run.py

eval: $(VENV)/.test-deps
	$(PY) -m evaluation.score_bbc
	$(PY) -m evaluation.score_cnndm
	$(PY) -m evaluation.keyphrases

clean: $(VENV)/.site-deps
	$(PY) -m briefing clean
	rm -rf site

distclean: clean
	rm -rf .cache $(VENV)
