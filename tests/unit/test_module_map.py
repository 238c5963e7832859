"""The README's module map ("Struktur") matches the tree: every module is named, every name exists."""

from __future__ import annotations

import re

from tests.conftest import REPO

PACKAGE = REPO / "katalog_sop"


def module_map() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Struktur\n", 1)[1]
    return section.split("```", 2)[1]


def test_every_module_of_the_package_is_in_the_map() -> None:
    text = module_map()
    named = set(re.findall(r"[\w-]+\.py\b", text))
    missing = sorted(
        str(path.relative_to(REPO))
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and path.name not in named and "templates" not in path.parts
    )
    assert missing == [], f"README Struktur does not name: {missing}"
    folders = {path.parent.name for path in PACKAGE.rglob("*.py") if path.parent != PACKAGE}
    assert [f for f in sorted(folders) if f"{f}/" not in text] == []


def test_every_name_in_the_map_exists() -> None:
    text = module_map()
    files = {path.name for folder in ("katalog_sop", "hooks", "scripts") for path in (REPO / folder).rglob("*.py")}
    gone = sorted(name for name in set(re.findall(r"[\w-]+\.py\b", text)) if name not in files)
    assert gone == [], f"README Struktur names modules that do not exist: {gone}"
