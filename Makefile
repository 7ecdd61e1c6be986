# Two commands do all the set-up on a fresh machine:
#   make serve   build the site and serve it at http://127.0.0.1:8000 (live reload; PORT=8001 for another port)
#   make test    run the whole test suite (installing Debian's chromium and npm packages first when it can)
# With Zensical instead of MkDocs: make build-zensical, make serve-zensical.
# Both create .venv on first use and reinstall when pyproject.toml changes.

PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := tests/browser/node_modules/.installed
# Material for MkDocs prints a 12-line end-of-life banner on every `mkdocs` run unless this is
# set (material/templates/__init__.py); ProperDocs' notice, if a plugin asks for it, has its own switch.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve build build-zensical serve-zensical test lint lock check bench clean screenshots

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' -c constraints.txt
	touch $(STAMP)

# Pin what `make` installs to the versions in .venv now (after changing pyproject.toml's
# dependencies: `make lock`, run the tests, commit constraints.txt).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade -e '.[test]'
	{ echo "# Exact versions CI and 'make' install (pip install -c constraints.txt). Update: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt

# JavaScript used only by the browser tests (axe-core, W3C selector clients), from the npm registry.
$(NODE_STAMP): tests/browser/package.json tests/browser/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix tests/browser
	touch $(NODE_STAMP)

# A busy port gets one line (not a traceback from the server) and a way out.
serve: $(STAMP)
	@$(BIN)/python -c "import socket, sys; busy = socket.socket().connect_ex(('127.0.0.1', $(PORT))) == 0; sys.exit('Port $(PORT) is busy (another make serve?): stop it, or run make serve PORT=8001' if busy else 0)"
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site
	@# Until site_url is the published address, say so where it cannot be missed (the build only logs it as INFO).
	@$(BIN)/python -c "import pathlib, sys; from annotated_report.project import site_url_notice; n = site_url_notice(pathlib.Path('mkdocs.yml')); n and print('\nWARNING: ' + n + '\n', file=sys.stderr)"

# The same site with Zensical, which reads mkdocs.yml but runs no plugin: `annotated-report pages`
# writes the generated pages, assets and exports into .annotated-report/docs and a derived
# zensical.yml (INHERIT: mkdocs.yml) that Zensical builds into site/.
build-zensical: $(STAMP)
	$(BIN)/annotated-report pages --strict
	$(BIN)/zensical build --clean -f zensical.yml

# Preview with Zensical: the pages command watches seeds/, annotations/, docs/ and mkdocs.yml in
# the background (stopped when the server stops) and zensical serve reloads what it rewrites.
serve-zensical: $(STAMP)
	@$(BIN)/python -c "import socket, sys; busy = socket.socket().connect_ex(('127.0.0.1', $(PORT))) == 0; sys.exit('Port $(PORT) is busy (another make serve?): stop it, or run make serve-zensical PORT=8001' if busy else 0)"
	$(BIN)/annotated-report pages
	@$(BIN)/annotated-report pages --watch & watcher=$$!; \
	  trap 'kill $$watcher 2>/dev/null' EXIT INT TERM HUP; \
	  $(BIN)/zensical serve -f zensical.yml -a 127.0.0.1:$(PORT)

# Check the annotations without building the site (the same checks as the build).
check: $(STAMP)
	$(BIN)/annotated-report check

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy

# Before anything runs: Debian's Chromium and the browser tests' npm packages, installed when
# missing (as root or with sudo), or one line that says what to install (tests/setup-machine.sh).
test: $(STAMP)
	@sh tests/setup-machine.sh
	$(BIN)/python -m pytest

# The README's pictures (docs/screenshots/) from this checkout's site, in Debian's Chromium.
screenshots: $(STAMP) $(NODE_STAMP)
	$(BIN)/python tests/browser/site_tour.py screenshots

# Build time, memory and bytes against plain MkDocs at 25/100/400 documents (see docs/performance.md).
# Override the sizes with: make bench BENCH_ARGS="--sizes 25 100"
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .cache .annotated-report zensical.yml $(VENV) .pytest_cache tests/browser/node_modules
