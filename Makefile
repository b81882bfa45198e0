# Everything starts from a fresh clone: `make serve` or `make test` set up what they need.
PYODIDE_VERSION := 314.0.7
MERMAID_VERSION := 11.17.2
AXE_VERSION := 4.14.1
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
VENDOR := .cache/vendor
PYODIDE := $(VENDOR)/pyodide/.version-$(PYODIDE_VERSION)-pyc
MERMAID := $(VENDOR)/mermaid/.version-$(MERMAID_VERSION)
TEST_VENDOR := .cache/test-vendor
AXE := $(TEST_VENDOR)/axe-core/.version-$(AXE_VERSION)
PORT ?= 8000

.PHONY: all setup vendor validate rules build serve test test-fast bench quality coverage coverage-pin golden clean

all: build

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Pyodide and Mermaid come from the npm registry as packages and are copied
# into the built site: the site never loads anything from another host.
$(PYODIDE):
	rm -rf $(VENDOR)/pyodide && mkdir -p $(VENDOR)/pyodide
	cd $(VENDOR) && npm pack --silent pyodide@$(PYODIDE_VERSION) >/dev/null
	tar -xzf $(VENDOR)/pyodide-$(PYODIDE_VERSION).tgz -C $(VENDOR)/pyodide --strip-components=1
	rm -f $(VENDOR)/pyodide-$(PYODIDE_VERSION).tgz
	node generator/precompile_stdlib.mjs $(VENDOR)/pyodide
	touch $@

$(MERMAID):
	rm -rf $(VENDOR)/mermaid && mkdir -p $(VENDOR)/mermaid
	cd $(VENDOR) && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null
	tar -xzf $(VENDOR)/mermaid-$(MERMAID_VERSION).tgz -C $(VENDOR)/mermaid --strip-components=2 package/dist/mermaid.min.js
	rm -f $(VENDOR)/mermaid-$(MERMAID_VERSION).tgz
	touch $@

# axe-core (the accessibility rules) is for the browser tests only: Playwright injects
# it into the pages under test; the site itself never carries it.
$(AXE):
	rm -rf $(TEST_VENDOR)/axe-core && mkdir -p $(TEST_VENDOR)/axe-core
	cd $(TEST_VENDOR) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null
	tar -xzf $(TEST_VENDOR)/axe-core-$(AXE_VERSION).tgz -C $(TEST_VENDOR)/axe-core --strip-components=1 package/axe.min.js package/LICENSE
	rm -f $(TEST_VENDOR)/axe-core-$(AXE_VERSION).tgz
	touch $@

vendor: $(PYODIDE) $(MERMAID) $(AXE)

validate: $(STAMP)
	$(PY) -m generator validate

rules: $(STAMP)
	$(PY) -m generator rules

build: $(STAMP) vendor
	$(PY) -m generator build

serve: build
	$(PY) -m generator serve --port $(PORT)

test: build
	$(PY) -m pytest

test-fast: rules
	$(PY) -m pytest -m "not browser and not slow"

bench: build
	$(PY) bench/checker_bench.py
	$(PY) bench/browser_bench.py
	$(PY) bench/quality.py
	$(PY) bench/batch_bench.py

# Recall on the development, blind and delivery-app sets; false alarms on real agent
# turns, the acceptable lines and the recommended replies. Figures only.
quality: rules
	$(PY) bench/quality.py

coverage: $(STAMP)
	$(PY) -m generator coverage

# After adding or removing entries on purpose: the pinned counts the tests compare with.
coverage-pin: $(STAMP)
	$(PY) -m generator coverage --pin

# Record what the checker finds on every rule example and the bench corpus
# (tests/test_golden.py compares against it); only after changing rules on purpose.
golden: rules
	$(PY) -m tests.golden

clean:
	rm -rf site docs build
