# Two commands for a fresh machine: `make run` (the system with demo data on 127.0.0.1:8000, on the
# embedded SQLite database) and `make test` (the whole suite; set DATABASE_URL for PostgreSQL).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: run test screenshots check bench bench-read clean system-deps drill-production drill-concurrency lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) system-deps check
	$(PY) -m pytest

# The README's screenshots (docs/screenshots/), re-taken by the browser tests; `make test` writes its
# screenshots under var/screenshots/ and leaves the tracked ones alone.
screenshots: $(STAMP) system-deps
	SCREENSHOTS=docs $(PY) -m pytest -q web/tests/browser

# Browser tests drive Debian's Chromium; screenshots need a CJK font. Installed from Debian when
# missing (root, as on CI); never a downloaded browser.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "Browser tests need Debian's chromium and fonts-noto-cjk: sudo apt-get install chromium fonts-noto-cjk"; exit 1; fi; \
	fi

check: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m bandit -q -r . -x ./.venv,./var -ll
	$(PY) -m mypy .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py openapi --check
	$(PY) manage.py check

bench: $(STAMP)
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS bjpermit_bench" -c "CREATE DATABASE bjpermit_bench"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bjpermit_bench $(PY) bench/sweep_benchmark.py --permits 100000

# The read paths at city scale: 1,000,000 permits over 100,000 units (filling takes about ten minutes).
bench-read: $(STAMP)
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS bjpermit_readbench" -c "CREATE DATABASE bjpermit_readbench"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bjpermit_readbench $(PY) bench/read_benchmark.py

# The production drill (CI runs it after `make test`): `pip install .` into a fresh venv, two gunicorns
# behind Debian's nginx with the deploy/ files, checks over https, backup and restore (drills/production.py).
drill-production: $(STAMP)
	$(PY) drills/production.py

# The concurrency drill (issue 9) at full size, by hand: approval vs filing, conflicting decisions, the
# daily job over 100,000 permits under filings, over gunicorn -w 4 on a throwaway PostgreSQL database
# (5 to 10 minutes on 2 cores). CI runs the short form: make drill-concurrency DRILL_ARGS=--short
drill-concurrency: $(STAMP)
	$(PY) drills/concurrency.py $(DRILL_ARGS)

# Re-pin every dependency after a change to pyproject.toml's ranges (uv, from PyPI), then `make test`.
lock:
	test -x $(VENV)/bin/uv || $(PY) -m pip install -q uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra s3 --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --quiet -o requirements.lock

clean:
	rm -rf $(VENV) var
