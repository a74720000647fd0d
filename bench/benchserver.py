"""What the HTTP and memory benchmarks (bench/http_benchmark.py, bench/memory_benchmark.py) share:
the conditions every figure is printed with, a PostgreSQL database filled as `make bench-read` fills
it (bench/read_benchmark.py --fill-only; kept for the next run with --reuse), and gunicorn started as
production runs it — deploy/gunicorn.conf.py (sync workers, one per core), the production settings
(bench/bench_settings.py: plus /bench/hello), persistent connections, rate limits counted in Redis,
plain http on 127.0.0.1 with the X-Forwarded-Proto header nginx sets. The verify rate limit is raised
out of the way through RATELIMIT_VERIFY, which production reads from the environment.

    .venv/bin/python bench/benchserver.py prepare OUT.json   # run by `prepare`, under the server's settings
"""

import datetime as dt
import http.client
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
VAR = ROOT / "var" / "bench"  # the server's VAR_DIR: collected static files, signing keys, anchors
# What nginx adds to every request it passes on (deploy/nginx): production takes https from it.
PROXY = {"X-Forwarded-Proto": "https"}


def conditions(database: str) -> str:
    """Machine, load, database size and code: printed with every figure."""
    mem = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    commit = git("rev-parse", "--short", "HEAD") or "unknown (not a git checkout)"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    with psycopg.connect(f"{PG}/{database}") as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        permits, units = conn.execute(
            "SELECT (SELECT count(*) FROM permits_permit), (SELECT count(*) FROM units_unit)"
        ).fetchone()  # type: ignore[misc]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores, "
            f"{int(mem) / 2**20:.0f} GiB, load average {load}; PostgreSQL {version.split()[0]}, database "
            f"{database} with {permits:,} permits over {units:,} units; code {commit}")


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
    return done.stdout.strip()


def filled(database: str) -> int:
    """The permits in `database`, 0 when it does not exist or holds none."""
    try:
        with psycopg.connect(f"{PG}/{database}") as conn:
            return int(conn.execute("SELECT count(*) FROM permits_permit").fetchone()[0])  # type: ignore[index]
    except psycopg.Error:
        return 0


def fill(database: str, permits: int, reuse: bool) -> None:
    """`database` filled like `make bench-read`'s at `permits` permits (a tenth as many units, 5 %
    open cases and 15 % decided ones): made afresh, or kept when `reuse` and it holds permits."""
    if reuse and (have := filled(database)):
        print(f"reusing {database} ({have:,} permits)", flush=True)
        return
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    env = {**os.environ, "DATABASE_URL": f"{PG}/{database}", "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    sizes = [f"--permits={permits}", f"--units={permits // 10}", f"--cases={permits // 20}",
             f"--history={permits * 3 // 20}"]
    subprocess.run([sys.executable, str(BENCH / "read_benchmark.py"), "--fill-only", *sizes],  # noqa: S603
                   cwd=ROOT, env=env, check=True)


def server_env(database: str) -> dict[str, str]:
    """The environment of a production server on this machine, over `database`. The field keys are the
    development ones the fill (config.settings.dev) encrypted with."""
    from config.settings import dev

    for folder in ("keys", "anchors"):
        (VAR / folder).mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CLOCK_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{BENCH}:{ROOT}",
        "DATABASE_URL": f"{PG}/{database}",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "FIELD_ENCRYPTION_KEY": dev.FIELD_ENCRYPTION_KEY,
        "BLIND_INDEX_KEY": dev.BLIND_INDEX_KEY,
        "PUBLIC_BASE_URL": "https://permit.example.gov.cn",
        "SIGNING_KEY_DIR": str(VAR / "keys"),
        "AUDIT_ANCHOR_DIR": str(VAR / "anchors"),
        "VAR_DIR": str(VAR),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "RATELIMIT_VERIFY": "100000000/m",
        "LOG_LEVEL": "ERROR",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,  # noqa: S603
                   stdout=subprocess.DEVNULL)


def prepare(env: dict[str, str], out: Path) -> dict[str, Any]:
    """Static files collected, a signing key, and the requests' material (`_prepare`, run under the
    server's settings): verify paths of real permits, tokens and signed-in sessions."""
    manage(env, "collectstatic", "--noinput")
    if not any((VAR / "keys").iterdir()):
        manage(env, "rotate_signing_key")
    subprocess.run([sys.executable, str(Path(__file__)), "prepare", str(out)], cwd=ROOT, env=env, check=True)  # noqa: S603
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _prepare(out: Path, samples: int = 2000) -> None:
    import random
    import secrets
    from urllib.parse import urlencode

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import ApiToken, User
    from accounts.otp import official_otp_enrol, second_factor_required
    from accounts.roles import Role
    from permits.models import Permit
    from units.models import Unit

    unit = Unit.objects.filter(name__startswith="基准单位").order_by("pk").first()
    if unit is None:
        sys.exit("the database holds no generated units")
    rng = random.Random(20261207)  # noqa: S311 (which permits to ask about, not a secret)
    low, high = Permit.objects.earliest("pk").pk, Permit.objects.latest("pk").pk
    picked = Permit.objects.filter(pk__in=[rng.randint(low, high) for _ in range(samples)])
    verify = [f"/api/v1/verify?{urlencode({'permit_no': number, 'name': name})}"
              for number, name in picked.values_list("permit_no", "holder__name")]
    tag = secrets.token_hex(4)
    unit_user = User.objects.create_user(f"bench-unit-{tag}", role=Role.UNIT, unit=unit)
    reviewer = User.objects.create_user(f"bench-reviewer-{tag}", role=Role.DISTRICT_REVIEWER,
                                        district_id=unit.district_id)
    sessions = {}
    for key, user, page in (("unit", unit_user, "/unit/permits"), ("reviewer", reviewer, "/office/")):
        client = Client(headers=PROXY, HTTP_HOST="127.0.0.1")
        client.force_login(user)
        if second_factor_required(user):
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = official_otp_enrol(user).persistent_id
            session.save()
        response = client.get(page)
        if response.status_code != 200:
            sys.exit(f"{page} as {key}: {response.status_code}")
        sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
    material = {
        "verify": verify,
        "district": unit.district_id,
        "sessions": sessions,
        "cookie": settings.SESSION_COOKIE_NAME,
        "tokens": {"reviewer": ApiToken.issue(reviewer)[1]},
    }
    out.write_text(json.dumps(material, ensure_ascii=False), encoding="utf-8")


class Server:
    """gunicorn with deploy/gunicorn.conf.py (sync, one worker per core, max_requests as deployed unless
    `recycle` is off) on 127.0.0.1:`port`."""

    def __init__(self, env: dict[str, str], port: int, *, recycle: bool = True) -> None:
        self.env, self.port, self.recycle = env, port, recycle
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        args = [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(os.cpu_count() or 2),
                "--log-level", "warning"]
        if not self.recycle:
            args += ["--max-requests", "0"]
        self.process = subprocess.Popen(args, cwd=ROOT, env=self.env)  # noqa: S603
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                if self.process.poll() is not None:
                    sys.exit("gunicorn did not start")
            finally:
                conn.close()
            time.sleep(0.3)
        self.__exit__()
        sys.exit("gunicorn did not answer /healthz within 120 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)

    def workers(self) -> list[int]:
        assert self.process is not None  # noqa: S101
        pid = self.process.pid
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def rss_mb(pid: int) -> float:
    """VmRSS of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    sys.path.insert(0, str(ROOT))
    _prepare(Path(sys.argv[2]))
