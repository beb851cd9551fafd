# Nama: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both do every set-up step themselves, and a second run only checks and moves on.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

# Debian packages: gettext compiles translations; fonts-noto-core gives PDFs and
# screenshots full Arabic and Kurdish glyphs; chromium runs the browser tests;
# exiftool checks that evidence working copies carry no GPS metadata; poppler-utils
# (pdftotext) extracts the text of PDF library resources.
RUN_PACKAGES := gettext fonts-noto-core poppler-utils
TEST_PACKAGES := $(RUN_PACKAGES) chromium libimage-exiftool-perl

PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test lint setup setup-test system-run system-test messages migrate vendor makemessages clean

run: system-run setup
	DEBUG=true NAMA_DEMO_MODE=true $(MANAGE) seed_demo
	@DEBUG=true NAMA_DEMO_MODE=true PORT=$(PORT) ./scripts/run-local.sh

test: system-test setup
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy nama

setup: $(STAMP) var/local.env messages migrate

system-run:
	@./scripts/system-packages.sh $(RUN_PACKAGES)

system-test:
	@./scripts/system-packages.sh $(TEST_PACKAGES)

$(STAMP): pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Nama needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev]'
	@touch $@

var/local.env: | $(STAMP)
	$(PY) -m nama.local_secrets

messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

migrate: $(STAMP) var/local.env
	@$(MANAGE) migrate --noinput --verbosity 0
	@$(MANAGE) load_reference_data

# Refresh the vendored front-end files in static/vendor from npm (needs Node and npm;
# the files are committed, so `make run` and `make test` never need npm).
vendor:
	npm ci --no-audit --no-fund
	./scripts/vendor_assets.sh

# Extract new strings into the ar, ckb and en catalogues.
makemessages: $(STAMP)
	$(MANAGE) makemessages --no-obsolete --no-location -l ar -l ckb -l en \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'static/vendor/*' --ignore '*/tests/*'

clean:
	rm -rf $(VENV) var/staticfiles var/screenshots
