# Two entry points: `make demo` and `make test`. Both create .venv and install on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-pg lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# analyse the example articles, ingest the sample corpus into marsad.db, then serve the dashboard
demo: $(STAMP)
	$(BIN)/marsad demo --db marsad.db --serve --port $(or $(PORT),8000)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

# the tests with a private PostgreSQL (scripts/pg-test.sh), as .ci/run runs them
test-pg: $(STAMP)
	pg_env=$$(scripts/pg-test.sh start) || exit 1; eval "$$pg_env"; trap 'scripts/pg-test.sh stop' EXIT; $(MAKE) test

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
