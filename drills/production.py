"""The production drill (issue 9; CI runs it after `make test`, `make drill-production` runs it here).

It deploys the system the way docs/operations.md says, on this machine, with the repository's own
deploy/ files, and checks it from the outside:

- a fresh venv with `pip install <repo>` only (no extras, no -e), production settings, a throwaway
  PostgreSQL database and a Redis database of its own (redis-server is started if none answers);
- `check --deploy --fail-level WARNING`, migrate, collectstatic, the first signing key, officials
  with TOTP devices;
- two gunicorns started with bjpermit-web.service's command line and deploy/gunicorn.conf.py, on two
  ports, as two web hosts would run, sharing the database, Redis and the signing keys, behind
  Debian's nginx running deploy/nginx/bjpermit.conf (an upstream of both) with a self-signed
  certificate for permit.drill.test;
- through nginx over https: /readyz, a unit registration, a permit issued over the API, /verify, the
  card's QR (read from the PDF like a phone would) signed on one instance and verified on the other,
  a web sign-in served by either instance, 200 /verify calls of which at most the configured limit
  are served; the task worker and the daily timer's command; the port-80 redirect and probes;
- backup → restore into a second database → `audit_verify --manifest` passes, and fails once the
  newest audit row is deleted.

It stops everything it started and drops its databases and folders, also when a check fails or it
is interrupted. It runs with the project's development venv (`.venv/bin/python`), which holds the
checking tools (pypdfium2 and zxing-cpp read the QR code); the system under test is the fresh venv.
Each check prints `ok` or `FAILED`; the exit status is non-zero when any failed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
HOST = "permit.drill.test"
DEADLINE_SECONDS = 15 * 60  # the whole drill, pip install included; CI's budget is tighter than that
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
REDIS_DB = "11"  # a Redis database of the drill's own; flushed before and after
# The /verify limit of this deployment. An hour's window rather than production's minute (120/m):
# 200 calls take a few seconds, and a window that closed during them would let a second batch through.
RATELIMIT_VERIFY = "100/h"
OFFICIAL_PASSWORD = "Drill-Official-2026!"  # noqa: S105 (throwaway accounts of a throwaway database)
UNIT_PASSWORD = "Qz7mV4tR9wLp2xK8"  # noqa: S105 (nothing like the username: the similarity validator)


class Abort(Exception):
    """A step the rest depends on failed; the drill stops (and cleans up)."""


class Drill:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="bjpermit-drill-"))
        self.failures: list[str] = []
        self.passed = 0
        self.cleanups: list[tuple[str, Callable[[], object]]] = []
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.ports: dict[str, int] = {}
        self.env: dict[str, str] = {}
        self.venv = self.tmp / "venv"
        self.manage: list[str] = []
        self.tokens: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.ctx: ssl.SSLContext | None = None

    # ---- reporting -------------------------------------------------------------------------------

    def check(self, name: str, ok: bool, detail: str = "", *, fatal: bool = False) -> bool:
        if ok:
            self.passed += 1
            print(f"ok      {name}", flush=True)
        else:
            self.failures.append(name)
            print(f"FAILED  {name}{': ' + detail if detail else ''}", flush=True)
            if fatal:
                raise Abort(name)
        return ok

    @staticmethod
    def step(text: str) -> None:
        print(f"--      {text}", flush=True)

    # ---- processes -------------------------------------------------------------------------------

    def run(
        self,
        argv: list[str],
        *,
        env: dict[str, str] | None = None,
        timeout: float = 300,
        check: bool = True,
        cwd: Path | None = None,
        stdin: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603 (argv lists built here)
            argv,
            env=env if env is not None else self.env,
            cwd=cwd or self.tmp,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
        )
        if check and done.returncode != 0:
            raise Abort(
                f"{shlex.join(argv)} exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        return done

    def django(
        self, *args: str, env: dict[str, str] | None = None, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return self.run([*self.manage, *args], env=env, check=check, timeout=timeout)

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(  # noqa: S603
            argv,
            env=env if env is not None else self.env,
            cwd=self.tmp,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its children, by its id
        )
        self.procs[name] = proc
        self.cleanups.append((f"stop {name}", lambda: self.stop(name)))
        return proc

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.tmp / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def cleanup(self) -> None:
        started = time.monotonic()
        for label, action in reversed(self.cleanups):
            try:
                action()
            except Exception as exc:  # noqa: BLE001 (cleanup goes on; the failure is reported)
                print(f"cleanup: {label} failed: {exc}", flush=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.step(
            f"stopped everything it started, dropped its databases and folders "
            f"({time.monotonic() - started:.0f} s)"
        )

    # ---- HTTP --------------------------------------------------------------------------------------

    def https(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        conn: http.client.HTTPConnection | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Through nginx over https, with the drill's CA, to permit.drill.test (resolved to 127.0.0.1)."""
        own = conn is None
        conn = conn or _Resolved(HOST, self.ports["https"], context=self.tls(), timeout=30)
        try:
            conn.request(method, path, body=body, headers={"Host": self.origin_host, **(headers or {})})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            if own:
                conn.close()

    def direct(
        self,
        instance: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Straight to one gunicorn, with the headers nginx would add (https, the public host)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.ports[instance], timeout=30)
        try:
            conn.request(
                method,
                path,
                body=body,
                headers={"Host": self.origin_host, "X-Forwarded-Proto": "https", **(headers or {})},
            )
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def tls(self) -> ssl.SSLContext:
        if self.ctx is None:
            raise Abort("no certificate made yet")
        return self.ctx

    @property
    def origin_host(self) -> str:
        return f"{HOST}:{self.ports['https']}"

    def api(
        self, method: str, path: str, payload: Any = None, *, token: str | None = None, via: str = "nginx"
    ) -> tuple[int, Any]:
        headers = {"Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if via == "nginx":
            status, _, raw = self.https(method, "/api/v1" + path, body=body, headers=headers)
        else:
            status, _, raw = self.direct(via, method, "/api/v1" + path, body=body, headers=headers)
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw[:500]

    def wait_http(self, name: str, probe: Callable[[], int], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        last = ""
        while time.monotonic() < deadline:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is not None:
                raise Abort(f"{name} exited ({proc.returncode}):\n{self.log_tail(name)}")
            try:
                if probe() == 200:
                    return
            except OSError as exc:
                last = str(exc)
            time.sleep(0.3)
        raise Abort(f"{name} did not answer in {seconds:.0f} s ({last}):\n{self.log_tail(name)}")


class _Resolved(http.client.HTTPSConnection):
    """https://permit.drill.test:<port> with the name resolved to 127.0.0.1 (curl's --resolve):
    the certificate is checked against the name, SNI sends it."""

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def totp(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238 as django-otp's TOTPDevice checks it: SHA-1, 30 s steps, 6 digits."""
    key = base64.b32decode(secret_b32)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def unit_exec(unit: str) -> list[str]:
    """The ExecStart of one of deploy/systemd's units, as a list."""
    text = (DEPLOY / "systemd" / unit).read_text()
    found = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE)
    if not found:
        raise Abort(f"deploy/systemd/{unit} has no ExecStart")
    return shlex.split(found.group(1))


def unit_environment(unit: str) -> dict[str, str]:
    text = (DEPLOY / "systemd" / unit).read_text()
    pairs = [shlex.split(m)[0] for m in re.findall(r"^Environment=(.+)$", text, re.MULTILINE)]
    return dict(p.split("=", 1) for p in pairs)


def redis_ping(d: Drill) -> int:
    return (
        200 if d.run(["redis-cli", "ping"], check=False, env=dict(os.environ)).stdout.strip() == "PONG" else 0
    )


def probe_direct(d: Drill, instance: str) -> int:
    return d.direct(instance, "GET", "/healthz")[0]


def beijing_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


# ---- the drill's steps ----------------------------------------------------------------------------


def prepare_services(d: Drill) -> None:
    """PostgreSQL must run (CI starts it); Redis is started when none answers; nginx is installed
    from Debian when missing, and never left running as the system's service."""
    if d.run(
        ["pg_isready", "-h", PG["host"], "-p", PG["port"], "-q"], check=False, env=dict(os.environ)
    ).returncode:
        raise Abort("PostgreSQL does not answer on 127.0.0.1:5432")
    redis_ok = (
        shutil.which("redis-cli")
        and d.run(["redis-cli", "-h", "127.0.0.1", "ping"], check=False, env=dict(os.environ)).stdout.strip()
        == "PONG"
    )
    if not redis_ok:
        server = shutil.which("redis-server")
        if not server:
            raise Abort("no Redis answers on 127.0.0.1:6379 and redis-server is not installed")
        d.step("starting redis-server on 127.0.0.1:6379 (stopped at the end)")
        d.start(
            "redis",
            [server, "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--appendonly", "no"],
            env=dict(os.environ),
        )
        d.wait_http("redis", lambda: redis_ping(d), 20)
    flush = ["redis-cli", "-h", "127.0.0.1", "-n", REDIS_DB, "flushdb"]
    d.run(flush, env=dict(os.environ))
    d.cleanups.append(
        ("flush the drill's Redis database", lambda: d.run(flush, env=dict(os.environ), check=False))
    )

    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        if os.geteuid() != 0:
            raise Abort("nginx is not installed (as root the drill installs it: apt-get install nginx)")
        d.step("installing Debian's nginx")
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C"}  # untranslated errors
        apt = ["apt-get", "-qq", "-o", "DPkg::Lock::Timeout=600"]  # waits for another apt-get's dpkg lock
        install = [*apt, "install", "-y", "--no-install-recommends", "nginx"]
        if d.run(install, env=apt_env, check=False, timeout=900).returncode:
            for _ in range(120):  # `update` does not wait for the package lists' lock: retried (10 minutes)
                updated = d.run([*apt, "update"], env=apt_env, check=False, timeout=600)
                if "Could not get lock" not in updated.stderr:
                    break
                time.sleep(5)
            if updated.returncode:
                raise Abort(f"apt-get update exited {updated.returncode}:\n{updated.stderr[-3000:]}")
            d.run(install, env=apt_env, timeout=900)
        # The package may start the system's nginx with its default site: neither stays.
        pid = Path("/run/nginx.pid")
        if pid.exists():
            d.run(["nginx", "-s", "quit"], env=dict(os.environ), check=False)
        Path("/etc/nginx/sites-enabled/default").unlink(missing_ok=True)


def make_databases(d: Drill) -> tuple[str, str]:
    """Two databases (the deployment's and the restore's) owned by an owner role of the drill's own,
    and the application role that serves (docs/operations.md: the app owns nothing)."""
    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    main, restored = f"bjpermit_drill_{suffix}", f"bjpermit_drill_{suffix}_restored"
    d.roles = {"owner": f"bjpermit_drill_owner_{suffix}", "app": f"bjpermit_drill_app_{suffix}"}
    psql = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-v", "ON_ERROR_STOP=1", "-qc"]
    for role in d.roles.values():
        d.run([*psql, f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"], env=dict(os.environ))
        drop = [*psql, f"DROP ROLE IF EXISTS {role}"]
        d.cleanups.append((f"drop role {role}", partial(d.run, drop, env=dict(os.environ), check=False)))
    for name in (main, restored):
        d.run([*psql, f"CREATE DATABASE {name} OWNER {d.roles['owner']}"], env=dict(os.environ))
        drop = [*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"]
        d.cleanups.append((f"drop database {name}", partial(d.run, drop, env=dict(os.environ), check=False)))
    return main, restored


def database_url(d: Drill, role: str, database: str) -> str:
    return f"postgres://{d.roles[role]}@{PG['host']}:{PG['port']}/{database}"


def install_fresh_venv(d: Drill) -> None:
    """`pip install -c requirements.lock <repo>` into a new venv (the locked versions, as in CI): the
    repository as committed plus untracked files that .gitignore does not exclude (so a local run
    tests the working tree), copied first, so that the build writes nothing into the repository."""
    files = (
        subprocess.run(  # noqa: S603
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    src = d.tmp / "src"
    for name in filter(None, files):
        origin = REPO / name
        if origin.is_file():
            target = src / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)
    base = getattr(sys, "_base_executable", sys.executable)
    d.run([base, "-m", "venv", str(d.venv)], env=dict(os.environ))
    pip_env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    started = time.monotonic()
    d.run(
        [str(d.venv / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "-c", str(src / "requirements.lock"), str(src)],
        env=pip_env,
        timeout=600,
    )
    installed = d.run(
        [str(d.venv / "bin/python"), "-m", "pip", "list", "--format=freeze"], env=pip_env
    ).stdout
    d.check(
        f"pip install . into a fresh venv ({time.monotonic() - started:.0f} s, "
        f"{len(installed.splitlines())} packages)",
        "bjpermit==" in installed.lower().replace("_", "-"),
    )
    pins = dict(line.split("==", 1) for line in (src / "requirements.lock").read_text().splitlines()
                if "==" in line and not line.startswith((" ", "#")))
    drifted = [line for line in installed.splitlines() if "==" in line
               and (name := re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()) in pins
               and pins[name].strip() != line.split("==", 1)[1]]
    d.check("every installed version is the locked one (requirements.lock)", not drifted, f"{drifted}")
    dev_only = [
        p
        for p in ("pytest", "hypothesis", "playwright", "moto", "ruff", "mypy")
        if f"\n{p}==" in f"\n{installed}"
    ]
    d.check("the fresh venv holds no development tools", not dev_only, f"installed: {dev_only}")


def production_environment(d: Drill, database: str) -> None:
    var = d.tmp / "var"
    shared = d.tmp / "shared"  # what several hosts would mount: the signing keys, the anchors
    for folder in (var, shared / "keys", shared / "audit-anchors"):
        folder.mkdir(parents=True, exist_ok=True)
    # nginx's workers (www-data when nginx starts as root) read the collected static files
    d.tmp.chmod(0o711)
    var.chmod(0o755)
    (shared / "keys").chmod(0o700)
    keep = ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "TZ")
    d.env = {k: os.environ[k] for k in keep if k in os.environ}
    d.env.update(unit_environment("bjpermit-web.service"))  # DJANGO_SETTINGS_MODULE from the unit
    d.env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": base64.b64encode(os.urandom(32)).decode(),
            "BLIND_INDEX_KEY": base64.b64encode(os.urandom(32)).decode(),
            "DATABASE_URL": database_url(d, "app", database),
            "CONN_MAX_AGE": "600",
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "ALLOWED_HOSTS": HOST,
            "PUBLIC_BASE_URL": f"https://{HOST}:{d.ports['https']}",
            "VAR_DIR": str(var),
            "SIGNING_KEY_DIR": str(shared / "keys"),
            "AUDIT_ANCHOR_DIR": str(shared / "audit-anchors"),
            "RATELIMIT_VERIFY": RATELIMIT_VERIFY,
            "CLIENT_IP_META_KEY": "HTTP_X_REAL_IP",  # .env.example: the address nginx sets
            "LOG_LEVEL": "WARNING",
        }
    )
    worker = unit_exec("bjpermit-worker.service")
    d.manage = [w.replace("/opt/bjpermit/venv", str(d.venv)) for w in worker[: worker.index("db_worker")]]


def first_deployment(d: Drill) -> dict[str, str]:
    """docs/operations.md "First deployment", command by command. Returns the officials' TOTP keys."""
    checked = d.django("check", "--deploy", "--fail-level", "WARNING", check=False)
    d.check(
        "check --deploy --fail-level WARNING",
        checked.returncode == 0,
        (checked.stdout + checked.stderr)[-2000:],
        fatal=True,
    )
    database = d.env["DATABASE_URL"].rsplit("/", 1)[1]
    d.django(
        "migrate", "--noinput", timeout=600, env={**d.env, "DATABASE_URL": database_url(d, "owner", database)}
    )
    grants = (DEPLOY / "postgres" / "grants.sql").read_text().replace("bjpermit_app", d.roles["app"])
    granted = d.run(
        [
            "psql",
            "-h",
            PG["host"],
            "-p",
            PG["port"],
            "-U",
            d.roles["owner"],
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
        ],
        env=dict(os.environ),
        stdin=grants,
        check=False,
    )
    d.check(
        "migrate as the owner role, deploy/postgres/grants.sql for the application role",
        granted.returncode == 0,
        granted.stderr,
        fatal=True,
    )
    d.django("collectstatic", "--noinput")
    d.check("collectstatic", any((d.tmp / "var" / "static").rglob("*.css")), "no stylesheet in STATIC_ROOT")
    made = d.django("rotate_signing_key")
    d.check("rotate_signing_key makes the first key", "first signing key made" in made.stdout, made.stdout)
    secrets_by_user: dict[str, str] = {}
    for username, role, district in (
        ("drill_haidian", "district_reviewer", "haidian"),
        ("drill_city", "city_approver", None),
    ):
        args = ["create_official", "--username", username, "--password", OFFICIAL_PASSWORD, "--role", role]
        d.django(*args, *(["--district", district] if district else []))
        enrolled = d.django("otp_enrol", "--username", username, "--no-qr")
        key = re.search(r"^key: ([A-Z2-7=]+)$", enrolled.stdout, re.MULTILINE)
        if not key:
            raise Abort(f"otp_enrol printed no key: {enrolled.stdout}")
        secrets_by_user[username] = key.group(1)
    d.check("create_official and otp_enrol (district reviewer, city approver)", True)
    return secrets_by_user


def start_web_hosts(d: Drill) -> None:
    """Two gunicorns, each as bjpermit-web.service starts one, on two ports."""
    argv = [
        w.replace("/opt/bjpermit/venv", str(d.venv)).replace(
            "/etc/bjpermit/gunicorn.conf.py", str(DEPLOY / "gunicorn.conf.py")
        )
        for w in unit_exec("bjpermit-web.service")
    ]
    for name in ("web1", "web2"):
        d.start(name, argv, env={**d.env, "GUNICORN_BIND": f"127.0.0.1:{d.ports[name]}"})
    for name in ("web1", "web2"):
        d.wait_http(name, partial(probe_direct, d, name), 90)
    d.check("two gunicorns (bjpermit-web.service's command, deploy/gunicorn.conf.py) answer /healthz", True)


def make_certificate(d: Drill) -> tuple[Path, Path]:
    folder = d.tmp / "tls"
    folder.mkdir()
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    d.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            f"/CN={HOST}",
            "-addext",
            f"subjectAltName=DNS:{HOST}",
        ],
        env=dict(os.environ),
    )
    d.ctx = ssl.create_default_context(cafile=str(cert))
    return cert, key


def start_nginx(d: Drill, cert: Path, key: Path) -> None:
    """deploy/nginx/bjpermit.conf with only its host name, ports, upstream servers and file
    locations changed, in an nginx of its own (own prefix, configuration, pid and logs)."""
    prefix = d.tmp / "nginx"
    prefix.mkdir()
    site = (DEPLOY / "nginx" / "bjpermit.conf").read_text()
    upstreams = "\n    ".join(
        f"server 127.0.0.1:{d.ports[n]} max_fails=3 fail_timeout=10s;" for n in ("web1", "web2")
    )
    changes = [
        ("server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;", upstreams),
        ("listen [::]:80;\n", ""),
        ("listen [::]:443 ssl http2;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{d.ports['http']};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{d.ports['https']} ssl http2;"),
        ("permit.example.gov.cn", HOST),
        ("/etc/ssl/bjpermit/fullchain.pem", str(cert)),
        ("/etc/ssl/bjpermit/privkey.pem", str(key)),
        ("/var/lib/bjpermit/static/", f"{d.tmp / 'var' / 'static'}/"),
        ("/var/log/nginx/bjpermit.access.log", str(prefix / "access.log")),
    ]
    for old, new in changes:
        if old not in site:
            raise Abort(f"deploy/nginx/bjpermit.conf no longer holds {old!r}: update the drill with it")
        site = site.replace(old, new)
    (prefix / "bjpermit.conf").write_text(site)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (
        prefix / "nginx.conf"
    ).write_text(f"""# the drill's nginx: Debian's binary and mime types, the repository's site
daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
{temp_paths}
    include {prefix / "bjpermit.conf"};
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tested = d.run(
        [nginx, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], check=False, env=dict(os.environ)
    )
    d.check("nginx -t accepts deploy/nginx/bjpermit.conf", tested.returncode == 0, tested.stderr, fatal=True)
    d.start("nginx", [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], env=dict(os.environ))
    d.wait_http("nginx", lambda: d.https("GET", "/healthz")[0], 30)


def check_probes(d: Drill) -> None:
    status, _, body = d.https("GET", "/readyz")
    checks = json.loads(body).get("checks", {}) if status == 200 else {}
    d.check(
        "/readyz through nginx over https: 200, every check ok",
        bool(checks) and all(v == "ok" for v in checks.values()),
        f"{status} {body[:300]!r}",
    )
    conn = http.client.HTTPConnection("127.0.0.1", d.ports["http"], timeout=10)
    conn.request("GET", "/healthz", headers={"Host": HOST})
    probe = conn.getresponse()
    probe.read()
    conn.request("GET", "/verify?permit_no=BJ1&name=x", headers={"Host": HOST})
    moved = conn.getresponse()
    moved.read()
    conn.close()
    d.check(
        "port 80 answers /healthz (no redirect) and moves pages to https",
        probe.status == 200
        and moved.status == 301
        and (moved.headers["Location"] or "").startswith("https://"),
        f"/healthz {probe.status}, /verify {moved.status} {moved.headers['Location']}",
    )
    status, headers, _ = d.https("GET", "/")
    d.check(
        "HSTS on https pages (set by Django)",
        "max-age=31536000" in (headers["Strict-Transport-Security"] or ""),
        str(headers["Strict-Transport-Security"]),
    )
    static = re.search(rb'href="(/static/[^"]+\.css)"', d.https("GET", "/")[2])
    if static:
        status, headers, _ = d.https("GET", static.group(1).decode())
        d.check(
            "static files from nginx with a year's cache",
            status == 200 and "31536000" in (headers["Cache-Control"] or ""),
            f"{status} {headers['Cache-Control']}",
        )
    else:
        d.check("static files from nginx with a year's cache", False, "the home page links no stylesheet")


def issue_permit(d: Drill, otp_keys: dict[str, str]) -> tuple[str, str, str]:
    """A unit registers and its district verifies it; it files a `new` case that the district passes
    and the city approves — all over the API through nginx. Returns (unit token, permit no, name)."""
    sys.path.insert(0, str(REPO))
    from ops.demo import new_application, photo, registration  # the builders the tests use

    today = beijing_today()
    username = f"drill_unit_{secrets.token_hex(3)}"
    status, unit = d.api("POST", "/units/register", registration(username, password=UNIT_PASSWORD))
    d.check("a unit registers over https", status == 201, f"{status} {unit}", fatal=True)
    for user in ("drill_haidian", "drill_city"):
        status, body = d.api(
            "POST",
            "/auth/token",
            {"username": user, "password": OFFICIAL_PASSWORD, "otp": totp(otp_keys[user])},
        )
        d.check(f"{user} signs in to the API with a TOTP code", status == 200, f"{status} {body}", fatal=True)
        d.tokens[user] = body["token"]
    status, body = d.api(
        "POST",
        f"/units/{unit['id']}/verification",
        {"decision": "approve", "materials_received": ["REG-01", "REG-02", "REG-03"], "note": ""},
        token=d.tokens["drill_haidian"],
    )
    d.check("the district verifies the unit", status == 200, f"{status} {body}", fatal=True)
    status, body = d.api("POST", "/auth/token", {"username": username, "password": UNIT_PASSWORD})
    d.check("the unit's operator signs in to the API", status == 200, f"{status} {body}", fatal=True)
    unit_token = body["token"]
    d.tokens["unit"] = unit_token
    d.tokens["unit_username"] = username

    data = new_application(today)
    status, case = d.api("POST", "/applications", {"type": "new", **data}, token=unit_token)
    d.check("the unit files a new case", status == 201, f"{status} {case}", fatal=True)
    boundary = uuid.uuid4().hex
    upload = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + photo()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, _, raw = d.https(
        "POST",
        f"/api/v1/applications/{case['id']}/photo",
        body=upload,
        headers={
            "Authorization": f"Bearer {unit_token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    d.check("the photo uploads through nginx", status == 200, f"{status} {raw[:300]!r}", fatal=True)
    status, body = d.api("POST", f"/applications/{case['id']}/submit", token=unit_token)
    d.check("the case is submitted", status == 200, f"{status} {body}", fatal=True)
    codes = [item["code"] for item in body["checklist"] if item["required"]]
    status, body = d.api(
        "POST",
        f"/applications/{case['id']}/review",
        {"decision": "pass", "materials_received": codes, "note": ""},
        token=d.tokens["drill_haidian"],
    )
    d.check("the district passes it", status == 200, f"{status} {body}", fatal=True)
    status, body = d.api(
        "POST",
        f"/applications/{case['id']}/approval",
        {"decision": "approve", "note": ""},
        token=d.tokens["drill_city"],
    )
    d.check(
        "the city approves it: a permit is issued",
        status == 200 and bool(body.get("permit_no")),
        f"{status} {body}",
        fatal=True,
    )
    return unit_token, body["permit_no"], data["person"]["name"]


def check_verification(d: Drill, unit_token: str, permit_no: str, name: str) -> None:
    query = urllib.parse.urlencode({"permit_no": permit_no, "name": name})
    status, body = d.api("GET", f"/verify?{query}")
    d.check(
        "/api/v1/verify answers valid through nginx",
        status == 200 and body.get("result") == "valid",
        f"{status} {body}",
    )
    status, _, page = d.https("GET", f"/verify?{query}")
    d.check(
        "the /verify page answers through nginx", status == 200 and permit_no.encode() in page, str(status)
    )

    # The card is printed by one web host: its QR code carries a token that host signs.
    status, _, pdf = d.direct(
        "web1",
        "GET",
        f"/api/v1/permits/{permit_no}/card.pdf",
        headers={"Authorization": f"Bearer {unit_token}"},
    )
    d.check("web1 prints the card", status == 200 and pdf.startswith(b"%PDF-"), str(status), fatal=True)
    urls = read_qr_codes(pdf)
    prefix = f"https://{d.origin_host}/verify/qr/"
    d.check(
        "the card's QR code points to PUBLIC_BASE_URL/verify/qr/<token>",
        len(urls) == 1 and urls[0].startswith(prefix),
        str(urls),
        fatal=True,
    )
    token = urls[0][len(prefix) :]
    status, body = d.api("GET", f"/verify/qr/{token}", via="web2")
    d.check(
        "the QR signed on web1 verifies on web2",
        status == 200 and body.get("result") == "valid" and body.get("permit_no") == permit_no,
        f"{status} {body}",
    )
    status, body = d.api("GET", f"/verify/qr/{token}", via="web1")
    d.check("and on web1", status == 200 and body.get("result") == "valid", f"{status} {body}")
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    status, body = d.api("GET", f"/verify/qr/{altered}", via="web2")
    d.check(
        "an altered token does not verify", status != 200 or body.get("result") != "valid", f"{status} {body}"
    )


def read_qr_codes(pdf: bytes) -> list[str]:
    """The QR codes of the PDF's first page, read from its picture as a phone's camera would."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=4).to_pil()
    finally:
        document.close()
    return [
        code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def check_web_sign_in(d: Drill) -> None:
    """Sign in on the web through nginx; the session then serves on either instance."""
    status, headers, page = d.https("GET", "/login")
    cookies = cookie_jar(headers)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    d.check(
        "the sign-in page through nginx",
        status == 200 and bool(csrf) and "csrftoken" in cookies,
        f"{status} cookies={list(cookies)}",
        fatal=True,
    )
    if csrf is None:
        raise Abort("no CSRF token on the sign-in page")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf.group(1).decode(),
            "next": "/unit/",
            "username": d.tokens["unit_username"],
            "password": UNIT_PASSWORD,
        }
    )
    status, headers, page = d.https(
        "POST",
        "/login",
        body=form.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
            "Origin": f"https://{d.origin_host}",
            "Referer": f"https://{d.origin_host}/login",
        },
    )
    cookies.update(cookie_jar(headers))
    d.check(
        "the unit's operator signs in on the web (a secure session cookie)",
        status == 302 and "sessionid" in cookies and "secure" in str(headers).lower(),
        f"{status} {page[:300]!r}",
        fatal=True,
    )
    for instance in ("web1", "web2", "web1"):
        status, headers, page = d.direct(
            instance, "GET", "/unit/", headers={"Cookie": cookie_header(cookies)}
        )
        d.check(
            f"the signed-in page served by {instance}",
            status == 200 and b'action="/logout"' in page,
            f"{status} {headers['Location']}",
        )


def cookie_jar(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar = {}
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def check_rate_limit(d: Drill, permit_no: str, name: str) -> None:
    """200 /verify calls from one address through nginx (round robin over both instances): at most
    the configured limit are served in all, whichever instance and worker served them."""
    limit = int(RATELIMIT_VERIFY.split("/")[0])
    query = urllib.parse.urlencode({"permit_no": permit_no, "name": name})
    statuses: dict[int, int] = {}
    conn = _Resolved(HOST, d.ports["https"], context=d.tls(), timeout=30)
    try:
        for _ in range(200):
            status, _, _ = d.https("GET", f"/api/v1/verify?{query}", conn=conn)
            statuses[status] = statuses.get(status, 0) + 1
        # nginx overwrites X-Real-IP: a client naming another address is still the same client
        forged, _, _ = d.https("GET", f"/api/v1/verify?{query}", conn=conn,
                               headers={"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "203.0.113.9"})
    finally:
        conn.close()
    log = (d.tmp / "nginx" / "access.log").read_text()
    upstreams = set(re.findall(r"upstream=(127\.0\.0\.1:\d+)", log))
    served, refused = statuses.get(200, 0), statuses.get(429, 0)
    d.check(
        f"200 /verify calls: {served} served, {refused} refused (limit {RATELIMIT_VERIFY}, both instances)",
        0 < served <= limit
        and served + refused == 200
        and forged == 429
        and {f"127.0.0.1:{d.ports['web1']}", f"127.0.0.1:{d.ports['web2']}"} <= upstreams,
        f"statuses {statuses}, a forged X-Real-IP answered {forged}, upstreams {sorted(upstreams)}",
    )
    d.check(
        "the access log holds no query string of /verify",
        "/verify?" not in log and "name=" not in log and "/verify " in log,
        next((line for line in log.splitlines() if "/verify?" in line or "name=" in line), ""),
    )


def check_worker_and_timers(d: Drill) -> None:
    """The daily timer's command stores the sweep; the worker (its unit's command) runs it; the weekly
    prune's command runs."""
    swept = d.run([w.replace("/opt/bjpermit/venv", str(d.venv)) for w in unit_exec("bjpermit-sweep.service")])
    task = re.search(r"task (\S+)", swept.stdout)
    d.check("bjpermit-sweep.service's command enqueues the daily sweep", bool(task), swept.stdout)
    worker = [w.replace("/opt/bjpermit/venv", str(d.venv)) for w in unit_exec("bjpermit-worker.service")]
    d.start("worker", worker)
    status = ""
    deadline = time.monotonic() + 120
    while task and time.monotonic() < deadline:
        status = psql_value(
            d,
            d.env["DATABASE_URL"].rsplit("/", 1)[1],
            f"SELECT status FROM django_tasks_database_dbtaskresult WHERE id = '{uuid.UUID(task.group(1))}'",  # nosec B608  # noqa: S608
        )
        if status in ("SUCCESSFUL", "FAILED"):
            break
        time.sleep(1)
    d.check(
        "bjpermit-worker.service's command runs it",
        status == "SUCCESSFUL",
        f"status {status!r}\n{d.log_tail('worker')}",
    )
    d.stop("worker")
    anchor = Path(d.env["AUDIT_ANCHOR_DIR"]) / "audit-head.jsonl"
    d.check(
        "the daily sweep anchored the audit chain's head in AUDIT_ANCHOR_DIR",
        anchor.exists(),
        f"no {anchor.name} in AUDIT_ANCHOR_DIR",
        fatal=False,
    )
    if anchor.exists():
        verified = d.django("audit_verify", "--anchor", str(anchor), check=False)
        d.check("audit_verify --anchor passes", verified.returncode == 0, verified.stdout + verified.stderr)
    pruned = d.run(
        [w.replace("/opt/bjpermit/venv", str(d.venv)) for w in unit_exec("bjpermit-prune.service")],
        check=False,
    )
    d.check("bjpermit-prune.service's command runs", pruned.returncode == 0, pruned.stdout + pruned.stderr)


def check_app_role_cannot_rewrite_the_audit_log(d: Drill) -> None:
    """Security decision 18's first defence: the role the application connects as cannot ask."""
    database = d.env["DATABASE_URL"].rsplit("/", 1)[1]
    for sql in (
        "DELETE FROM audit_auditevent WHERE id = (SELECT max(id) FROM audit_auditevent)",
        "UPDATE audit_auditevent SET action = 'x' WHERE id = (SELECT max(id) FROM audit_auditevent)",
        "TRUNCATE audit_auditevent",
    ):
        done = psql(d, database, sql, user=d.roles["app"])
        d.check(
            f"the application role may not {sql.split()[0]} audit rows",
            done.returncode != 0 and "permission denied" in done.stderr,
            done.stderr or done.stdout,
        )


def psql(d: Drill, database: str, sql: str, *, user: str = PG["user"]) -> subprocess.CompletedProcess[str]:
    """One statement through psql as `user` (the superuser by default), its failure returned, not raised."""
    command = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", user, "-d", database,
               "-v", "ON_ERROR_STOP=1", "-XAtqc", sql]
    return d.run(command, env=dict(os.environ), check=False)


def psql_value(d: Drill, database: str, sql: str) -> str:
    done = psql(d, database, sql)
    return done.stdout.strip()


def check_backup_restore(d: Drill, restored_db: str) -> None:
    backup = d.tmp / "backup"
    made = d.django("backup", "--to", str(backup), check=False, timeout=600)
    d.check(
        "backup --to DIR",
        made.returncode == 0 and (backup / "manifest.json").exists(),
        (made.stdout + made.stderr)[-2000:],
        fatal=True,
    )
    mode = backup.stat().st_mode & 0o777
    d.check("the backup folder is readable by its owner only", mode & 0o077 == 0, oct(mode))
    restore_root = d.tmp / "restored"
    (restore_root / "shared" / "keys").mkdir(parents=True)
    (restore_root / "shared" / "audit-anchors").mkdir(parents=True)
    env = {
        **d.env,
        "DATABASE_URL": database_url(d, "owner", restored_db),
        "VAR_DIR": str(restore_root / "var"),
        "SIGNING_KEY_DIR": str(restore_root / "shared" / "keys"),
        "AUDIT_ANCHOR_DIR": str(restore_root / "shared" / "audit-anchors"),
        "REDIS_URL": d.env["REDIS_URL"],
    }
    restored = d.django("restore", "--from", str(backup), env=env, check=False, timeout=600)
    d.check(
        "restore --from DIR into a second database",
        restored.returncode == 0,
        (restored.stdout + restored.stderr)[-2000:],
        fatal=True,
    )
    manifest = str(backup / "manifest.json")
    verified = d.django("audit_verify", "--manifest", manifest, env=env, check=False)
    d.check(
        "audit_verify --manifest passes on the restored database",
        verified.returncode == 0,
        (verified.stdout + verified.stderr)[-1000:],
    )
    # What an intruder with the owner's rights would do: the trigger refuses a DELETE, so it is
    # switched off first, as an owner can.
    deleted = psql(
        d, restored_db,
        "ALTER TABLE audit_auditevent DISABLE TRIGGER USER; "
        "DELETE FROM audit_auditevent WHERE id = (SELECT max(id) FROM audit_auditevent); "
        "ALTER TABLE audit_auditevent ENABLE TRIGGER USER;",
    )
    if deleted.returncode != 0:
        raise RuntimeError(f"could not delete the newest audit row: {deleted.stderr}")
    broken = d.django("audit_verify", "--manifest", manifest, env=env, check=False)
    d.check(
        "audit_verify --manifest fails once the newest audit row is deleted",
        broken.returncode != 0,
        (broken.stdout + broken.stderr)[-1000:],
    )


def main() -> int:
    d = Drill()
    started = time.monotonic()

    def timed_out(signum: int, frame: object) -> None:
        raise Abort(f"the drill took longer than {DEADLINE_SECONDS} s")

    def interrupted(signum: int, frame: object) -> None:
        raise Abort(f"interrupted (signal {signum})")

    signal.signal(signal.SIGALRM, timed_out)
    signal.signal(signal.SIGTERM, interrupted)
    signal.alarm(DEADLINE_SECONDS)
    print(f"production drill in {d.tmp}", flush=True)
    try:
        for name in ("web1", "web2", "http", "https"):
            d.ports[name] = free_port()
        prepare_services(d)
        main_db, restored_db = make_databases(d)
        install_fresh_venv(d)
        production_environment(d, main_db)
        otp_keys = first_deployment(d)
        start_web_hosts(d)
        cert, key = make_certificate(d)
        start_nginx(d, cert, key)
        check_probes(d)
        unit_token, permit_no, name = issue_permit(d, otp_keys)
        check_verification(d, unit_token, permit_no, name)
        check_web_sign_in(d)
        check_rate_limit(d, permit_no, name)
        check_worker_and_timers(d)
        check_app_role_cannot_rewrite_the_audit_log(d)
        check_backup_restore(d, restored_db)
    except Abort as exc:
        if not d.failures or str(exc) != d.failures[-1]:
            d.failures.append(str(exc).splitlines()[0])
            print(f"FAILED  {exc}", flush=True)
    except KeyboardInterrupt:
        d.failures.append("interrupted")
        print("FAILED  interrupted", flush=True)
    finally:
        signal.alarm(0)
        d.cleanup()
    took = time.monotonic() - started
    print(f"production drill {'FAILED' if d.failures else 'passed'} in {took:.0f} s", flush=True)
    # the plain closing line CI reads: checks that held, and checks that did not
    print(f"production: {d.passed} passed, {len(d.failures)} failed", flush=True)
    return 1 if d.failures else 0


if __name__ == "__main__":
    sys.exit(main())
