"""Review dates in real builds: banner, review page, changes page, and the period from mkdocs.yml."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import MAINTAINERS, OPD_YAML, SOP_YAML, build_site, write_catalog


def _text(html: str) -> str:
    """The words of the page's article (not the navigation or the table of contents)."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def test_build_shows_banner_review_page_changes_page_and_summary(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KATALOG_SOP_TANGGAL", "2025-03-01")
    old = SOP_YAML.replace("nama: Pelayanan Contoh", "nama: Pelayanan Lama")
    planned = (
        SOP_YAML.replace("001/SOP", "002/SOP").replace("nama: Pelayanan Contoh", "nama: Pelayanan Terjadwal")
        + "tinjau_ulang: 2026-01-01\n"
    )
    fresh = (
        SOP_YAML.replace("001/SOP", "003/SOP")
        .replace("nama: Pelayanan Contoh", "nama: Pelayanan Baru")
        .replace("tanggal_efektif: 2024-02-01", "tanggal_efektif: 2024-12-01")
        + "riwayat:\n  - tanggal: 2024-12-01\n    catatan: Penetapan <b>awal</b>\n"
    )
    other = SOP_YAML.replace("001/SOP", "004/SOP").replace("nama: Pelayanan Contoh", "nama: Pelayanan Dinas B")
    write_catalog(
        tmp_path,
        {
            "dinas-a/_opd.yml": OPD_YAML,
            "dinas-a/lama.yml": old,
            "dinas-a/terjadwal.yml": planned,
            "dinas-a/baru.yml": fresh,
            "dinas-b/_opd.yml": "nama: Dinas B\n",
            "dinas-b/lain.yml": other,
        },
    )
    # The public site: no banner and no count, a calm dated note in the Bagian Identitas.
    public = build_site(tmp_path, sources=tmp_path / "sops")
    assert public.returncode == 0, public.output
    lama = (public.site / "dinas-a" / "lama" / "index.html").read_text(encoding="utf-8")
    assert "Perlu ditinjau ulang" not in lama
    assert "Tinjauan berkala Dijadwalkan 1 Februari 2025; SOP ini tetap berlaku sampai ditinjau." in _text(lama)
    assert "SOP perlu ditinjau</a>" not in (public.site / "index.html").read_text(encoding="utf-8")
    assert "tinjau_ulang" not in _text((public.site / "perlu-ditinjau" / "index.html").read_text(encoding="utf-8"))
    # The maintainers' view (serve, pull-request previews): the banner, the count and the keys to change.
    built = build_site(tmp_path, sources=tmp_path / "sops", env=MAINTAINERS)
    assert built.returncode == 0, built.output
    assert "Katalog SOP: 2 SOP perlu ditinjau ulang per 2025-03-01" in built.output
    site = built.site

    banner = "Perlu ditinjau ulang"
    lama = (site / "dinas-a" / "lama" / "index.html").read_text(encoding="utf-8")
    assert banner in lama and "lebih dari 12 bulan yang lalu; tinjauan jatuh tempo 1 Februari 2025" in _text(lama)
    for page in ("terjadwal", "baru"):
        assert banner not in (site / "dinas-a" / page / "index.html").read_text(encoding="utf-8")

    review = _text((site / "perlu-ditinjau" / "index.html").read_text(encoding="utf-8"))
    assert "2 SOP dari 2 perangkat daerah perlu ditinjau" in review
    # By OPD, in the catalogue's order (by nama when no `urutan`), each with its own SOPs.
    assert review.index("Dinas B (1)") < review.index("Pelayanan Dinas B") < review.index("Dinas Contoh (1)")
    assert review.index("Dinas Contoh (1)") < review.index("Pelayanan Lama")
    assert "Pelayanan Terjadwal" not in review and "Pelayanan Baru" not in review
    assert "Dihitung saat situs dibangun, 1 Maret 2025" in review

    baru = (site / "dinas-a" / "baru" / "index.html").read_text(encoding="utf-8")
    assert "Penetapan &lt;b&gt;awal&lt;/b&gt;" in baru  # riwayat text shown as written
    assert 'id="riwayat-perubahan"' in baru
    changes = _text((site / "perubahan-terbaru" / "index.html").read_text(encoding="utf-8"))
    assert changes.index("1 Desember 2024 Pelayanan Baru") < changes.index("1 Februari 2024")
    assert changes.count("Mulai berlaku.") == 3  # the three SOPs without a riwayat entry

    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<strong>2</strong> SOP perlu ditinjau" in home
    assert 'href="perlu-ditinjau/"' in home and 'href="perubahan-terbaru/"' in home


def test_review_period_comes_from_mkdocs_yml(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KATALOG_SOP_TANGGAL", "2024-09-01")
    write_catalog(tmp_path, {"dinas-a/_opd.yml": OPD_YAML, "dinas-a/satu.yml": SOP_YAML})
    (tmp_path / "mkdocs-6.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  katalog:\n    tinjau_bulan: 6\n")
    built = build_site(tmp_path, sources=tmp_path / "sops", extra_args=("-f", "mkdocs-6.yml"), env=MAINTAINERS)
    assert built.returncode == 0, built.output
    assert "1 SOP perlu ditinjau ulang per 2024-09-01" in built.output
    assert "lebih dari 6 bulan" in (built.site / "dinas-a" / "satu" / "index.html").read_text(encoding="utf-8")
    built = build_site(tmp_path, sources=tmp_path / "sops")
    assert "0 SOP perlu ditinjau ulang" in built.output

    (tmp_path / "mkdocs-x.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  katalog:\n    tinjau_bulan: setahun\n")
    built = build_site(tmp_path, sources=tmp_path / "sops", extra_args=("-f", "mkdocs-x.yml"))
    assert built.returncode != 0 and "`extra.katalog.tinjau_bulan`" in built.output
