# Two commands do all the set-up on a fresh machine:
#   make serve   build the site and serve it at http://127.0.0.1:8000 (live reload)
#   make test    run the whole test suite
# Both create .venv on first use and reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# Check the annotations without building the site (the same checks as the build).
check: $(STAMP)
	$(BIN)/annotated-report check

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache
