"""Settings: read once from mkdocs.yml and the environment, typed, and every mistake reported where it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from katalog_sop.settings import ENVIRONMENT, SettingsError, load_settings, read_mkdocs_yml
from tests.conftest import REPO

CONFIG = """\
site_name: Katalog Uji
site_url: https://sop.uji.go.id
use_directory_urls: false
theme:
  name: material
  language: id
extra:
  katalog:
    sumber: sops
    instansi: Pemerintah   Kota Uji
    tinjau_bulan: 6
    kontak:
      telepon: "(0721) 480000"
      email: info@uji.go.id
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def problems_of(config: Path, **kwargs: object) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load_settings(config, **kwargs)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


def test_settings_are_typed_with_mkdocs_keys_and_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, CONFIG), environ={})
    assert settings.site_name == "Katalog Uji"
    assert settings.base_url == "https://sop.uji.go.id/"
    assert settings.directory_urls is False
    assert settings.sources == tmp_path.resolve() / "sops"
    assert settings.instansi == "Pemerintah Kota Uji"
    assert settings.review_months == 6
    assert settings.footer["telepon_uri"] == "tel:0721480000"
    assert settings.footer["email_uri"] == "mailto:info@uji.go.id"
    assert (settings.drafts, settings.maintainers, settings.pdf, settings.serving) == (False, False, False, False)


def test_a_typo_in_extra_katalog_names_the_nearest_option_at_its_line(tmp_path: Path) -> None:
    config = write(tmp_path, CONFIG.replace("tinjau_bulan: 6", "tinjau_bulanan: 6"))
    [problem] = problems_of(config, environ={})
    assert problem.startswith("mkdocs.yml:11:5: kunci `extra.katalog.tinjau_bulanan` tidak dikenal.")
    assert "Maksud Anda `tinjau_bulan`?" in problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        CONFIG.replace("tinjau_bulan: 6", "tinjau_bulan: 0\n    pdf: ya\n    logo: tidak-ada.svg")
        .replace("email: info@uji.go.id", "emial: info@uji.go.id")
        .replace('telepon: "(0721) 480000"', "telepon: 721480000"),
    )
    found = problems_of(config, environ={"KATALOG_SOP_TANGGAL": "1 Desember", "KATALOG_SOP_DRAF": "mungkin"})
    text = "\n".join(found)
    assert len(found) == 7, text
    assert "mkdocs.yml:11:5: `extra.katalog.tinjau_bulan` harus bilangan bulat dari 1 sampai 600" in text
    assert "mkdocs.yml:12:5: `extra.katalog.pdf` harus `true` atau `false`" in text
    assert "mkdocs.yml:13:5: `extra.katalog.logo` menunjuk tidak-ada.svg" in text
    assert "mkdocs.yml:16:7: kunci `extra.katalog.kontak.emial` tidak dikenal. Maksud Anda `email`?" in text
    assert "mkdocs.yml:15:7: `extra.katalog.kontak.telepon` harus teks; apit dengan tanda kutip" in text
    assert "KATALOG_SOP_TANGGAL `1 Desember` bukan tanggal" in text
    assert "KATALOG_SOP_DRAF=`mungkin` tidak dikenal" in text


def test_extra_katalog_must_be_a_mapping(tmp_path: Path) -> None:
    config = write(tmp_path, "site_name: Uji\nextra:\n  katalog: sops\n")
    assert problems_of(config, environ={}) == [
        "mkdocs.yml:3:3: `extra.katalog` harus berisi pasangan kunci: nilai, mis. `sumber: sops`."
    ]


def test_the_environment_is_read_in_one_place(tmp_path: Path) -> None:
    config = write(tmp_path, CONFIG)
    served = load_settings(config, command="serve", environ={"KATALOG_SOP_OPD": "dincon, dinlain"})
    assert (served.drafts, served.maintainers, served.serving) == (True, True, True)
    assert served.only_opds == {"dincon", "dinlain"}
    built = load_settings(
        config,
        environ={"KATALOG_SOP_PRATINJAU": "1", "KATALOG_SOP_TANGGAL": "2026-12-01", "KATALOG_SOP_OPD": "dincon"},
    )
    assert (built.drafts, built.maintainers) == (False, True)
    assert built.today == dt.date(2026, 12, 1)
    assert built.only_opds == frozenset()
    assert built.notices == (
        "KATALOG_SOP_OPD hanya berlaku untuk `mkdocs serve`; `mkdocs build` menerbitkan semua OPD.",
    )
    quiet = load_settings(config, command="serve", environ={"KATALOG_SOP_DRAF": "0", "KATALOG_SOP_PRATINJAU": "tidak"})
    assert (quiet.drafts, quiet.maintainers) == (False, False)
    # Each variable a build reads is documented in the one table the README is written from.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ENVIRONMENT:
        assert f"`{name}" in readme, name


def test_mkdocs_tags_are_read_as_written_values(tmp_path: Path) -> None:
    config = write(tmp_path, CONFIG + "copyright: !ENV [HAK_CIPTA, 'Pemerintah Kota Uji']\n")
    assert read_mkdocs_yml(config)["copyright"] == ["HAK_CIPTA", "Pemerintah Kota Uji"]
    assert load_settings(config, environ={}).site_name == "Katalog Uji"


def test_the_project_mkdocs_yml_is_valid() -> None:
    settings = load_settings(REPO / "mkdocs.yml", environ={})
    assert settings.sources == REPO / "sops"
    assert settings.logo == "assets/logo-contoh.svg"
    assert settings.license.nama.startswith("Creative Commons")


def test_the_licence_must_be_text_and_its_url_an_address(tmp_path: Path) -> None:
    config = write(tmp_path, CONFIG + "    lisensi:\n      nama: 5\n      url: bukan-alamat\n")
    found = problems_of(config, environ={})
    assert found == [
        "mkdocs.yml:16:7: `extra.katalog.lisensi.nama` harus teks, mis. `nama: CC BY 4.0`.",
        "mkdocs.yml:17:7: `extra.katalog.lisensi.url` (`bukan-alamat`) harus alamat lengkap yang diawali https:// "
        "atau http://, mis. `https://creativecommons.org/licenses/by/4.0/deed.id`.",
    ]


def test_problems_come_in_the_order_of_the_file(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        CONFIG.replace("tinjau_bulan: 6", "tinjau_bulan: 0\n    pdf: ya\n    logo: tidak-ada.svg").replace(
            "email: info@uji.go.id", "emial: info@uji.go.id"
        ),
    )
    lines = [int(problem.split(":")[1]) for problem in problems_of(config, environ={})]
    assert lines == sorted(lines) and len(lines) == 4
