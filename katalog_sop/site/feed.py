"""Files beside the pages that point at them: the Atom feed of the latest SOPs, and a small page at each
old address (``alias``) that sends the visitor on to the SOP."""

from __future__ import annotations

from jinja2 import Environment

from katalog_sop.catalog.model import Catalog, Sop, Status
from katalog_sop.site import csp
from katalog_sop.site.filters import format_date
from katalog_sop.site.opendata import DataFile
from katalog_sop.urls import FEED_URI, HOME_URI, SiteUrls, redirect_uri, sop_uri

FEED_SIZE = 50


def atom_feed(env: Environment, catalog: Catalog, site_name: str, base_url: str, urls: SiteUrls) -> str:
    """An Atom feed of the SOPs by their latest tanggal efektif or revisi, so that citizens
    and journalists can follow changes in a feed reader. Links are absolute when site_url is set."""
    base_url = base_url or "/"
    latest = sorted(catalog.sops, key=lambda s: (s.latest_date, s.nama), reverse=True)[:FEED_SIZE]
    entries = [
        {
            "sop": sop,
            "url": urls.absolute(base_url, sop_uri(sop)),
            "updated": f"{sop.latest_date.isoformat()}T00:00:00Z",
            "summary": _summary(sop),
        }
        for sop in latest
    ]
    return env.get_template("atom.xml.j2").render(
        site_name=site_name,
        base_url=base_url,
        home_url=urls.absolute(base_url, HOME_URI),
        feed_uri=FEED_URI,
        entries=entries,
        updated=entries[0]["updated"] if entries else "1970-01-01T00:00:00Z",
    )


def _summary(sop: Sop) -> str:
    if sop.status == Status.REVOKED:
        return f"SOP ini dicabut. Nomor {sop.nomor}."
    if sop.tanggal_revisi is not None and sop.tanggal_revisi >= sop.tanggal_efektif:
        return f"Direvisi {format_date(sop.tanggal_revisi)}. Nomor {sop.nomor}."
    return f"Berlaku sejak {format_date(sop.tanggal_efektif)}. Nomor {sop.nomor}."


def redirects(env: Environment, catalog: Catalog, base_url: str, urls: SiteUrls) -> list[DataFile]:
    """A small page at each old address (`alias`) that sends the visitor to the SOP.

    Old addresses were directory URLs: the page is ``<alias>/index.html`` in both modes, and its link
    to the SOP is relative to that folder."""
    files = []
    template = env.get_template("redirect.html.j2")
    for sop in catalog.sops:
        for alias in sop.alias:
            here = redirect_uri(alias)
            content = template.render(
                sop=sop,
                target=urls.link(here, sop_uri(sop)),
                canonical=urls.absolute(base_url or "/", sop_uri(sop)),
                policy=csp.POLICY,
            )
            files.append(DataFile(urls.page_file(here), content))
    return files
