"""Benchmark (not a test): how long the daily job takes over N generated permits.

    make bench                       # 100,000 permits in a throwaway PostgreSQL database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
        .venv/bin/python bench/sweep_benchmark.py --permits 20000

It migrates the database named by DATABASE_URL, fills it set-based (units, holders, permits, cases
in supplement, inspections for part of them), then runs `run_sweep` as of 2 May (the heaviest day:
freezing, suspensions, reminders) twice — the second run shows the cost of an idempotent rerun —
and prints the figures. Use a scratch database: it adds rows and does not clean up.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def fill_sweep_data(permits: int, units: int, year: int) -> None:
    """The job's workload as of 2 May of `year`, set-based (also the concurrency drill's): `units`
    active units, `permits` permits with expiry dates spread over three years (so that some enter
    their renewal window), and this year's inspection for half of the permits and of the units."""
    import citydata
    from django.db import transaction

    issued = dt.date(year - 1, 6, 1)
    with transaction.atomic():
        unit_ids = citydata.make_units(units, verified_at=dt.datetime(year - 1, 1, 1, tzinfo=dt.UTC))
        holder_ids = citydata.make_people(permits)
        permit_ids = citydata.make_permits(
            holder_ids,
            unit_ids,
            lambda i: citydata.permit_dates(dt.date(year, 5, 15) + dt.timedelta(days=(i * 7) % 1095), issued),
        )
        citydata.make_inspections(permit_ids[::2], unit_ids[::2], year)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--permits", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--year", type=int, default=2027)
    parser.add_argument("--fill-only", action="store_true", help="fill only (memory_benchmark.py)")
    args = parser.parse_args()
    # The job runs as of the clock's date, as in production (ops.tasks): the test clock (api.md) is
    # set to each day it runs as of, so that what it reads of "today" (inspections.conditions.
    # r_i03_stamped) is that day.
    clock = Path(tempfile.mkdtemp(prefix="sweep-bench-")) / "clock.txt"
    clock.write_text(dt.date(args.year, 5, 2).isoformat(), encoding="utf-8")
    os.environ["CLOCK_FILE"] = str(clock)

    import django

    django.setup()
    import citydata
    from django.core.management import call_command
    from django.db import connection

    from core.sweep import STEPS, Step
    from ops.sweep import load_steps, run_sweep

    load_steps()
    seconds: dict[str, float] = {}
    for name, step in list(STEPS.items()):  # each step timed, for where the first run's time goes
        def timed(today: dt.date, name: str = name, step: Step = step) -> int:
            t = time.perf_counter()
            try:
                return step(today)
            finally:
                seconds[name] = time.perf_counter() - t
        STEPS[name] = timed

    call_command("migrate", verbosity=0)
    year = args.year
    t0 = time.perf_counter()
    fill_sweep_data(args.permits, args.units, year)
    fill = time.perf_counter() - t0
    print(
        f"generated {args.permits:,} permits and {args.units:,} units in {fill:.1f} s ({connection.vendor})"
    )
    citydata.analyze()  # as the job finds its tables in production: vacuumed and analyzed by autovacuum
    if args.fill_only:
        return

    day = dt.date(year, 5, 2)
    for label in ("first run", "rerun"):
        t = time.perf_counter()
        summary = run_sweep(day)
        print(f"sweep {day} {label}: {time.perf_counter() - t:.2f} s  {summary}")
        print("  steps: " + ", ".join(f"{name} {s:.2f} s" for name, s in seconds.items() if s >= 0.005))
    t = time.perf_counter()
    for offset in range(1, 8):
        clock.write_text((day + dt.timedelta(days=offset)).isoformat(), encoding="utf-8")
        run_sweep(day + dt.timedelta(days=offset))
    print(f"seven further daily runs: {(time.perf_counter() - t) / 7:.2f} s each on average")


if __name__ == "__main__":
    main()
