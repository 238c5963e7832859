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
