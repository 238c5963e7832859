"""The open data of a real build: JSON valid against the published schema,
CSV that spreadsheets open, one JSON per SOP, the Data Terbuka page, sitemap,
Atom feed and the JSON-LD of each SOP page."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from katalog_sop import build_catalog
from katalog_sop.site.opendata import CSV_COLUMNS
from tests.conftest import OPD_YAML, REPO, SOP_YAML, SiteBuild, build_catalog_site

CATALOG = build_catalog(REPO / "sops", REPO).published()
CONFIG = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SITE_URL = CONFIG["site_url"]


def load_json(site: Path, uri: str) -> object:
    return json.loads((site / uri).read_text(encoding="utf-8"))


def test_catalog_json_matches_its_schema_and_every_published_sop(sample_site: SiteBuild) -> None:
    schema = load_json(sample_site.site, "data/sop.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    document = load_json(sample_site.site, "data/sop.json")
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    records = {r["nomor"]: r for r in document["sop"]}
    assert set(records) == {s.nomor for s in CATALOG.sops}
    assert document["jumlah"] == len(CATALOG.sops)
    assert all(r["status"] != "draf" for r in records.values())
    assert document["lisensi"]["nama"] == CONFIG["extra"]["katalog"]["lisensi"]["nama"]
    for sop in CATALOG.sops:
        record = records[sop.nomor]
        assert record["url"] == f"{SITE_URL}{sop.opd_slug}/{sop.slug}/"
        assert (sample_site.site / sop.opd_slug / sop.slug / "index.html").is_file()
        assert [step["uraian"] for step in record["kegiatan"]] == [step.uraian for step in sop.kegiatan]
        assert record["tanggal_efektif"] == sop.tanggal_efektif.isoformat()
        per_sop = load_json(sample_site.site, f"{sop.opd_slug}/{sop.slug}.json")
        assert per_sop == record
        jsonschema.validate(per_sop, {**schema["$defs"]["sop"], "$defs": schema["$defs"]})


@pytest.mark.parametrize(
    ("key", "value"),
    [(("kegiatan", 0, "lanjut"), "dua"), (("tanggal_efektif",), "1 Februari 2024"), (("nomor",), None)],
)
def test_a_broken_record_fails_the_schema_at_the_key_broken(
    sample_site: SiteBuild, key: tuple[str | int, ...], value: object
) -> None:
    """The schema rejects the record for the key that was broken (None: the key removed), not for another."""
    schema = load_json(sample_site.site, "data/sop.schema.json")
    document = load_json(sample_site.site, "data/sop.json")
    assert isinstance(document, dict)
    record = document["sop"][0]
    *parents, last = key
    holder = record
    for step in parents:
        holder = holder[step]
    assert last in holder, key  # the record has the key: the edit changes something
    if value is None:
        del holder[last]
    else:
        holder[last] = value
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert errors, f"the schema accepted {key} = {value!r}"
    for error in errors:
        error = jsonschema.exceptions.best_match([error])  # the branch of an anyOf/oneOf that went wrong
        path = tuple(error.absolute_path)
        if error.validator == "required":
            path += tuple(name for name in error.validator_value if name not in error.instance)
        assert path == ("sop", 0, *key), (path, error.message)


def test_csv_has_a_bom_and_one_row_per_sop(sample_site: SiteBuild) -> None:
    raw = (sample_site.site / "data/sop.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_nomor = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert set(by_nomor) == {s.nomor for s in CATALOG.sops}
    birth = next(s for s in CATALOG.sops if s.nama == "Penerbitan Akta Kelahiran")
    assert by_nomor[birth.nomor]["opd"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert by_nomor[birth.nomor]["jumlah_langkah"] == str(len(birth.kegiatan))


def test_data_page_names_the_licence_and_links_every_file(sample_site: SiteBuild) -> None:
    page = (sample_site.site / "data-terbuka/index.html").read_text(encoding="utf-8")
    licence = CONFIG["extra"]["katalog"]["lisensi"]
    assert html.escape(licence["nama"]) in page and f'href="{licence["url"]}"' in page
    article = page[page.index("<article") : page.index("</article>")]
    for target in re.findall(r'href="(\.\./[^"#]+)"', article):
        assert (sample_site.site / "data-terbuka" / target).resolve().exists(), target
    for uri in ("data/sop.json", "data/sop.csv", "data/sop.schema.json", "perubahan.xml", "sitemap.xml"):
        assert f'href="../{uri}"' in article, uri
    home = (sample_site.site / "index.html").read_text(encoding="utf-8")
    assert 'href="data-terbuka/"' in home  # in the navigation


def test_sitemap_lists_every_page(sample_site: SiteBuild) -> None:
    tree = ET.parse(sample_site.site / "sitemap.xml")
    locations = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {SITE_URL, f"{SITE_URL}cari/", f"{SITE_URL}perangkat-daerah/", f"{SITE_URL}data-terbuka/"}
    expected |= {f"{SITE_URL}{o.slug}/" for o in CATALOG.opds}
    expected |= {f"{SITE_URL}{s.opd_slug}/{s.slug}/" for s in CATALOG.sops}
    assert expected <= locations


def test_atom_feed_lists_sops_by_latest_date(sample_site: SiteBuild) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(sample_site.site / "perubahan.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == min(50, len(CATALOG.sops))
    updated = [e.find(f"{atom}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    latest = max(CATALOG.sops, key=lambda s: (s.latest_date, s.nama))
    assert entries[0].find(f"{atom}link").get("href") == f"{SITE_URL}{latest.opd_slug}/{latest.slug}/"
    assert updated[0].startswith(latest.latest_date.isoformat())
    page = (sample_site.site / "index.html").read_text(encoding="utf-8")
    assert 'href="perubahan.xml" type="application/atom+xml"' in page
    # Not as <link rel="alternate">: Material then fetches sitemap.xml on every page (750 KB at 5,000 SOPs).
    assert 'rel="alternate"' not in page


def json_ld_blocks(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_each_sop_page_describes_itself_for_search_engines(sample_site: SiteBuild) -> None:
    for sop in CATALOG.sops:
        page = (sample_site.site / sop.opd_slug / sop.slug / "index.html").read_text(encoding="utf-8")
        (data,) = json_ld_blocks(page)
        assert data["@type"] == "HowTo" and data["identifier"] == sop.nomor and data["name"] == sop.nama
        assert data["url"] == f"{SITE_URL}{sop.opd_slug}/{sop.slug}/"
        assert len(data["step"]) == len(sop.kegiatan)
        assert f'href="../{sop.slug}.json"' in page


def test_json_ld_cannot_be_broken_out_of(tmp_path: Path) -> None:
    hostile = "</script><script>window.__xss=1</script> & <!-- x"
    sop = SOP_YAML.replace("nama: Pelayanan Contoh", f"nama: '{hostile}'")
    built = build_catalog_site(tmp_path, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": sop})
    page = (built.site / "dincon/a/index.html").read_text(encoding="utf-8")
    (data,) = json_ld_blocks(page)
    assert data["name"] == hostile
    assert load_json(built.site, "dincon/a.json")["nama"] == hostile
