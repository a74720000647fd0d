# Two commands for a fresh machine: `make run` (the system with demo data on 127.0.0.1:8000, on the
# embedded SQLite database) and `make test` (the whole suite; set DATABASE_URL for PostgreSQL).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test check bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) check
	$(PY) -m pytest

check: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py openapi --check
	$(PY) manage.py check

bench: $(STAMP)
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS bjpermit_bench" -c "CREATE DATABASE bjpermit_bench"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bjpermit_bench $(PY) bench/sweep_benchmark.py --permits 100000

clean:
	rm -rf $(VENV) var
