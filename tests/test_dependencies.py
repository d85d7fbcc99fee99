"""constraints.txt is what a fresh machine installs (scripts/setup); it must agree with pyproject.toml."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins_of(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==(\S+)", requirement).groups()
        pins[normalise(name)] = version
    return pins


def test_every_pin_of_pyproject_is_the_version_in_constraints():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = pins_of(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared |= pins_of(extra)
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    locked = pins_of([line for line in lines if line and not line.startswith("#")])

    disagreeing = {
        name: (version, locked.get(name)) for name, version in declared.items() if locked.get(name) != version
    }
    assert disagreeing == {}, "pyproject.toml y constraints.txt no coinciden; ejecute scripts/lock"
