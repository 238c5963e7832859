"""The renderer gives pages as data: title, description, body and headings, never text parsed back."""

from __future__ import annotations

import re

from katalog_sop import build_catalog
from katalog_sop.site.render import render_pages
from tests.conftest import REPO, site_settings

SAMPLE = build_catalog(REPO / "sops", REPO).catalog


def test_pages_carry_title_description_and_headings_as_data() -> None:
    """The renderer gives each page's title, description and HTML headings; nothing parses them back."""
    pages = {p.src_uri: p for p in render_pages(SAMPLE, site_settings(site_name='Katalog "Uji"'))}
    home = pages["index.md"]
    assert (home.title, home.description, home.headings) == ("Katalog &quot;Uji&quot;", "", None)
    assert home.content == '---\ntitle: "Katalog &quot;Uji&quot;"\n---\n\n' + home.body
    sop = pages["disdukcapil/penerbitan-akta-kelahiran.md"]
    assert sop.title == "Penerbitan Akta Kelahiran" and sop.description.startswith("SOP ")
    assert not sop.body.startswith("---") and "description:" not in sop.body
    assert sop.headings is not None
    ids = [h.id for h in sop.headings]
    assert ids[:3] == ["bagian-identitas", "diagram-alir", "bagian-flowchart"] and ids[-1] == "riwayat-perubahan"
    assert re.findall(r'<h2 id="([^"]+)">[^<]*<a class="headerlink"', sop.body) == ids
    assert pages["perubahan-terbaru/index.md"].headings == ()
    review = pages["perlu-ditinjau/index.md"]
    assert review.headings is not None and all(h.id.startswith("opd-") for h in review.headings)
