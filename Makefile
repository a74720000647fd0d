# Two commands for a fresh machine: `make run` (the system with demo data on 127.0.0.1:8000, on the
# embedded SQLite database; another port: `make run PORT=8001`, every interface: HOST=0.0.0.0) and
# `make test` (the whole suite; set DATABASE_URL for PostgreSQL).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
# Set on the command line only (`=`, not `?=`): a PORT or HOST the shell happens to export is ignored.
HOST = 127.0.0.1
PORT = 8000

.PHONY: run test screenshots check bench bench-read bench-http bench-memory clean system-deps bench-deps \
	drill-production drill-concurrency lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --url http://$(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) system-deps check
	$(PY) -m pytest

# The README's screenshots (docs/screenshots/), re-taken by the browser tests; `make test` writes its
# screenshots under var/screenshots/ and leaves the tracked ones alone.
screenshots: $(STAMP) system-deps
	SCREENSHOTS=docs $(PY) -m pytest -q web/tests/browser

# Debian packages a target needs, installed from Debian when missing (root, as on CI):
# $(call APT_INSTALL,what needs them (told to one not root),packages). Another apt-get at work (a
# second `make test`, unattended upgrades) is waited for, up to ten minutes: install waits for the
# dpkg lock itself (DPkg::Lock::Timeout); update does not wait for its lock on the package lists, so
# it is retried (LC_ALL=C: the message read is the untranslated one).
APT := LC_ALL=C DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600
APT_INSTALL = \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "$(1): sudo apt-get install $(2)"; \
	    exit 1; \
	  fi; \
	  for try in $$(seq 120); do \
	    out=$$($(APT) update 2>&1) && break; \
	    case "$$out" in *"Could not get lock"*) if [ $$try -lt 120 ]; then \
	      [ $$try -gt 1 ] || echo "Another apt-get is at work: waiting for it (up to ten minutes)"; \
	      sleep 5; continue; fi;; \
	    esac; \
	    echo "$$out" >&2; exit 1; \
	  done; \
	  $(APT) install -y $(2) >/dev/null

# Browser tests drive Debian's Chromium (never a downloaded browser); screenshots need a CJK font; the
# rate limit's tests (accounts/tests/test_ratelimit.py) a Redis, the machine's or one they start.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  $(call APT_INSTALL,Browser tests need Debian's chromium and fonts-noto-cjk,chromium fonts-noto-cjk); \
	fi
	@if ! command -v redis-server >/dev/null && ! (redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG); then \
	  $(call APT_INSTALL,The rate limit's tests need Redis (none answers on 127.0.0.1:6379),redis-server); \
	fi

# The HTTP benchmark drives Debian's wrk.
bench-deps:
	@if ! command -v wrk >/dev/null; then $(call APT_INSTALL,The HTTP benchmark needs Debian's wrk,wrk); fi

check: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m bandit -q -r . -x ./.venv,./var -ll
	$(PY) -m mypy .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py openapi --check
	$(PY) manage.py check

# The daily job over 100,000 permits, then a unit's person inspections of 5,000 holders, in one
# throwaway PostgreSQL database.
bench: $(STAMP)
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS bjpermit_bench" -c "CREATE DATABASE bjpermit_bench"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bjpermit_bench $(PY) bench/sweep_benchmark.py --permits 100000
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bjpermit_bench $(PY) bench/inspection_benchmark.py

# The read paths at city scale: 1,000,000 permits over 100,000 units (filling takes about two minutes).
bench-read: $(STAMP)
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS bjpermit_readbench" -c "CREATE DATABASE bjpermit_readbench"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bjpermit_readbench $(PY) bench/read_benchmark.py

# /verify against a hello view over HTTP (gunicorn as deployed, Debian's wrk), side by side, at 100,000
# permits; SIZE=1m: 1,000,000. The database (bjpermit_httpbench_<permits>) is filled afresh unless
# REUSE=1. bench-memory: a web worker's RSS over 10,000 mixed requests (the same database), and the
# daily job's peak RSS over 1,000,000 permits (bjpermit_sweepbench_1000000). BENCH_ARGS: more options
# (bench/http_benchmark.py --help, bench/memory_benchmark.py --help).
BENCH_SIZE = --permits $(if $(filter 1m,$(SIZE)),1000000,100000) $(if $(REUSE),--reuse)
bench-http: $(STAMP) bench-deps
	$(PY) bench/http_benchmark.py $(BENCH_SIZE) $(BENCH_ARGS)

bench-memory: $(STAMP)
	$(PY) bench/memory_benchmark.py $(BENCH_SIZE) $(BENCH_ARGS)

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
