"""The README describes the tree as it is: its settings table lists exactly the environment
variables the code reads, and its code map names every module."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Where configuration is read: the settings and the entry points beside them, and gunicorn's.
CONFIGURED_BY = [*(ROOT / "factcheck").glob("*.py"), *(ROOT / "deploy").glob("*.py")]
READS = re.compile(
    r"""(?:env_\w+|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|os\.environ\[\s*["']([A-Z][A-Z0-9_]+)["']\s*\]"""
)
# Django's own plumbing, set rather than configured.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def variables_read() -> set[str]:
    found = set()
    for path in CONFIGURED_BY:
        for match in READS.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found - NOT_SETTINGS


def variables_documented() -> set[str]:
    rows = [line for line in section("Configuration").splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def code_map() -> dict[str, str]:
    """Each entry of the map (a line at indent <= 2) with its continuation lines."""
    block = section("Map of the code").split("```")[1]
    entries: dict[str, str] = {}
    name = ""
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent <= 2:
            name, _, rest = line.strip().partition(" ")
            entries[name] = rest
        else:
            entries[name] += " " + line.strip()
    return entries


def modules(package: Path) -> set[str]:
    return {path.stem for path in package.glob("*.py") if path.stem != "__init__"}


def test_settings_table_lists_every_variable_the_code_reads():
    assert variables_read() - variables_documented() == set()


def test_settings_table_lists_no_variable_the_code_does_not_read():
    assert variables_documented() - variables_read() == set()


def test_code_map_names_every_top_level_module():
    text = " ".join(f"{name} {rest}" for name, rest in code_map().items())
    for package in ("annotations", "factcheck", "deploy"):
        missing = {m for m in modules(ROOT / package) if f"{m}.py" not in text}
        assert missing == set(), package


def test_code_map_names_every_module_of_each_package():
    entries = code_map()
    for package in ("models", "services", "selectors", "views", "api", "templatetags"):
        listed = set(re.findall(r"\w+", entries[f"{package}/"]))
        assert modules(ROOT / "annotations" / package) - listed == set(), package
    commands = set(re.findall(r"\w+", entries["management/commands/"]))
    assert modules(ROOT / "annotations" / "management" / "commands") - commands == set()
