"""Benchmark (not a test): `GET /api/v1/verify` against a hello view, over HTTP on the same server.

    make bench-http                  # 100,000 permits, filled afresh; 3 rounds of 10 s of wrk each
    make bench-http SIZE=1m          # 1,000,000 permits
    make bench-http REUSE=1          # the database of the last run at that size, not filled again
    .venv/bin/python bench/http_benchmark.py --permits 10000 --database scratch --seconds 5

It fills a PostgreSQL database as `make bench-read` does (bench/benchserver.py), starts gunicorn as
production runs it (deploy/gunicorn.conf.py: sync workers, one per core; production settings, Redis
for the rate limits, the verify limit raised out of the way; plain http on 127.0.0.1 with the header
nginx adds) but without recycling workers every 2,000 requests (at 1,000 requests a second that
restart would weigh on hello far more than on /verify, and the figure is the cost of a request). It
runs Debian's wrk (-t2 -c16) for --seconds against each of three sides, in turn, --rounds times (one
run of a side after the others, so that a moment of the machine's weighs on every side alike):
/bench/hello (a bench-only view answering "ok" through the same middleware, bench/bench_urls.py),
/bench/lookup (the same 2,000 permit numbers found by a plain ORM query: the floor issue 14 set) and
/verify over 2,000 real permit numbers and their holders' names (bench/wrk_paths.lua). It prints each
side's median requests per second and latencies (50th and 99th percentile) over the rounds, and
/verify's share of hello's and of the lookup's requests per second; then hello and /verify
in-process (django.test.Client, the same settings): the median time per request. Each run prints the
machine, its load average, the database's size and the code it measured.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchserver  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--permits", type=int, default=100_000)
    parser.add_argument("--database", help="default: bjpermit_httpbench_<permits>")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds permits")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration for each side and round")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side, in turn")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--requests", type=int, default=300, help="in-process requests of each side")
    parser.add_argument("--port", type=int, default=8087)
    parser.add_argument("--in-process", type=Path, help=argparse.SUPPRESS)  # the child that times in-process
    args = parser.parse_args()
    if args.in_process:
        in_process(args.in_process, args.requests)
        return

    database = args.database or f"bjpermit_httpbench_{args.permits}"
    t = time.perf_counter()
    benchserver.fill(database, args.permits, args.reuse)
    print(f"database ready in {time.perf_counter() - t:.0f} s", flush=True)
    env = benchserver.server_env(database)
    material = benchserver.prepare(env, benchserver.VAR / "material.json")
    print(f"before: {benchserver.conditions(database)}", flush=True)

    lookup = [path.replace("/api/v1/verify", "/bench/lookup", 1) for path in material["verify"]]
    sides = {"hello": ["/bench/hello"], "lookup": lookup, "verify": material["verify"]}
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    with benchserver.Server(env, args.port, recycle=False):
        listings = {}
        for side, paths in sides.items():
            listings[side] = benchserver.VAR / f"paths-{side}.txt"
            listings[side].write_text("\n".join(paths) + "\n", encoding="utf-8")
            wrk(args, listings[side], 3)  # warm up: workers' imports, connections, caches
        for _ in range(args.rounds):
            for side in sides:
                runs[side].append(wrk(args, listings[side], args.seconds))
    print(f"after: {benchserver.conditions(database)}")
    results = {side: {key: statistics.median(r[key] for r in rs) for key in rs[0]}
               for side, rs in runs.items()}
    hello, verify = results["hello"], results["verify"]
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.seconds}s, gunicorn sync x{os.cpu_count()}, "
          f"median of {args.rounds} rounds")
    print("| side | req/s | p50 ms | p99 ms | non-2xx | socket errors | req/s of each round |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for side, r in results.items():
        each = ", ".join(f"{x['rps']:,.0f}" for x in runs[side])
        print(f"| {side} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['non2xx']:.0f} "
              f"| {r['errors']:.0f} | {each} |")
    rounds = ", ".join(f"{v['rps'] / h['rps']:.1%}"
                       for h, v in zip(runs["hello"], runs["verify"], strict=True))
    print(f"verify / hello: {verify['rps'] / hello['rps']:.1%} of the requests per second "
          f"(each round: {rounds})")
    print(f"verify / lookup: {verify['rps'] / results['lookup']['rps']:.1%} of the plain look-up's")

    child = subprocess.run([sys.executable, __file__, "--in-process", str(benchserver.VAR / "material.json"),  # noqa: S603
                            "--requests", str(args.requests)], env=env, cwd=benchserver.ROOT,
                           capture_output=True, text=True, check=True)
    print(child.stdout.strip())


def wrk(args: argparse.Namespace, listing: Path, seconds: int) -> dict[str, float]:
    """One wrk run over the paths in `listing`: requests per second, p50/p99 in ms, errors."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(benchserver.BENCH / "wrk_paths.lua"), f"http://127.0.0.1:{args.port}"]
    done = subprocess.run(command, env={**os.environ, "BENCH_PATHS": str(listing)},  # noqa: S603
                          capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    requests, duration, non2xx, errors, p50, p99 = (float(x) for x in line.split()[1:])
    return {"rps": requests / duration, "p50": p50 / 1000, "p99": p99 / 1000, "non2xx": int(non2xx),
            "errors": int(errors)}


def in_process(material_path: Path, requests: int) -> None:
    """The median time of a request through django.test.Client, hello and /verify (server settings)."""
    import json

    import django

    django.setup()
    from django.test import Client

    verify = json.loads(material_path.read_text(encoding="utf-8"))["verify"]
    client = Client(headers=benchserver.PROXY, HTTP_HOST="127.0.0.1")
    print(f"\nin-process (django.test.Client), median of {requests} requests after 20 to warm up:")
    medians = {}
    for side, path in (("hello", lambda i: "/bench/hello"), ("verify", lambda i: verify[i % len(verify)])):
        times = []
        for i in range(requests + 20):
            t = time.perf_counter()
            response = client.get(path(i))
            elapsed = time.perf_counter() - t
            if response.status_code != 200:
                sys.exit(f"{path(i)}: {response.status_code} {response.content[:300]!r}")
            if i >= 20:
                times.append(elapsed * 1000)
        medians[side] = statistics.median(times)
        print(f"  {side}: {medians[side]:.2f} ms a request")
    print(f"  verify / hello: {medians['verify'] / medians['hello']:.1f} times as long")


if __name__ == "__main__":
    main()
