"""Chromium missing or failing ends a PDF build with one Indonesian line: what is needed and how to build
without PDFs, never Playwright's English. The real printer (``pdf.print_pages``) with a real Playwright."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from katalog_sop.publish import pdf
from tests.unit.test_hostile_messages import assert_clean

# Playwright's own words for a browser that does not start or stops.
PLAYWRIGHT = re.compile(r"Executable|exist|launch|Browser|closed|Failed|Target|Playwright|Call log|Log:", re.I)


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "dincon" / "contoh").mkdir(parents=True)
    (site / "dincon" / "contoh" / "index.html").write_text("<!doctype html><title>Contoh</title><p>Contoh</p>")
    return site


def _refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, executable: Path) -> str:
    monkeypatch.setenv("KATALOG_SOP_CHROMIUM", str(executable))
    with pytest.raises(pdf.PdfError) as raised:
        pdf.print_pages(_site(tmp_path), [("dincon/contoh/", "dincon/contoh.pdf")])
    message = str(raised.value)
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
