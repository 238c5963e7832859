"""The pre-commit configuration pins what requirements pin (the hooks run in tests/site/test_precommit.py)."""

from __future__ import annotations

import re

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
