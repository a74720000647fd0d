"""Benchmark (not a test): how fast the read paths answer at city scale.

    make bench-read                  # 1,000,000 permits over 100,000 units in a throwaway PostgreSQL database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
        .venv/bin/python bench/read_benchmark.py --permits 100000 --units 10000 --cases 5000 --history 15000

It migrates the database named by DATABASE_URL and fills it set-based (bench/citydata.py): units in
every district; one permit per holder in every status (60 % valid, 15 % cancelled, 5 % frozen, the
rest expired or lapsed, some expired ones kept alive by a renewal submitted in time: `expiry`); the
inspection of the year enforced now for every unit and every holder but the frozen ones (stamped, the
year's freezing recorded done, as the daily job leaves them); open cases
in the officials' queues (submitted, supplement requested, passed by the district) and decided ones
of past years, each with its history.
Then it times --requests requests of each read path in-process (django.test.Client: the public, a
unit's operator, a district reviewer, the city approver), in a process set up as a web worker is
(config.wsgi), and prints the median and the 95th percentile.
For an endpoint whose median is above --slow-ms it prints the EXPLAIN ANALYZE of its slowest query.
`--measure-only` skips the fill: it measures a database filled before (after a migration, say);
`--fill-only` skips the measures (the HTTP and memory benchmarks fill their database with it).
Use a scratch database: it adds rows and does not clean up.
"""

import argparse
import datetime as dt
import math
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--permits", type=int, default=1_000_000, help="permits, one holder each")
    parser.add_argument("--units", type=int, default=100_000, help="units holding them, in every district")
    parser.add_argument("--cases", type=int, default=50_000, help="open cases in the queues")
    parser.add_argument("--history", type=int, default=150_000, help="decided cases of past years")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    parser.add_argument("--slow-ms", type=float, default=50.0, help="explain endpoints slower than this")
    parser.add_argument("--measure-only", action="store_true", help="measure the data already there")
    parser.add_argument("--fill-only", action="store_true", help="fill only (bench/benchserver.py)")
    args = parser.parse_args()

    import django

    django.setup()
    import citydata
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    from core import clock

    setup_test_environment(debug=False)  # the test client's host name; no query log while timing
    call_command("migrate", verbosity=0)
    today = clock.today()
    if not args.measure_only:
        t0 = time.perf_counter()
        with transaction.atomic():
            made = fill(args, today)
        fill_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        citydata.analyze()
        print(
            f"generated {args.permits:,} permits over {args.units:,} units, {made} "
            f"in {fill_s:.0f} s; VACUUM ANALYZE {time.perf_counter() - t1:.0f} s ({connection.vendor})"
        )
    if args.fill_only:
        return
    print(describe(today))
    measure(args, today)


def fill(args: argparse.Namespace, today: dt.date) -> str:
    """Units, holders, permits in every status, inspections, open and decided cases."""
    import citydata

    from accounts.models import User
    from accounts.roles import Role
    from inspections.models import PermitFreezeCompleted
    from permits.models import Freeze, Permit
    from rules.inspection import enforced_year
    from rules.states import CANCEL_LEFT

    now = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)
    unit_ids = citydata.make_units(args.units, verified_at=now - dt.timedelta(days=400))
    holder_ids = citydata.make_people(args.permits)

    def shape(i: int) -> dict[str, Any]:
        cols: dict[str, Any] = citydata.permit_dates(expiry(i, today))
        share, k = i % 100, i // 100
        if 80 <= share < 95:
            cancelled = now - dt.timedelta(days=k % 700)
            cols.update(cancelled_at=cancelled, cancelled_on=cancelled.date(), cancel_reason=CANCEL_LEFT)
        return cols

    permit_ids = citydata.make_permits(holder_ids, unit_ids, shape)
    # The frozen share (i mod 100 from 95): stamped by the daily job (R-I03) some day of the last 200.
    stamped = {
        pk: now - dt.timedelta(days=i // 100 % 200) for i, pk in enumerate(permit_ids) if i % 100 >= 95
    }
    ids = list(stamped)
    for start in range(0, len(ids), 5000):
        permits = Permit.objects.filter(pk__in=ids[start:start + 5000]).only(*Freeze.COPIED)
        Freeze.objects.bulk_create(Freeze.of(p, stamped[p.pk]) for p in permits)
    # The inspection of the year enforced now: every unit filed it, and every holder but the frozen
    # share (frozen for missing it, R-I03).
    citydata.make_inspections(
        (pk for i, pk in enumerate(permit_ids) if i % 100 < 95), unit_ids, enforced_year(today)
    )
    # Every permit that missed the year's inspection is stamped: the state the daily job's freezing
    # leaves, and records (R-I03, inspections.conditions.r_i03_stamped), so lists read the stamp alone.
    PermitFreezeCompleted.objects.create(year=enforced_year(today))
    operator = User.objects.create_user(f"readbench-operator-{secrets.token_hex(4)}", role=Role.UNIT,
                                        unit_id=unit_ids[0])
    made = citydata.make_cases(case_rows(args, today, permit_ids, unit_ids), operator)
    return f"{made:,} cases"


def expiry(i: int, today: dt.date) -> dt.date:
    """The expiry of the i-th permit: by i mod 100, 0-59 and 80-99 (valid, cancelled, frozen) in the
    next three years, 60-62 in the past month (expired, in the month of grace), 63-65 one to three
    months ago (expired, alive while a renewal submitted in time is open, else lapsed), 66-79 long ago
    (lapsed)."""
    share, k = i % 100, i // 100  # k spreads the dates of each share
    if share < 60 or share >= 80:
        return today + dt.timedelta(days=30 + k % 1065)
    if share < 63:
        return today - dt.timedelta(days=1 + k % 27)
    if share < 66:
        return today - dt.timedelta(days=40 + k % 60)
    return today - dt.timedelta(days=60 + k % 1000)


def case_rows(
    args: argparse.Namespace, today: dt.date, permit_ids: list[int], unit_ids: list[int]
) -> Iterator[dict[str, Any]]:
    """Decided cases submitted over the last three years, then open ones (half submitted, 15 %
    supplement requested, 35 % passed by the district) submitted in the last 60 days; half `new`, 30 %
    renewals (the open ones of the permits they keep alive), the rest address changes and replacements."""
    from cases.models import Case, CaseStatus, CaseType
    from cases.services import NUMBER_PREFIX
    from core.dates import add_years, months_before
    from ops.demo import new_application

    months = [{"month": m, "payer": "unit"} for m in months_before(today, 12)]
    data = {
        CaseType.NEW: new_application(today),
        CaseType.RENEWAL: {"employment": {"contract_ends_on": add_years(today, 3).isoformat()},
                           "tax_months": months, "social_insurance_months": months},
        CaseType.ADDRESS_CHANGE: {"residence": {"address": "北京市朝阳区望京街10号", "district": "chaoyang",
                                                "housing_type": "owned"}},
        CaseType.REPLACEMENT: {"reason": "lost", "reason_detail": ""},
    }
    types = [CaseType.NEW] * 5 + [CaseType.RENEWAL] * 3 + [CaseType.ADDRESS_CHANGE, CaseType.REPLACEMENT]
    open_statuses = (
        [CaseStatus.SUBMITTED] * 10 + [CaseStatus.SUPPLEMENT_REQUESTED] * 3 + [CaseStatus.DISTRICT_PASSED] * 7
    )
    decided = [CaseStatus.COLLECTED] * 16 + [CaseStatus.REJECTED] * 2
    decided += [CaseStatus.WITHDRAWN, CaseStatus.APPROVED]  # approved: a card waiting to be collected
    renewing = [i for i in range(len(permit_ids)) if 63 <= i % 100 < 66]  # see `expiry`
    base = Case.objects.count()
    for n in range(args.history + args.cases):  # in the order of submission, as a live system has them
        case_type, is_open, o = types[n % 10], n >= args.history, n - args.history
        if is_open:
            status = open_statuses[o // 10 % 20]
            submitted = today - dt.timedelta(days=(args.cases - 1 - o) * 60 // args.cases)
        else:
            status = decided[n // 10 % 20]
            submitted = today - dt.timedelta(days=60 + (args.history - 1 - n) * 1000 // args.history)
        permit = None
        if case_type == CaseType.RENEWAL and is_open and renewing:
            permit = renewing[(o // 10 * 3 + o % 10 - 5) % len(renewing)]
            submitted = expiry(permit, today) - dt.timedelta(days=10)  # in time: before the lapse
        elif case_type != CaseType.NEW:
            permit = (n // 60 * 100 + n % 60) % len(permit_ids)  # a valid one
        at = dt.datetime.combine(submitted, dt.time(10), tzinfo=dt.UTC)
        yield {
            "number": f"{NUMBER_PREFIX[case_type]}{base + n:014d}",
            "type": case_type,
            "status": status,
            "unit_id": unit_ids[(n if permit is None else permit) % len(unit_ids)],
            "permit_id": None if permit is None else permit_ids[permit],
            "data": data[case_type],
            "applicant_name": f"申请人{base + n}",
            "created_at": at - dt.timedelta(days=2),
            "submitted_at": at,
            "submitted_on": submitted,
            "decided_at": None if is_open else at + dt.timedelta(days=20),
        }


def describe(today: dt.date) -> str:
    from django.db.models import Count

    from cases.models import Case
    from permits.models import Permit

    permits = Permit.objects.annotate_status(today).values("status_now").annotate(n=Count("pk")).order_by()  # type: ignore[misc]
    cases = Case.objects.values("status").annotate(n=Count("pk")).order_by()
    return "permits: {}\ncases: {}".format(
        ", ".join(f"{r['status_now']} {r['n']:,}" for r in sorted(permits, key=lambda r: -r["n"])),
        ", ".join(f"{r['status']} {r['n']:,}" for r in sorted(cases, key=lambda r: -r["n"])),
    )


def measure(args: argparse.Namespace, today: dt.date) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import config.wsgi  # noqa: F401 (the worker as gunicorn starts it: every view loaded, that heap frozen)
    from accounts.models import ApiToken, User
    from accounts.roles import Role
    from core.pagination import _encode
    from permits.models import Permit
    from units.models import Unit
    from verification import signing

    unit = Unit.objects.filter(name__startswith="基准单位").order_by("pk").first()
    if unit is None:
        sys.exit("The database holds no generated units: run without --measure-only first.")
    tag = secrets.token_hex(4)
    accounts = {
        "unit": User.objects.create_user(f"readbench-unit-{tag}", role=Role.UNIT, unit=unit),
        "reviewer": User.objects.create_user(f"readbench-reviewer-{tag}", role=Role.DISTRICT_REVIEWER,
                                             district_id=unit.district_id),
        "city": User.objects.create_user(f"readbench-city-{tag}", role=Role.CITY_APPROVER),
    }
    api = {key: Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(who)[1]}") 
           for key, who in accounts.items()}
    web = {key: Client() for key in accounts}
    for key, client in web.items():
        client.force_login(accounts[key])

    rng = random.Random(20260601)  # noqa: S311 (which permits to look up, not a secret)
    low, high = Permit.objects.earliest("pk").pk, Permit.objects.latest("pk").pk
    sample = list(
        Permit.objects.filter(pk__in=[rng.randint(low, high) for _ in range(args.requests + 1)])
        .values_list("permit_no", "holder__name", "card_version", "expiry_date")
    )
    deep = _encode(low + (high - low) // 10)  # 90 % down the newest-first chain
    public = Client()

    def verify(i: int) -> str:
        number, name, _, _ = sample[i % len(sample)]
        return f"/api/v1/verify?permit_no={number}&name={name}"

    def verify_qr(i: int) -> str:
        number, _, version, expiry = sample[i % len(sample)]
        return f"/api/v1/verify/qr/{signing.sign(number, version, expiry)}"

    endpoints: list[tuple[str, Client, Callable[[int], str]]] = [
        ("GET /api/v1/verify (public)", public, verify),
        ("GET /api/v1/verify/qr/<token> (public)", public, verify_qr),
        ("GET /api/v1/permits (unit)", api["unit"], lambda i: "/api/v1/permits"),
        ("GET /api/v1/permits (district)", api["reviewer"], lambda i: "/api/v1/permits"),
        ("GET /api/v1/permits?status=frozen (district)", api["reviewer"],
         lambda i: "/api/v1/permits?status=frozen"),
        ("GET /api/v1/permits?status=expired (district)", api["reviewer"],
         lambda i: "/api/v1/permits?status=expired"),
        ("GET /api/v1/permits?cursor=<90 % deep> (district)", api["reviewer"],
         lambda i: f"/api/v1/permits?cursor={deep}"),
        ("GET /api/v1/applications?status=submitted (district)", api["reviewer"],
         lambda i: "/api/v1/applications?status=submitted"),
        ("GET /api/v1/applications?status=district_passed (city)", api["city"],
         lambda i: "/api/v1/applications?status=district_passed"),
        ("GET /office/ (district)", web["reviewer"], lambda i: "/office/"),
        ("GET /office/ (city)", web["city"], lambda i: "/office/"),
        ("GET /office/frozen-permits/ (district)", web["reviewer"], lambda i: "/office/frozen-permits/"),
        ("GET /unit/permits (unit)", web["unit"], lambda i: "/unit/permits"),
    ]
    print(f"\n{args.requests} requests each, as of {today}; times in ms")
    print(f"| {'endpoint':<58} | median | p95 | queries | slowest query |")
    print(f"| {'-' * 58} | ---: | ---: | ---: | ---: |")
    slow = []
    for label, client, path in endpoints:
        get = timer(label, client, path)
        get(0)  # warm up (templates, the signing key, the connection)
        times = sorted(get(i) for i in range(args.requests))
        with CaptureQueriesContext(connection) as captured:
            get(args.requests)
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        median, p95 = statistics.median(times), times[math.ceil(0.95 * len(times)) - 1]
        worst = float(slowest["time"]) * 1000
        print(f"| {label:<58} | {median:.1f} | {p95:.1f} | {len(captured)} | {worst:.1f} |")
        if median > args.slow_ms:
            slow.append((label, slowest["sql"]))
    for label, sql in slow:
        print(f"\n{label}: the slowest query\n{sql}\n")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            print("\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall()))


def timer(label: str, client: Any, path: Callable[[int], str]) -> Callable[[int], float]:
    """A function that makes the i-th request and answers its time in ms; each from another client
    address, since /verify is rate-limited per address."""
    addresses = iter(range(1, 16_000_000))

    def get(i: int) -> float:
        n = next(addresses)
        t = time.perf_counter()
        response = client.get(path(i), REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
        elapsed = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            sys.exit(f"{label}: {response.status_code} {response.content[:300]!r}")
        return elapsed

    return get


if __name__ == "__main__":
    main()
