"""The shared slug function gives the addresses the hand-written one gave, except where it now folds better."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from katalog_sop.slugs import slugify
from katalog_sop.source.schema import SLUG_PATTERN
from tests.conftest import REPO


def slugify_before(name: str) -> str:
    """katalog_sop.source.read._slugify as it was before python-slugify: the reference for every case below."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "nama-opd"


TRICKY = [
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Badan Pengelolaan Keuangan & Aset Daerah (BPKAD)",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Kecamatan Sukamaju",
    "UPT. Puskesmas Sukamaju",
    "Penerbitan Akta Kelahiran",
    "Pelayanan Kesehatan Ibu & Anak — Terpadu",
    "Jum'at Bersih",  # ASCII apostrophe: a separator
    "Jum’at Bersih",  # noqa: RUF001 (typographic apostrophe: dropped)
    "Pendidikan Al-Qur’an",  # noqa: RUF001
    "O'Neill",
    "Café Résumé Naïve",
    "Ä ö ü Ñandú İstanbul",
    "ﬁle Ｆｕｌｌｗｉｄｔｈ x² ①②",  # noqa: RUF001 (compatibility forms)
    "Izin Usaha 2023",
    "SOP No. 470/SOP.01/DISDUKCAPIL/2024",
    "1,000 Hari Pertama",  # a comma between digits still separates them
    "Rp 25.000,00",
    "1.000.000",
    "10-20 menit",
    "3/4",
    "a_b",
    "&amp; co &#39;",  # a name is not HTML: entities are text
    "<b>tebal</b>",
    "  --x--  ",
    "Tab\tNewline\nX",
    "Emoji 😀 SOP",
    "",
    "???",
    "a" * 150,
    "Penyusunan Rencana Kerja " * 12,
]

# Letters and signs that Unicode decomposition cannot fold were dropped; now they are spelled in ASCII.
FOLDED_BETTER = {
    "Straße": ("strae", "strasse"),
    "Ærø": ("r", "aero"),
    "Łódź": ("odz", "lodz"),
    "Đồng Tháp": ("ong-thap", "dong-thap"),
    "œuvre": ("uvre", "oeuvre"),
    "Кириллица": ("nama-opd", "kirillitsa"),
    "½ hari": ("12-hari", "1-2-hari"),
    "€ 5": ("5", "eur-5"),
}


@pytest.mark.parametrize("name", TRICKY)
def test_slug_is_the_one_made_before(name: str) -> None:
    assert slugify(name) == slugify_before(name)


@pytest.mark.parametrize("name", sorted(FOLDED_BETTER))
def test_letters_decomposition_cannot_fold_are_spelled_in_ascii(name: str) -> None:
    before, now = FOLDED_BETTER[name]
    assert slugify_before(name) == before
    assert slugify(name) == now


def _names_in(folder: Path) -> list[str]:
    """Every folder and file name and every ``nama``/``singkatan`` of the YAML files under ``folder``."""
    names: set[str] = set()
    for path in sorted(folder.rglob("*.yml")):
        names.update((path.stem, path.parent.name))
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:  # a fixture broken on purpose
            continue
        if isinstance(data, dict):
            names.update(str(data[key]) for key in ("nama", "singkatan") if data.get(key) is not None)
    return sorted(names)


CATALOG_NAMES = _names_in(REPO / "sops") + _names_in(REPO / "tests" / "fixtures")


def test_every_name_of_the_sample_and_the_fixtures_keeps_its_slug() -> None:
    assert len(CATALOG_NAMES) > 50
    changed = {name: (slugify_before(name), slugify(name)) for name in CATALOG_NAMES}
    assert {name: pair for name, pair in changed.items() if pair[0] != pair[1]} == {}


@pytest.mark.parametrize("name", TRICKY + sorted(FOLDED_BETTER) + CATALOG_NAMES)
def test_every_slug_is_one_the_validator_accepts(name: str) -> None:
    assert SLUG_PATTERN.fullmatch(slugify(name))
