"""`pip install .` installs what production runs (api.md "Operations"): every import of the code is
satisfied by `[project.dependencies]` (not by the `dev` extra), and the wheel holds the files the
running system reads — templates, static files, compiled translations, fonts, texts — and no tests.
(The production drill installs it for real in a fresh virtualenv.)"""

import ast
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
FIRST_PARTY = [p.rstrip("*") for p in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]]
APPS = [p for p in FIRST_PARTY if (ROOT / p / "__init__.py").exists()]

# Settings that make a library import a module of another distribution by name, at run time.
NEEDED_BY_SETTINGS = {
    "django.contrib.auth.hashers.Argon2PasswordHasher": "argon2",
    "django.core.cache.backends.redis.RedisCache": "redis",  # production's shared cache (REDIS_URL)
    "django.db.backends.postgresql": "psycopg",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_closure() -> set[str]:
    """The distributions `pip install .` brings: the declared ones and, transitively, what they need."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        name = _norm(req.name)
        key = name + "[" + ",".join(sorted(req.extras)) + "]"
        if key in seen:
            continue
        seen.update({key, name})
        for text in metadata.requires(req.name) or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in ("", *req.extras)):
                todo.append(sub)
    return {s for s in seen if "[" not in s}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (never run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(n.lineno for n in ast.walk(child) if hasattr(n, "lineno"))
    return lines


# Adapters imported only when their optional extra is installed and configured (`pip install ".[s3]"`
# with S3_BUCKET): their imports are the extra's, not `pip install .`'s.
EXTRA_ADAPTERS = {"core/storage_s3.py": "s3"}


def _imports_of_production_code() -> dict[str, set[str]]:
    """Top-level module names imported anywhere in non-test code (inside functions too) -> files."""
    found: dict[str, set[str]] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.relative_to(ROOT).parts or str(path.relative_to(ROOT)) in EXTRA_ADAPTERS:
                continue
            tree = ast.parse(path.read_text(), str(path))
            skip = _type_checking_only(tree)
            for node in ast.walk(tree):
                if getattr(node, "lineno", None) in skip:
                    continue
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def _modules_named_in_settings() -> dict[str, set[str]]:
    named = [*settings.INSTALLED_APPS, *settings.MIDDLEWARE, *settings.AUTHENTICATION_BACKENDS,
             *settings.PASSWORD_HASHERS, settings.STORAGES["staticfiles"]["BACKEND"],
             settings.TASKS["default"]["BACKEND"]]
    found = {name.split(".")[0]: {"config/settings"} for name in named}
    for setting, module in NEEDED_BY_SETTINGS.items():
        found.setdefault(module, set()).add(f"config/settings ({setting})")
    return found


def test_every_import_of_production_code_is_installed_by_pip_install_dot():
    closure = _declared_closure()
    owners = metadata.packages_distributions()
    missing = []
    for module, where in sorted({**_imports_of_production_code(), **_modules_named_in_settings()}.items()):
        if module in sys.stdlib_module_names or module in FIRST_PARTY:
            continue
        dists = {_norm(d) for d in owners.get(module, [])}
        if not dists & closure:
            owner = ", ".join(sorted(dists)) or "not installed"
            missing.append(f"{module} ({owner}) used by {sorted(where)[:3]}")
    assert not missing, "not installed by `pip install .` — declare in [project.dependencies]:\n" + "\n".join(
        missing
    )


def test_the_dev_extra_is_for_tests_and_tools_only():
    """What production imports is declared for production itself, not only reached through dev."""
    runtime = {_norm(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    for name in ("pypdf", "redis", "django-stubs-ext"):
        assert name in runtime, name


def test_the_wheel_holds_templates_static_files_translations_fonts_and_no_tests(tmp_path):
    """Build the wheel as `pip install .` does, from a copy of the sources."""
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "__pycache__", "*.egg-info", "build", "node_modules", ".*_cache",
            ".hypothesis", "test-results", "drills", "deploy", "bench",
        ),
    )
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = (tmp_path / "dist").glob("bjpermit-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())

    needed = [
        *(p for folder in ("templates", "static") for p in (ROOT / folder).rglob("*")
          if p.is_file() and not p.name.startswith(".")),
        *(ROOT / "locale").rglob("*.mo"),
        *(ROOT / "documents" / "fonts").iterdir(),
        *(ROOT / "web" / "content").iterdir(),
    ]
    absent = sorted(str(p.relative_to(ROOT)) for p in needed if str(p.relative_to(ROOT)) not in shipped)
    assert not absent, f"files the running system reads are not in the wheel: {absent}"
    assert "config/settings/production.py" in shipped and "ops/management/commands/load_demo.py" in shipped
    assert not [name for name in shipped if "/tests/" in name], "tests are not shipped"
    entry_points = next(n for n in shipped if n.endswith(".dist-info/entry_points.txt"))
    assert "bjpermit-manage = config.manage:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
