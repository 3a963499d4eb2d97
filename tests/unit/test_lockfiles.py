"""The lockfiles in requirements/ agree with pyproject.toml (regenerate: requirements/lock.sh).

Every direct dependency is pinned, within its range, in each lockfile that installs it; no
lockfile pins a direct dependency that pyproject.toml no longer asks for; and a package pinned
in two lockfiles has the same version in both (CI tests what the app installs).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME = canonicalize_name(PROJECT["name"])
# Each lockfile and the extras it installs on top of [project.dependencies].
LOCKFILES = {"app.txt": (), "production.txt": ("postgres", "redis"), "test.txt": ("test",)}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
FROM_PYPROJECT = f"{NAME} (pyproject.toml)"
REGENERATE = "pyproject.toml and requirements/ disagree: run `bash requirements/lock.sh`"


def direct_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    """The project's dependencies plus those of `extras`, self-references resolved."""
    requirements = [Requirement(text) for text in PROJECT["dependencies"]]
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in map(Requirement, PROJECT["optional-dependencies"][extra]):
            if canonicalize_name(requirement.name) == NAME:
                todo.extend(requirement.extras)
            else:
                requirements.append(requirement)
    return requirements


def parse_lockfile(text: str) -> tuple[dict[str, set[Version]], set[str]]:
    """Pinned versions by package (several when markers differ), and the packages that the
    lockfile says come straight from pyproject.toml (uv's `# via` annotations)."""
    pins: dict[str, set[Version]] = {}
    direct: set[str] = set()
    current = None
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins.setdefault(current, set()).add(Version(match.group(2)))
        elif current and line.strip().startswith("#") and FROM_PYPROJECT in line:
            direct.add(current)
    return pins, direct


def lockfile(name: str) -> tuple[dict[str, set[Version]], set[str]]:
    return parse_lockfile((ROOT / "requirements" / name).read_text(encoding="utf-8"))


def disagreements(requirements: list[Requirement], text: str) -> list[str]:
    """What is wrong between these direct requirements and one lockfile's text."""
    pins, direct = parse_lockfile(text)
    wanted = {canonicalize_name(r.name) for r in requirements}
    problems = []
    for requirement in requirements:
        versions = pins.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement} is not pinned")
        for version in sorted(versions or ()):
            if not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{requirement.name}=={version} is outside {requirement}")
    problems += [f"{name} is pinned but no longer required" for name in sorted(direct - wanted)]
    return problems


@pytest.mark.parametrize(("name", "extras"), LOCKFILES.items())
def test_each_lockfile_pins_its_direct_dependencies_within_their_ranges(name, extras):
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    problems = disagreements(direct_requirements(extras), text)
    assert not problems, f"{REGENERATE}:\n" + "\n".join(problems)


def test_a_package_has_one_version_in_every_lockfile():
    seen: dict[str, tuple[str, set[Version]]] = {}
    for name in LOCKFILES:
        for package, versions in lockfile(name)[0].items():
            first = seen.setdefault(package, (name, versions))
            assert versions == first[1], f"{package}: {first} but {versions} in {name}"


def test_the_check_notices_a_missing_pin_a_pin_out_of_range_and_a_stale_one():
    lock = (
        "flask==3.1.3 \\\n    --hash=sha256:00\n    # via harzquiz (pyproject.toml)\n"
        "redis==6.4.0 \\\n    --hash=sha256:00\n    # via\n    #   harzquiz (pyproject.toml)\n"
        "old-lib==1.0 \\\n    --hash=sha256:00\n    # via harzquiz (pyproject.toml)\n"
        "click==8.5.1 \\\n    --hash=sha256:00\n    # via flask\n"
    )
    wanted = [Requirement("flask>=3.1,<4"), Requirement("redis>=7,<9"), Requirement("nh3")]
    assert disagreements(wanted, lock) == [
        "redis==6.4.0 is outside redis<9,>=7",
        "nh3 is not pinned",
        "old-lib is pinned but no longer required",
    ]
