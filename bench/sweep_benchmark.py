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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--permits", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--year", type=int, default=2027)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from core import crypto
    from core.dates import add_months
    from core.sweep import run_sweep
    from inspections.models import PersonInspection, UnitInspection
    from people.models import Person
    from permits.models import Permit
    from reference.models import District
    from rules.testing import make_id_number, make_uscc
    from units.models import Unit, UnitStatus

    call_command("migrate", verbosity=0)
    districts = list(District.objects.values_list("code", flat=True))
    year = args.year
    issued = dt.date(year - 1, 6, 1)
    t0 = time.perf_counter()
    with transaction.atomic():
        base = Unit.objects.count()
        Unit.objects.bulk_create(
            [
                Unit(
                    name=f"基准单位{base + i}",
                    uscc=make_uscc(f"9111{base + i:013d}"),
                    entity_type="enterprise",
                    district_id=districts[i % len(districts)],
                    address="北京市",
                    main_business="软件",
                    last_year_tax_cny=1,
                    employee_count=10,
                    planned_permit_count=5,
                    legal_representative="王",
                    operator_name="李",
                    operator_id_number="110105198803010012",
                    operator_id_index=f"bench{base + i}",
                    operator_phone="13800000000",
                    status=UnitStatus.ACTIVE,
                    verified_at=dt.datetime(year - 1, 1, 1, tzinfo=dt.UTC),
                )
                for i in range(args.units)
            ],
            batch_size=5000,
        )
        unit_ids = list(Unit.objects.order_by("-pk").values_list("pk", flat=True)[: args.units])
        first = Person.objects.count()
        people = []
        for i in range(args.permits):
            number = make_id_number(
                dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                "M",
                seq=i % 500,
                region=f"{110000 + (first + i) // 500 % 900000:06d}",
            )
            people.append(
                Person(
                    name=f"持证人{i}",
                    id_number=number,
                    id_index=crypto.blind_index(number),
                    sex="M",
                    birth_date=dt.date(1985, 1, 1),
                )
            )
        Person.objects.bulk_create(people, batch_size=5000)
        holder_ids = list(Person.objects.order_by("-pk").values_list("pk", flat=True)[: args.permits])
        # Expiry dates spread over three years, so that some permits enter their renewal window.
        rows = []
        for i in range(args.permits):
            expiry = dt.date(year, 5, 15) + dt.timedelta(days=(i * 7) % 1095)
            start = expiry.replace(year=expiry.year - 3) if expiry.month != 2 or expiry.day != 29 else expiry
            rows.append(
                Permit(
                    permit_no=f"BM{first + i:011d}",
                    holder_id=holder_ids[i],
                    unit_id=unit_ids[i % len(unit_ids)],
                    issue_date=min(start, issued),
                    first_issued_on=min(start, issued),
                    period_start=min(start, issued),
                    expiry_date=expiry,
                    lapses_on=add_months(expiry, 1),
                )
            )
        Permit.objects.bulk_create(rows, batch_size=5000)
        # Half of the permits and of the units did their annual inspection this year.
        permit_ids = list(Permit.objects.order_by("-pk").values_list("pk", flat=True)[: args.permits])
        PersonInspection.objects.bulk_create(
            [PersonInspection(permit_id=pk, year=year, source="unit") for pk in permit_ids[::2]],
            batch_size=5000,
        )
        UnitInspection.objects.bulk_create(
            [UnitInspection(unit_id=pk, year=year, source="unit") for pk in unit_ids[::2]], batch_size=5000
        )
    fill = time.perf_counter() - t0
    print(
        f"generated {args.permits:,} permits and {args.units:,} units in {fill:.1f} s ({connection.vendor})"
    )

    day = dt.date(year, 5, 2)
    for label in ("first run", "rerun"):
        t = time.perf_counter()
        summary = run_sweep(day)
        print(f"sweep {day} {label}: {time.perf_counter() - t:.2f} s  {summary}")
    t = time.perf_counter()
    for offset in range(1, 8):
        run_sweep(day + dt.timedelta(days=offset))
    print(f"seven further daily runs: {(time.perf_counter() - t) / 7:.2f} s each on average")


if __name__ == "__main__":
    main()
