"""An Atom feed of the catalogue: SOPs by their latest tanggal efektif or revisi,
so that citizens and journalists can follow changes in a feed reader."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from katalog_sop.model import Catalog, Sop
from katalog_sop.render import FEED_SIZE, FEED_URI, SiteInfo, format_date, page_url, sop_uri


def _summary(sop: Sop) -> str:
    if sop.status == "dicabut":
        return f"SOP ini dicabut. Nomor {sop.nomor}."
    if sop.tanggal_revisi is not None and sop.tanggal_revisi >= sop.tanggal_efektif:
        return f"Direvisi {format_date(sop.tanggal_revisi)}. Nomor {sop.nomor}."
    return f"Berlaku sejak {format_date(sop.tanggal_efektif)}. Nomor {sop.nomor}."


def atom_feed(catalog: Catalog, site: SiteInfo, base_url: str) -> str:
    """The feed, with absolute links under ``base_url`` (the site's address, ending in /)."""
    env = Environment(
        loader=PackageLoader("katalog_sop", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    latest = sorted(catalog.sops, key=lambda s: (s.latest_date, s.nama), reverse=True)[:FEED_SIZE]
    entries = [
        {
            "sop": sop,
            "url": base_url + page_url(sop_uri(sop)),
            "updated": f"{sop.latest_date.isoformat()}T00:00:00Z",
            "summary": _summary(sop),
        }
        for sop in latest
    ]
    return env.get_template("atom.xml.j2").render(
        site=site,
        base_url=base_url,
        feed_uri=FEED_URI,
        entries=entries,
        updated=entries[0]["updated"] if entries else "1970-01-01T00:00:00Z",
    )
