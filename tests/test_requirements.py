"""The dependency locks: production installs no test tool, and the two locks agree."""

import re
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements"
TEST_TOOLS = {"pytest", "pytest-django", "playwright", "hypothesis", "schemathesis", "mypy", "ruff"}
PIN = re.compile(r"^([A-Za-z0-9_.\[\]-]+)==([^\s;\\]+)", re.M)


def pins(name: str) -> dict[str, str]:
    text = (REQUIREMENTS / name).read_text()
    return {
        re.sub(r"\[.*\]", "", package).lower(): version for package, version in PIN.findall(text)
    }


def test_the_runtime_lock_has_no_test_tool():
    assert not TEST_TOOLS & set(pins("runtime.txt"))


def test_the_development_lock_has_the_runtime_packages_at_the_same_versions():
    runtime, dev = pins("runtime.txt"), pins("dev.txt")
    assert runtime
    assert {package: dev.get(package) for package in runtime} == runtime
    assert set(dev) >= TEST_TOOLS


def test_every_locked_package_is_pinned_with_a_hash():
    for name in ("runtime.txt", "dev.txt"):
        entries = re.split(r"\n(?=[A-Za-z0-9])", (REQUIREMENTS / name).read_text())
        for entry in entries:
            if PIN.match(entry):
                assert "--hash=sha256:" in entry, entry.splitlines()[0]
