"""The deployment files (deploy/, .env.example) stay consistent with the code they run: the commands
the systemd units name exist and accept their options, nginx lets through what Django accepts and
logs no query string of /verify, /progress or /search, and .env.example names every variable read.
The production drill (drills/production.py) runs these files for real; this test is the cheap check."""

import ast
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

from core.middleware import MULTIPART_OVERHEAD
from core.tests.support import production_env

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SYSTEMD = DEPLOY / "systemd"
NGINX = (DEPLOY / "nginx" / "bjpermit.conf").read_text()
VENV_BIN = "/opt/bjpermit/venv/bin/"


def unit(name: str) -> dict[str, list[str]]:
    """A unit file as {key: [values]} (comments and section headers left out)."""
    values: dict[str, list[str]] = {}
    for line in (SYSTEMD / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def env_example() -> dict[str, str]:
    """Every NAME=value of .env.example, the commented-out optional ones (#NAME=value) too."""
    pairs = re.findall(r"^#?([A-Z][A-Z0-9_]*)=(.*)$", (REPO / ".env.example").read_text(), re.MULTILINE)
    return dict(pairs)


def variables_read() -> set[str]:
    """The environment variables the installed code reads: os.environ.get / os.environ[...] /
    os.getenv / production.py's _required(...), in every module but tests and tools."""
    names: set[str] = set()
    skip = {".venv", "tests", "bench", "docs", "drills", "var", "node_modules"}
    for path in [*REPO.glob("*/**/*.py"), DEPLOY / "gunicorn.conf.py"]:
        if skip & set(path.relative_to(REPO).parts) or path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            key = None
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = ast.unparse(node.func)
                if func in ("os.environ.get", "os.getenv", "_required", "os.environ.setdefault"):
                    key = node.args[0].value
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                if isinstance(node.slice, ast.Constant):
                    key = node.slice.value
            if isinstance(key, str):
                names.add(key)
    return names


# ---- systemd ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bjpermit-worker.service", "bjpermit-sweep.service",
                                  "bjpermit-prune.service"])
def test_each_unit_runs_a_management_command_that_exists_with_options_it_accepts(name):
    argv = shlex.split(unit(name)["ExecStart"][0])
    assert argv[0] == VENV_BIN + "bjpermit-manage"  # pyproject.toml's console script
    command, options = argv[1], argv[2:]
    assert command in get_commands(), f"{name} runs `{command}`, which no installed app provides"
    parser = load_command_class(get_commands()[command], command).create_parser("bjpermit-manage", command)
    parser.parse_args(options)  # exits (SystemExit) on an option the command does not take


def test_the_worker_runs_django_tasks_db_and_the_timers_run_the_daily_and_weekly_jobs():
    assert shlex.split(unit("bjpermit-worker.service")["ExecStart"][0])[1] == "db_worker"
    assert get_commands()["db_worker"] == "django_tasks_db"
    assert shlex.split(unit("bjpermit-sweep.service")["ExecStart"][0])[1:] == ["sweep", "--enqueue"]
    daily = unit("bjpermit-sweep.timer")
    assert daily["OnCalendar"] == ["*-*-* 00:05:00 Asia/Shanghai"] and daily["Persistent"] == ["true"]
    assert daily["Unit"] == ["bjpermit-sweep.service"]
    weekly = unit("bjpermit-prune.timer")
    weekday = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \*-\*-\* \d\d:\d\d:00 Asia/Shanghai"
    assert re.fullmatch(weekday, weekly["OnCalendar"][0])
    assert weekly["Unit"] == ["bjpermit-prune.service"]
    assert shlex.split(unit("bjpermit-prune.service")["ExecStart"][0])[1] == "prune_db_task_results"


@pytest.mark.parametrize("name", sorted(p.name for p in SYSTEMD.glob("*.service")))
def test_every_service_runs_as_bjpermit_with_production_settings_hardened_writing_only_var(name):
    values = unit(name)
    assert values["User"] == ["bjpermit"]
    assert values["EnvironmentFile"] == ["/etc/bjpermit/env"]
    assert values["Environment"] == ["DJANGO_SETTINGS_MODULE=config.settings.production"]
    assert values["ProtectSystem"] == ["strict"] and values["NoNewPrivileges"] == ["true"]
    assert values["PrivateTmp"] == ["true"]
    folders = {k: v for k, v in env_example().items() if k in ("VAR_DIR", "MEDIA_ROOT", "SIGNING_KEY_DIR",
                                                                "AUDIT_ANCHOR_DIR")}
    writable = values["ReadWritePaths"][0].split()
    for key, folder in folders.items():  # .env.example's folders lie inside what the unit may write
        assert any(folder == w or folder.startswith(w.rstrip("/") + "/") for w in writable), key


def test_the_web_unit_runs_gunicorn_sync_workers_one_per_core_on_config_wsgi(monkeypatch):
    argv = shlex.split(unit("bjpermit-web.service")["ExecStart"][0])
    assert argv == [VENV_BIN + "gunicorn", "--config", "/etc/bjpermit/gunicorn.conf.py"]
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    import multiprocessing

    assert conf["worker_class"] == "sync" and conf["workers"] == multiprocessing.cpu_count()
    assert conf["wsgi_app"] == "config.wsgi:application" == settings.WSGI_APPLICATION.replace(".app", ":app")
    assert conf["bind"].startswith("127.0.0.1:")
    assert conf["accesslog"] is None  # the one access log is nginx's, without query strings


# ---- nginx ------------------------------------------------------------------------------------------


def nginx_size(value: str) -> int:
    number, unit_ = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit_.lower()]


def test_nginx_lets_through_every_body_django_accepts_so_that_django_answers_a_too_big_one():
    limits = re.findall(r"client_max_body_size\s+(\S+);", NGINX)
    assert limits, "no client_max_body_size: nginx's default (1 MiB) would refuse every upload"
    assert all(nginx_size(v) >= settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD for v in limits)
    assert all(nginx_size(v) <= 2 * settings.UPLOAD_MAX_BYTES for v in limits)  # still a limit


def test_nginx_passes_https_and_the_host_and_serves_static_files_from_static_root():
    for block in re.findall(r"location [^{]*\{[^}]*proxy_pass[^}]*\}", NGINX):
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in block
        assert re.search(r"proxy_set_header Host \$(http_)?host;", block)
    assert f"alias {env_example()['VAR_DIR']}/static/;" in NGINX  # STATIC_ROOT = $VAR_DIR/static
    assert re.search(r"ssl_protocols TLSv1\.2 TLSv1\.3;", NGINX)
    assert "Strict-Transport-Security" not in NGINX  # Django sends it (production settings)


def test_nginx_probes_pass_through_unlogged_on_port_80_too_and_everything_else_moves_to_https():
    port_80, port_443 = re.split(r"\n}\n\s*\nserver \{", NGINX.split("server {", 1)[1])[:2]
    assert "listen 80;" in port_80 and "listen 443 ssl" in port_443
    for server in (port_80, port_443):
        probe = re.search(r"location ~ \^/\(healthz\|readyz\)\$ \{[^}]*\}", server)
        assert probe and "access_log off;" in probe.group(0) and "proxy_pass" in probe.group(0)
    assert "return 301 https://$host$request_uri;" in port_80


def test_nginx_access_log_holds_no_query_string_of_verify_progress_or_search():
    """Security decision 15, with nginx's map read as nginx reads it (first matching regex wins)."""
    formats = re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", NGINX)
    assert len(formats) == 1
    name, text = formats[0]
    logs = re.findall(r"access_log\s+(\S+)(?:\s+(\w+))?;", NGINX)
    assert logs and all(target == "off" or fmt == name for target, fmt in logs), "every log is query-free"
    variables = set(re.findall(r"\$(\w+)", text))
    assert not variables & {"request", "request_uri", "args", "query_string", "http_referer", "is_args"}
    mapped = re.search(r"map \$uri \$(\w+) \{([^}]*)\}", NGINX)
    assert mapped and mapped.group(1) in variables
    rules = re.findall(r'"~([^"]+)"\s+\$(\w+);', mapped.group(2))
    default = re.search(r"default\s+\$(\w+);", mapped.group(2))

    def logged(uri: str) -> str:
        assert default
        return next((value for pattern, value in rules if re.search(pattern, uri)), default.group(1))

    for path in ("/verify", "/verify/qr/abc.def", "/api/v1/verify", "/api/v1/verify/qr/abc", "/progress",
                 "/api/v1/progress", "/api/v1/search", "/search"):
        assert logged(path) == "uri", path
    for path in ("/", "/unit/", "/api/v1/applications", "/office/", "/verifyx"):
        assert logged(path) == "request_uri", path
    referer = re.search(r"map \$http_referer \$(\w+) \{([^}]*)\}", NGINX)
    assert referer and referer.group(1) in variables and "[^?]*" in referer.group(2)


# ---- PostgreSQL --------------------------------------------------------------------------------------


def test_the_application_role_may_only_add_read_and_seal_audit_rows():
    """The grants the drill runs (and docs/operations.md names) against the seal columns the model has."""
    from audit.models import AuditEvent

    sql = (DEPLOY / "postgres" / "grants.sql").read_text()
    statements = [" ".join(s.split()) for s in re.sub(r"--[^\n]*", "", sql).split(";") if s.strip()]
    table = AuditEvent._meta.db_table
    on_audit = [s for s in statements if f" ON {table} " in f"{s} "]
    assert on_audit == [
        f"REVOKE ALL ON {table} FROM PUBLIC",
        f"REVOKE ALL ON {table} FROM bjpermit_app",
        f"GRANT INSERT, SELECT ON {table} TO bjpermit_app",
        f"GRANT UPDATE (seq, prev_hash, hash) ON {table} TO bjpermit_app",
    ]
    fields = {f.column for f in AuditEvent._meta.concrete_fields}
    assert {"seq", "prev_hash", "hash"} <= fields
    blanket = statements.index(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bjpermit_app")
    assert blanket < statements.index(on_audit[0])  # the audit table's rights are narrowed after it
    assert not any("TRUNCATE" in s or "TRIGGER" in s or "ALL PRIVILEGES" in s for s in statements)


# ---- .env.example -----------------------------------------------------------------------------------


def test_env_example_names_every_variable_the_code_reads_with_how_to_make_the_secrets():
    named = env_example()
    text = (REPO / ".env.example").read_text()
    read = variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL", "GUNICORN_BIND"} <= read
    missing = read - set(named) - {"CLOCK_FILE"}
    assert not missing, f".env.example does not name {sorted(missing)}"
    assert "CLOCK_FILE" in text and "CLOCK_FILE" not in named  # named only as never set in production
    assert named["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert "secrets.token_urlsafe(50)" in text  # SECRET_KEY
    assert text.count("base64.b64encode(os.urandom(32))") >= 1  # the 32-byte keys


def test_a_key_made_by_the_env_example_command_is_one_core_crypto_accepts(settings):
    import base64

    from core import crypto

    command = re.search(r'python3 -c "(import base64, os; [^"]+)"', (REPO / ".env.example").read_text())
    assert command
    made = subprocess.run([sys.executable, "-c", command.group(1)], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert len(base64.b64decode(made)) == 32
    settings.FIELD_ENCRYPTION_KEY = made
    assert crypto.decrypt(crypto.encrypt("110105199001011234")) == "110105199001011234"


def test_production_trusts_the_scheme_header_that_nginx_sets():
    shown = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.SECURE_PROXY_SSL_HEADER)"],
        env=production_env(VAR_DIR=str(REPO / "var"), REDIS_URL="redis://127.0.0.1:6379/0"),
        capture_output=True, text=True, cwd=REPO,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
