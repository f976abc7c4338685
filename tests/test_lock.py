"""The lock file and pyproject.toml agree: every dependency (runtime and test) is pinned
in requirements.lock at a version its lower bound in pyproject.toml admits. After a change
in pyproject.toml, `make lock` resolves again."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line)
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_every_dependency_is_pinned_within_its_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["test"]]
    pinned = _pinned()
    missing = [str(requirement) for requirement in wanted if canonicalize_name(requirement.name) not in pinned]
    assert missing == [], "run `make lock`"
    outside = [
        (str(requirement), pinned[canonicalize_name(requirement.name)])
        for requirement in wanted
        if not requirement.specifier.contains(pinned[canonicalize_name(requirement.name)], prereleases=True)
    ]
    assert outside == [], "run `make lock`"
