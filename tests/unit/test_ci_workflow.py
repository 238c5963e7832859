"""CI in-process: GitHub annotations and the workflow file (the scripts run for real in tests/site/test_ci.py)."""

from __future__ import annotations

from typing import Any

import yaml

from katalog_sop.problems import Problem, github_annotation
from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "katalog.yml"


def test_annotation_escapes_what_would_end_the_command() -> None:
    # A Problem keeps its message on one line (a line break becomes a space), so nothing can end the command.
    problem = Problem("sops/a,b/c:d.yml", 3, 5, "100% salah\nbaris kedua: `x`, y")
    assert github_annotation(problem) == (
        "::error file=sops/a%2Cb/c%3Ad.yml,line=3,col=5,title=Katalog SOP::100%25 salah baris kedua: `x`, y"
    )


def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def test_workflow_checks_pull_requests_and_publishes_main() -> None:
    flow = workflow()
    assert flow["on"]["pull_request"]["branches"] == ["main"]
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    check, deploy = flow["jobs"]["periksa"], flow["jobs"]["terbitkan"]
    steps = check["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = {s["name"]: s for s in steps if "run" in s}
    on_pr = next(s for s in runs.values() if s.get("if") == "github.event_name == 'pull_request'")
    assert on_pr["run"].startswith("python scripts/ci.py --changed-since ")
    assert "origin/${{ github.base_ref }}" in on_pr["run"] and "--format github" in on_pr["run"]
    # The preview is the maintainers' view; what main publishes is the public site.
    assert "--pratinjau" in on_pr["run"].split()
    on_main = next(s for s in runs.values() if s.get("if") == "github.event_name != 'pull_request'")
    assert on_main["run"].startswith("python scripts/ci.py ") and "--pratinjau" not in on_main["run"]
    assert not any("KATALOG_SOP_PRATINJAU" in str(s.get("env", {})) for s in steps)
    preview = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["with"]["path"] == "site" and "pull_request" in preview["if"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "site" and "refs/heads/main" in pages["if"]
    assert deploy["needs"] == "periksa"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_every_script_the_workflow_runs_exists() -> None:
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            for word in step.get("run", "").split():
                if word.endswith(".py") or word.endswith(".txt"):
                    assert (REPO / word).is_file(), word
