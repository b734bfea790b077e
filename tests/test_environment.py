"""pyproject.toml (pip) and environment.yml (conda/Binder) must list the same runtime packages."""

import re
import tomllib

import yaml

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _bounds(requirement: str) -> str:
    return re.sub(r"\s", "", requirement[len(_name(requirement)) :])


def _pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_name(r): _bounds(r) for r in project["dependencies"]}


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs = [d for d in env["dependencies"] if isinstance(d, str)]
    return {_name(s): _bounds(s) for s in specs if _name(s) not in ("python", "pip")}


def test_same_packages_in_pyproject_and_environment_yml():
    pip, conda = _pip_requirements(), _conda_requirements()
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml but not in environment.yml"
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml but not in pyproject.toml"


def test_same_version_bounds():
    pip, conda = _pip_requirements(), _conda_requirements()
    different = {name: (pip[name], conda[name]) for name in pip if name in conda and pip[name] != conda[name]}
    assert different == {}


def test_environment_installs_the_kit_and_binder_enables_extensions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
    assert "enable-extensions.sh" in (ROOT / "postBuild").read_text()


def test_constraints_pin_every_runtime_dependency():
    pinned = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pinned[name.strip().lower().replace("_", "-")] = version.strip()
    missing = sorted(set(_pip_requirements()) - set(pinned))
    assert missing == []
