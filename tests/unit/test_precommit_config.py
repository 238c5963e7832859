"""The pre-commit configuration pins what requirements pin (the hooks run in tests/site/test_precommit.py)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import REPO


def test_hook_dependencies_match_the_pinned_requirements() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    pins = dict(
        line.split("==") for line in (REPO / "requirements.txt").read_text().splitlines() if re.match(r"^\w.*==", line)
    )
    for hook in config["repos"][0]["hooks"]:
        for requirement in hook["additional_dependencies"]:
            name, version = requirement.split("==")
            assert pins[name] == version, requirement


def test_every_watched_file_exists() -> None:
    """A hook that watches a path no longer in the repository never runs (the schema hook watched a moved file)."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    skipped = {".git", ".venv", "site", "node_modules", "__pycache__"}
    tracked = [
        p.relative_to(REPO).as_posix()
        for p in REPO.rglob("*")
        if p.is_file() and not skipped.intersection(p.relative_to(REPO).parts)
    ]
    for hook in config["repos"][0]["hooks"]:
        pattern = re.compile(hook["files"])
        for alternative in hook["files"].strip("^$()").split("|"):
            assert any(re.fullmatch(alternative, path) for path in tracked), (hook["id"], alternative)
        assert any(pattern.search(path) for path in tracked), hook["id"]


def _third_party_imports(start: list[str]) -> set[str]:
    """Top-level modules outside the repository imported by these scripts and every katalog_sop module they reach."""
    import ast
    import sys

    seen: set[str] = set()
    outside: set[str] = set()
    queue = [REPO / "scripts" / f"{name}.py" for name in start]
    while queue:
        path = queue.pop()
        if str(path) in seen or not path.is_file():
            continue
        seen.add(str(path))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top == "katalog_sop":
                    module = REPO / Path(*name.split("."))
                    queue.extend([module.with_suffix(".py"), module / "__init__.py"])
                elif top not in sys.stdlib_module_names and top not in ("tests",):
                    outside.add(top)
    return outside


def test_hook_dependencies_cover_what_the_hooks_import() -> None:
    """pre-commit runs the hooks in an environment of their own: every library they reach must be listed there
    (the validator failed with "No module named 'slugify'" when read.py started using python-slugify)."""
    from importlib.metadata import packages_distributions

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    distributions = packages_distributions()
    for hook in config["repos"][0]["hooks"]:
        listed = {requirement.split("==")[0].lower() for requirement in hook["additional_dependencies"]}
        words = str(hook["entry"]).split()
        script = words[words.index("-m") + 1].removeprefix("scripts.")
        assert (REPO / "scripts" / f"{script}.py").is_file(), hook["entry"]
        needed = {
            distributions[module][0].lower() for module in _third_party_imports([script]) if module in distributions
        }
        assert "pyyaml" in needed, hook["id"]  # the walk did reach the package
        assert needed <= listed, (hook["id"], sorted(needed - listed))


def test_the_validator_hook_watches_the_monitoring_files() -> None:
    """`sops/<opd>/_monev/<periode>.yml` is checked before commit like an SOP file (format version 3)."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = [hook for hook in config["repos"][0]["hooks"] if hook["id"] == "periksa-sop"]
    pattern = re.compile(hook["files"])
    assert pattern.search("sops/disdukcapil/_monev/2026-1.yml")
    assert pattern.search("sops/kecamatan-sukamaju/_monev/2025-2.yaml")
    assert list(REPO.glob("sops/*/_monev/*.yml")), "the sample has monitoring files"
