"""Mermaid source: generated ids, labels that cannot break the diagram or run."""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from katalog_sop import build_catalog
from katalog_sop.site.mermaid import escape_label, flowchart
from tests.conftest import OPD_YAML, SOP_YAML, write_catalog

SAFE_LABEL = re.compile(r"^(?:[^\W_]| |#\d+;)*$")


def decode(label: str) -> str:
    """What Mermaid shows: ``#<code>;`` entities turned back into characters."""
    return html.unescape(re.sub(r"#(\d+);", r"&#\1;", label))


@given(st.text())
def test_label_has_only_letters_digits_spaces_and_entities(text: str) -> None:
    label = escape_label(text)
    assert SAFE_LABEL.match(label), label
    assert '"' not in label and "\n" not in label and "`" not in label


@given(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc"))))
def test_label_round_trips_to_the_text_shown(text: str) -> None:
    assert decode(escape_label(text)) == " ".join(text.split())


def _sop_with(tmp_path: Path, uraian: str):
    quoted = uraian.replace("'", "''")
    text = SOP_YAML.replace("uraian: Mengajukan permohonan", f"uraian: '{quoted}'", 1)
    text = text.replace("  - Pemohon\n", f"  - '{quoted}'\n", 1).replace(
        "pelaksana: Pemohon\n", f"pelaksana: '{quoted}'\n"
    )
    sources = write_catalog(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": text})
    return build_catalog(sources, tmp_path).catalog.sops[0]


def test_flowchart_ids_are_generated_and_edges_labelled(tmp_path: Path) -> None:
    hostile = '1. <script>alert("x")</script> & end; # [a] {b} (c) https://contoh.go.id/?a=1&b=2 ünïcödé'
    source = flowchart(_sop_with(tmp_path, hostile))
    lines = source.splitlines()
    assert lines[0] == "flowchart TD"
    ids = set(re.findall(r"^\s+(n\w+)[\[\(\{]", source, re.MULTILINE))
    assert ids == {"n1", "n2", "n3"}
    assert '  n2 -->|"Ya"| n3' in lines and '  n2 -->|"Tidak"| n1' in lines
    assert "  n1 --> n2" in lines
    for line in lines:
        for label in re.findall(r'"([^"]*)"', line):
            assert SAFE_LABEL.match(label), line
    assert "<" not in source and "&" not in source and "end;" not in source
    labels = {match[0]: decode(match[1]) for match in re.findall(r'(n1|lane1)\W+"([^"]*)"', source)}
    assert labels == {"lane1": hostile, "n1": f"1. {hostile}"}
