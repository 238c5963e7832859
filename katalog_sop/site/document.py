"""What an SOP page carries beyond its text: the printed official document's sheet size and the QR code
of its address, and schema.org data for search engines."""

from __future__ import annotations

import functools

import segno

from katalog_sop.catalog.model import Opd, Sop

# Height over width of one printed Bagian Flowchart sheet: A4 landscape (297 x 210 mm)
# less the page margins and the footer (katalog.css, @page), with a little to spare.
PRINT_SHEET_RATIO = 170 / 277
QR_MASK = 2
QR_MODULE_MM = 0.5  # a version 4-5 code is then about 17 mm wide, readable by a phone from a wall


@functools.cache
def qr_data_uri(address: str) -> str:
    """A QR code of the page's address, as an image the print stylesheet can place in the footer.

    Kept for the life of the process: `mkdocs serve` rebuilds every page on each change."""
    # A fixed mask: choosing the best of eight is most of segno's time, and any mask reads.
    code = segno.make(address, error="m", mask=QR_MASK, boost_error=False)
    return code.svg_data_uri(scale=QR_MODULE_MM, unit="mm", border=0)


def structured_data(sop: Sop, opd: Opd, address: str) -> dict[str, object]:
    """schema.org data for search engines: the SOP as a HowTo, published by its OPD, at ``address``
    (its public page, "" when the site has no address)."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": sop.nama,
        "identifier": sop.nomor,
        "inLanguage": "id",
        "datePublished": sop.tanggal_efektif.isoformat(),
        "dateModified": sop.latest_date.isoformat(),
        "creativeWorkStatus": sop.status,
        "publisher": {"@type": "GovernmentOrganization", "name": opd.nama},
        "step": [
            {"@type": "HowToStep", "position": step.number, "name": ", ".join(step.pelaksana), "text": step.uraian}
            for step in sop.kegiatan
        ],
    }
    if address:
        data["url"] = address
    return data
