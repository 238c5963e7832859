"""Limits seen in real builds: the Mermaid size limit on the page, and the same search index twice."""

from __future__ import annotations

import gzip
from pathlib import Path

from katalog_sop import build_catalog
from katalog_sop.publish.search import _SIGNATURE, _cbor_decode
from katalog_sop.site import mermaid
from tests.conftest import OPD_YAML, SOP_YAML, SiteBuild, build_catalog_site, build_site, write_catalog
from tests.conftest import edit as replace


def steps(count: int, uraian: str = "Memeriksa berkas") -> str:
    """An SOP with ``count`` process steps, all by one pelaksana."""
    head = SOP_YAML.split("pelaksana:\n  - Pemohon")[0]
    body = "".join(f"  - uraian: {uraian} {number}\n    pelaksana: Petugas\n" for number in range(1, count + 1))
    return f"{head}pelaksana:\n  - Petugas\nkegiatan:\n{body}"


def test_an_sop_too_large_for_mermaid_says_so_and_embeds_no_source(tmp_path: Path) -> None:
    large = steps(150, "Memeriksa kelengkapan berkas permohonan " * 10)
    catalog = build_catalog(write_catalog(tmp_path / "model", {"dincon/_opd.yml": OPD_YAML, "dincon/b.yml": large}))
    source = mermaid.flowchart(catalog.catalog.sops[0])
    assert len(source) > mermaid.MAX_TEXT_SIZE and not mermaid.drawable(source)
    assert mermaid.page_flowchart(catalog.catalog.sops[0]) == ""

    large = replace('"001/SOP/CONTOH/2024"', '"002/SOP/CONTOH/2024"', large)
    built = build_catalog_site(
        tmp_path / "site", {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": SOP_YAML, "dincon/b.yml": large}
    )
    page = (built.site / "dincon" / "b" / "index.html").read_text(encoding="utf-8")
    assert "SOP ini terlalu besar untuk digambar" in page
    assert 'href="#bagian-flowchart"' in page
    assert "sop-diagram__sumber" not in page and "data-mermaid-src" not in page
    assert "flowchart TD" not in page
    small = (built.site / "dincon" / "a" / "index.html").read_text(encoding="utf-8")
    assert "sop-diagram__sumber" in small and "terlalu besar" not in small


def _index_files(site: Path) -> dict[str, bytes]:
    index = site / "pagefind"
    return {
        path.relative_to(index).as_posix(): path.read_bytes() for path in sorted(index.rglob("*")) if path.is_file()
    }


def _decoded(data: bytes) -> object:
    raw = gzip.decompress(data)
    assert raw.startswith(_SIGNATURE)
    return _cbor_decode(raw, len(_SIGNATURE))[0]


def test_two_builds_of_the_same_sources_write_the_same_search_index(sample_site: SiteBuild, tmp_path: Path) -> None:
    first = sample_site  # the session's build of the sample: one build fewer
    second = build_site(tmp_path / "b")
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    one, other = _index_files(first.site), _index_files(second.site)
    assert sorted(one) == sorted(other)
    assert [name for name in one if one[name] != other[name]] == []
    # Not by luck: the filters are sorted, in the metadata and in each filter file.
    (meta_name,) = [name for name in one if name.endswith(".pf_meta")]
    meta = _decoded(one[meta_name])
    filters = [name for name, _hash in meta[3]]
    assert filters == sorted(filters) and {"opd", "jenis", "status"} <= set(filters)
    for _name, file_hash in meta[3]:
        _filter, values = _decoded(one[f"filter/{file_hash}.pf_filter"])
        assert [value for value, _pages in values] == sorted(value for value, _pages in values)
