"""Benchmark (not a test): memory of a web worker under mixed requests, and the daily job's peak.

    make bench-memory                # (a) at 100,000 permits, (b) at 1,000,000
    make bench-memory REUSE=1        # the databases of the last run, not filled again
    .venv/bin/python bench/memory_benchmark.py --permits 10000 --database scratch \
        --sweep-permits 10000 --sweep-database scratch2 --requests 1000

(a) Over a database filled as `make bench-read` fills it (bench/benchserver.py: the one
`make bench-http` uses), gunicorn as production runs it but with recycling off (max_requests 0, so
that growth shows), and --requests requests from --clients clients in turn: /verify of real permits
(public), the permit list of a district (`GET /api/v1/permits`, a district reviewer's token), the
district's queue (`GET /office/`, the reviewer signed in with the second factor) and the unit's permit
list (`GET /unit/permits`, its operator signed in). It prints each worker's RSS (VmRSS in
/proc/<pid>/status) at 0 requests and after each quarter.
(b) `manage.py sweep` as of 2 May (the heaviest day: freezing, reminders) over --sweep-permits
permits held by a fiftieth as many units (`make bench`'s shape, bench/sweep_benchmark.py), in its own
process, on a copy of the filled database (kept for --reuse); its peak RSS is the child's ru_maxrss
(os.wait4).
Each part prints the machine, its load average, the database's size and the code it measured.
"""

import argparse
import http.client
import itertools
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchserver  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--permits", type=int, default=100_000, help="(a): the web database's permits")
    parser.add_argument("--database", help="(a): default bjpermit_httpbench_<permits>")
    parser.add_argument("--requests", type=int, default=10_000, help="(a): requests in all")
    parser.add_argument("--clients", type=int, default=4, help="(a): clients at once")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--sweep-permits", type=int, default=1_000_000, help="(b): the job's permits")
    parser.add_argument("--sweep-database", help="(b): default bjpermit_sweepbench_<permits>")
    parser.add_argument("--reuse", action="store_true", help="keep the databases if they hold permits")
    parser.add_argument("--only", choices=["web", "sweep"], help="run one part")
    args = parser.parse_args()
    if args.only != "sweep":
        web(args)
    if args.only != "web":
        sweep(args)


def web(args: argparse.Namespace) -> None:
    database = args.database or f"bjpermit_httpbench_{args.permits}"
    benchserver.fill(database, args.permits, args.reuse)
    env = benchserver.server_env(database)
    material = benchserver.prepare(env, benchserver.VAR / "material.json")
    print(f"(a) web workers: {benchserver.conditions(database)}", flush=True)
    cookie = material["cookie"]
    kinds = [
        ("verify", lambda i: (material["verify"][i % len(material["verify"])], {})),
        ("district permits (API)",
         lambda i: ("/api/v1/permits", {"Authorization": f"Bearer {material['tokens']['reviewer']}"})),
        ("office queue", lambda i: ("/office/", {"Cookie": f"{cookie}={material['sessions']['reviewer']}"})),
        ("unit permits", lambda i: ("/unit/permits", {"Cookie": f"{cookie}={material['sessions']['unit']}"})),
    ]
    print("in turn: " + ", ".join(label for label, _ in kinds))

    def get(n: int) -> int:
        path, headers = kinds[n % len(kinds)][1](n // len(kinds))
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        try:
            conn.request("GET", path, headers={**benchserver.PROXY, **headers})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    quarter = args.requests // 4
    server = benchserver.Server(env, args.port, recycle=False)
    with server, ThreadPoolExecutor(args.clients) as pool:
        workers = server.workers()
        print(f"| requests | {' | '.join(f'worker {pid} RSS MB' for pid in workers)} | seconds |")
        print(f"| ---: | {' | '.join('---:' for _ in workers)} | ---: |")
        counter, start = itertools.count(), time.perf_counter()
        for done in range(0, args.requests + 1, quarter):
            if done:
                statuses = list(pool.map(get, [next(counter) for _ in range(quarter)]))
                if bad := [s for s in statuses if s != 200]:
                    sys.exit(f"{len(bad)} answers were not 200: {sorted(set(bad))}")
            rss = " | ".join(f"{benchserver.rss_mb(pid):.1f}" for pid in workers)
            print(f"| {done:,} | {rss} | {time.perf_counter() - start:.0f} |", flush=True)
    print(f"after: {benchserver.conditions(database)}\n")


def sweep(args: argparse.Namespace) -> None:
    import psycopg
    from psycopg import sql

    # The job changes what it runs over: it runs on a copy (`CREATE DATABASE … TEMPLATE`), and the
    # filled database is kept as it was for the next run with --reuse.
    database = args.sweep_database or f"bjpermit_sweepbench_{args.sweep_permits}"
    copy = f"{database}_run"

    def admin(*statements: sql.Composed) -> None:
        with psycopg.connect(f"{benchserver.PG}/postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    if args.reuse and benchserver.filled(database):
        print(f"reusing {database}", flush=True)
    else:
        admin(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)),
              sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        subprocess.run([sys.executable, str(benchserver.BENCH / "sweep_benchmark.py"), "--fill-only",  # noqa: S603
                        f"--permits={args.sweep_permits}", f"--units={max(args.sweep_permits // 50, 20)}"],
                       cwd=benchserver.ROOT, env={**env, "DATABASE_URL": f"{benchserver.PG}/{database}"},
                       check=True)
    admin(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(copy)),
          sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(copy), sql.Identifier(database)))
    env["DATABASE_URL"] = f"{benchserver.PG}/{copy}"
    # The job as of 2 May 2027 (sweep_benchmark.py's year), the day the inspection's deadline has passed.
    with tempfile.NamedTemporaryFile("w", suffix=".clock", delete=False) as clock:
        clock.write("2027-05-02")
    print(f"(b) the daily job: {benchserver.conditions(copy)}", flush=True)
    try:
        start = time.perf_counter()
        job = subprocess.Popen([sys.executable, "manage.py", "sweep"], cwd=benchserver.ROOT,  # noqa: S603
                               env={**env, "CLOCK_FILE": clock.name})
        _, status, usage = os.wait4(job.pid, 0)
        job.returncode = os.waitstatus_to_exitcode(status)
    finally:
        os.unlink(clock.name)
    print(f"manage.py sweep as of 2027-05-02: exit {job.returncode} in {time.perf_counter() - start:.1f} s, "
          f"peak RSS {usage.ru_maxrss / 1024:.0f} MB")
    print(f"after: {benchserver.conditions(copy)}")
    admin(sql.SQL("DROP DATABASE {}").format(sql.Identifier(copy)))


if __name__ == "__main__":
    main()
