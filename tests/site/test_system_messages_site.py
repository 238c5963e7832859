"""Chromium missing or failing ends a PDF build with one Indonesian line: what is needed and how to build
without PDFs, never Playwright's English. The real printer (``pdf.print_pages``) with a real Playwright; and
scripts/import_xlsx.py run as a program on a file that is not a workbook."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.unit.test_hostile_messages import assert_clean

# Playwright's own words for a browser that does not start or stops.
PLAYWRIGHT = re.compile(r"Executable|exist|launch|Browser|closed|Failed|Target|Playwright|Call log|Log:", re.I)


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "dincon" / "contoh").mkdir(parents=True)
    (site / "dincon" / "contoh" / "index.html").write_text("<!doctype html><title>Contoh</title><p>Contoh</p>")
    return site


# The printer runs in its own Python: a session of Playwright's sync API (the suite's `browser` fixture) may
# already be open in this process, and a second one cannot start beside it.
_PRINT = """
import sys
from pathlib import Path
from katalog_sop.publish import pdf
try:
    pdf.print_pages(Path(sys.argv[1]), [("dincon/contoh/", "dincon/contoh.pdf")])
except pdf.PdfError as error:
    sys.stdout.write(str(error))
    sys.exit(3)
"""


def _refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, executable: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PRINT, str(_site(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KATALOG_SOP_CHROMIUM": str(executable), "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 3, done  # pdf.PdfError, not a traceback
    message = done.stdout
    assert "\n" not in message, message
    assert "Chromium" in message and "`sudo apt-get install chromium`" in message, message
    assert "`pdf: false` di extra.katalog pada mkdocs.yml" in message, message
    assert_clean(message)
    assert not PLAYWRIGHT.search(message), message
    return message


def test_chromium_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "tidak-ada" / "chromium"
    message = _refusal(tmp_path, monkeypatch, missing)
    assert f"KATALOG_SOP_CHROMIUM menunjuk `{missing}`" in message, message


def test_chromium_that_exits_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    message = _refusal(tmp_path, monkeypatch, broken)
    assert message.startswith(f"PDF SOP tidak dapat dicetak: Chromium (`{broken}`) tidak dapat dijalankan"), message
    assert "display" not in message, message


def test_import_of_a_text_file_named_xlsx_ends_in_one_line(tmp_path: Path) -> None:
    """The script as a maintainer runs it: one Indonesian line, exit 2, no traceback."""
    (tmp_path / "sops").mkdir()
    (tmp_path / "sop.xlsx").write_text("nomor,nama\n001,Contoh\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "import_xlsx.py"), "sop.xlsx"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert completed.returncode == 2, completed
    assert completed.stdout == ""
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("sop.xlsx:1:1: isinya bukan buku kerja .xlsx"), lines[0]
    assert_clean(lines[0])
    assert "zip" not in lines[0] and "openpyxl" not in lines[0], lines[0]
