"""The package's import arrows point down only: a lower stage never imports a higher one.

Stages, lowest first: the leaf modules (settings, urls, problems, slugs, vendor, static, forking, cache: read by every
stage, reading none), ``catalog`` (the typed model: what every stage speaks), ``source`` (YAML into the
catalogue), ``site`` (the catalogue as pages), ``publish`` (from settings to a finished site). ``importer``
turns signed documents into sources, so it may use ``source`` but nothing the site is made of. hooks/ and
scripts/ are adapters on top: nothing in the package imports them. Imports are read with ``ast``, inside
functions and ``TYPE_CHECKING`` blocks too, so a lazy import is an arrow as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "katalog_sop"
LEAVES = {"settings", "urls", "problems", "slugs", "contact", "vendor", "static", "forking", "cache"}
RANK = {"leaf": 0, "catalog": 1, "source": 2, "importer": 3, "site": 3, "publish": 4}
"""A module may import its own stage and any stage ranked lower; importer and site never each other."""


def stage(module: str) -> str:
    """The stage of ``katalog_sop.<part>...``; the package root re-exports ``source`` (build_catalog)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "source"
    return "leaf" if parts[1] in LEAVES else parts[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The katalog_sop modules ``path`` imports; ``from katalog_sop import vendor`` names the module vendor."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                is_module = (REPO / submodule.replace(".", "/")).with_suffix(".py").is_file() or (
                    REPO / submodule.replace(".", "/") / "__init__.py"
                ).is_file()
                found.add(submodule if is_module else node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; the layer test reads absolute ones only")
    return {name for name in found if name.split(".")[0] in {"katalog_sop", "hooks", "scripts"}}


def import_graph() -> set[tuple[str, str]]:
    return {(module_name(path), target) for path in sorted(PACKAGE.rglob("*.py")) for target in imported(path)}


def upward(source: str, target: str) -> bool:
    if target.split(".")[0] != "katalog_sop":  # hooks/ or scripts/: adapters, never imported by the package
        return True
    here, there = stage(source), stage(target)
    if here == there:
        return False
    if {here, there} == {"importer", "site"}:
        return True
    return RANK[there] > RANK[here]


def test_the_graph_is_read() -> None:
    """The reader finds the arrows that are known to exist, so an empty graph cannot pass for a clean one."""
    graph = import_graph()
    assert ("katalog_sop.site.render", "katalog_sop.catalog.model") in graph
    assert ("katalog_sop.site.textfit", "katalog_sop.vendor") in graph
    assert ("katalog_sop.source.read", "katalog_sop.slugs") in graph
    assert len({source for source, _ in graph}) > 30


def test_the_rule_sees_an_upward_arrow() -> None:
    assert upward("katalog_sop.settings", "katalog_sop.site.render")
    assert upward("katalog_sop.catalog.model", "katalog_sop.source.schema")
    assert upward("katalog_sop.importer.run", "katalog_sop.site.page")
    assert upward("katalog_sop.site.render", "hooks.katalog")
    assert not upward("katalog_sop.publish.publication", "katalog_sop.settings")
    assert not upward("katalog_sop.source.validate", "katalog_sop.catalog.model")


def test_no_import_points_up() -> None:
    arrows = sorted(f"{source} -> {target}" for source, target in import_graph() if upward(source, target))
    assert arrows == [], "a lower stage imports a higher one:\n" + "\n".join(arrows)
