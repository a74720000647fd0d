"""Apps depend one way (issue 11, docs/decisions.md 92): the import-linter contract `make check`
runs must name every app of ours, in one layer each, and `pip install .` must ship each of them."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def ours() -> set[str]:
    """The Django apps whose code lives in this repository."""
    return {
        config.name for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT.resolve()
    }


def test_every_app_has_a_layer_and_config_sits_below_ops():
    linter = PYPROJECT["tool"]["importlinter"]
    [contract] = linter["contracts"]
    layers = contract["layers"]
    assert contract["type"] == "layers"
    assert len(layers) == len(set(layers)), "an app named twice"
    assert set(layers) == set(linter["root_packages"]) == ours() | {"config"}
    assert layers[0] == "ops" and layers[-1] == "core"
    assert layers.index("config") == 1, "config wires every app's routes; only ops is above it"


def test_only_tests_are_exempt_from_the_contract():
    [contract] = PYPROJECT["tool"]["importlinter"]["contracts"]
    assert contract.get("ignore_imports", []) == ["*.tests.** -> **"]


def test_pip_install_ships_every_app():
    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    for app in ours() | {"config"}:
        assert f"{app}*" in include, f"{app} would be missing from `pip install .`"
