"""Issue 10: the dependency versions are pinned in `requirements.lock` (`make lock`, uv), and `make
test` — so CI — and the production drill install from it. The lock must admit what pyproject.toml
asks for, and this environment must hold exactly the locked versions."""

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)", line)
        if match:
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in project["dependencies"] + extras["dev"] + extras.get("s3", [])]


def test_every_declared_dependency_is_locked_within_its_range():
    pins = locked()
    assert pins, "requirements.lock holds no pins"
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is declared in pyproject.toml but not locked: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} in requirements.lock is outside {requirement.specifier}: run `make lock`")


def test_this_environment_was_installed_from_the_lock():
    drifted = []
    for name, pinned in locked().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # locked for another platform or extra this environment does not use
        if installed != pinned:
            drifted.append(f"{name} {installed} (locked {pinned})")
    assert not drifted, "installed versions differ from requirements.lock: " + ", ".join(drifted)
