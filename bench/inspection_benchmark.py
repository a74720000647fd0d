"""Benchmark (not a test): how long a unit's person inspections of 5,000 holders take.

    make bench                       # after the daily job's benchmark, in its database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
        .venv/bin/python bench/inspection_benchmark.py --persons 5000 --runs 3

For each run it adds a unit with --persons valid permits not yet inspected this year (last year's
inspections recorded; bench/citydata.py) and its operator, then, as of 15 April of --year (in the
season, R-I01), files their inspections: through the service (units.inspection.persons_inspect) as
one batch of all the numbers; as an API client must, in requests of at most 2,000
(MAX_PERMITS_PER_REQUEST); and on the unit's web page, "all my staff" (`POST /unit/inspection`,
scope=all, in-process through django.test.Client, the page rendered with every row). It prints each
time and checks that every permit was approved. Use a scratch database: it adds rows.
"""

import argparse
import datetime as dt
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2027)
    args = parser.parse_args()

    import django

    django.setup()
    import citydata
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from accounts.actor import Actor
    from accounts.models import User
    from accounts.roles import Role
    from inspections.models import PersonInspection
    from permits.models import Permit
    from rules.inspection import enforced_year
    from units.inspection import MAX_PERMITS_PER_REQUEST, persons_inspect

    call_command("migrate", verbosity=0)
    year = args.year
    day = dt.date(year, 4, 15)

    def unit_with_permits() -> tuple[Actor, list[str]]:
        (unit,) = citydata.make_units(1, verified_at=dt.datetime(year - 1, 1, 1, tzinfo=dt.UTC))
        permits = citydata.make_permits(
            citydata.make_people(args.persons), [unit],
            lambda i: citydata.permit_dates(dt.date(year + 1, 6, 1) + dt.timedelta(days=i % 500)),
        )
        citydata.make_inspections(permits, [unit], enforced_year(day))  # last year's: not frozen
        operator = User.objects.create_user(f"inspbench-{secrets.token_hex(4)}", role=Role.UNIT, unit_id=unit)
        numbers = list(Permit.objects.filter(pk__in=permits).values_list("permit_no", flat=True))
        return Actor(user=operator, role=operator.role), numbers

    with tempfile.NamedTemporaryFile("w", suffix=".clock") as clock:
        clock.write(day.isoformat())
        clock.flush()
        with override_settings(CLOCK_FILE=clock.name):
            citydata.analyze()
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            now = dt.datetime.now(dt.UTC)
            print(f"{now:%Y-%m-%d %H:%M} UTC on {platform.node()}, {os.cpu_count()} cores, "
                  f"load average {load}; {connection.vendor}, {Permit.objects.count():,} permits in the "
                  f"database; as of {day}")
            ways = [("the service, one batch", args.persons),
                    (f"the service, batches of {MAX_PERMITS_PER_REQUEST:,}", MAX_PERMITS_PER_REQUEST),
                    ("the web page, POST /unit/inspection scope=all", 0)]
            for label, size in ways:
                times = []
                for _ in range(args.runs):
                    actor, numbers = unit_with_permits()
                    t = time.perf_counter()
                    if size:
                        for at in range(0, len(numbers), size):
                            persons_inspect(actor, numbers[at:at + size])
                    else:
                        client = Client(HTTP_HOST="127.0.0.1")
                        client.force_login(actor.account)
                        t = time.perf_counter()
                        response = client.post("/unit/inspection", {"scope": "all"})
                        if response.status_code != 200:
                            sys.exit(f"POST /unit/inspection: {response.status_code}")
                    times.append(time.perf_counter() - t)
                    done = PersonInspection.objects.filter(permit__permit_no__in=numbers, year=year).count()
                    if done != args.persons:  # every one of these permits was due (issued before the year)
                        sys.exit(f"{label}: {done} of {args.persons} inspections recorded")
                print(f"person inspections of {args.persons:,} holders, {label}: "
                      f"{', '.join(f'{t:.2f}' for t in times)} s (median {statistics.median(times):.2f} s)")


if __name__ == "__main__":
    main()
