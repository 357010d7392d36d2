# Guanai — two commands: `make run` (set up and serve) and `make test` (set up and test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test lint bench bench-crosscheck bench-exports bench-partitions bench-load bench-load-install screenshots messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Python packages come from the lock files; re-installed only when they change.
$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Front-end packages come from package-lock.json and are served locally (no CDN).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Serve on http://127.0.0.1:8000 with gunicorn (static files by whitenoise) and run the
# background-task worker beside it. Plain HTTP on the loopback only, so the HTTPS-only
# production settings are relaxed here.
run: export GUANAI_HTTPS ?= 0
# The demo's e-mails (digests, verification codes) are written to var/mail/ instead of an
# SMTP server: set EMAIL_BACKEND's SMTP settings to send for real (docs/operations.md).
run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
run: export EMAIL_FILE_PATH ?= var/mail
run: install
	$(BIN)/guanai migrate --no-input -v 0
	@test -f var/.demo-loaded || ($(BIN)/guanai demo > var/demo-logins.txt && touch var/.demo-loaded)
	$(BIN)/guanai collectstatic --no-input -v 0
	@echo
	@cat var/demo-logins.txt
	@echo
	@echo "Guanai: http://$(HOST):$(PORT)/   (Ctrl-C to stop)"
	$(BIN)/guanai serve --host $(HOST) --port $(PORT)

# Chromium, a CJK font and gettext are installed when missing (as root or with sudo without
# a password); otherwise .ci/system-packages stops with the command to run.
test: install
	@.ci/system-packages
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djlint src/guanai --lint
	$(BIN)/lint-imports

# Every benchmark, then the load test at both sizes (bench-load, below).
bench: install bench-load-install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load.py --size small
	$(BIN)/python bench/load.py --size county

# The cross-check matching alone (about 7 minutes, most of it building a million persons):
# replaces only its section of bench/RESULTS.md.
bench-crosscheck: install
	$(BIN)/python bench/crosscheck.py --section

# The exports alone (issue 24: a 100,000-row roster, a 900,000-line bank workbook, beside
# XlsxWriter alone): replaces only its section of bench/RESULTS.md.
bench-exports: install
	$(BIN)/python bench/exports.py --section

bench-partitions: install
	$(BIN)/python bench/partitions.py --section

# The load test of a county's day (issue 24; bench/load.py): Locust from its own lock file,
# requirements-bench.txt, never installed by `make install` or `make test`. SIZE=small
# (20,000 persons, SQLite), county (100,000 persons, 2,000,000 care records, PostgreSQL at
# BENCH_POSTGRES_URL) or tiny (a smoke run); LOAD_ARGS=--knee steps the users up to the knee.
SIZE ?= small
$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

bench-load-install: $(VENV)/.bench-installed

bench-load: bench-load-install
	$(BIN)/python bench/load.py --size $(SIZE) $(LOAD_ARGS)

screenshots: install
	GUANAI_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest tests/e2e -n 0

# Rebuild the translation catalogues (needs GNU gettext); the .po and .mo files are committed.
# Compiled with polib: msgfmt's format check takes "70% of" in a source string for a
# placeholder and refuses its translation.
messages: install
	cd src/guanai && ../../$(BIN)/guanai makemessages -l zh_Hans -l en --no-obsolete --no-location
	$(BIN)/python -c 'import glob, polib; [polib.pofile(p).save_as_mofile(p[:-2] + "mo") for p in glob.glob("src/guanai/locale/*/LC_MESSAGES/django.po")]'

clean:
	rm -rf $(VENV) node_modules var/static
