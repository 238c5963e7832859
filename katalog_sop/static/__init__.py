"""Static files the site serves (stylesheet, search page script), shipped inside the package."""

from pathlib import Path

import rcssmin
import rjsmin

from katalog_sop import vendor
from katalog_sop.urls import ASSETS_DIR

STYLESHEET = Path(__file__).with_name("katalog.css")
SEARCH_SCRIPT = Path(__file__).with_name("katalog-cari.js")
DIAGRAM_SCRIPT = Path(__file__).with_name("katalog-diagram.js")
PRINT_SCRIPT = Path(__file__).with_name("katalog-cetak.js")

STYLESHEET_URI = f"{ASSETS_DIR}/stylesheets/katalog.css"
SEARCH_SCRIPT_URI = f"{ASSETS_DIR}/javascripts/katalog-cari.js"
DIAGRAM_SCRIPT_URI = f"{ASSETS_DIR}/javascripts/katalog-diagram.js"
PRINT_SCRIPT_URI = f"{ASSETS_DIR}/javascripts/katalog-cetak.js"
# Loaded only by katalog-diagram.js, when a reader opens an SOP's Diagram Alir; never on every page.
MERMAID_URI = f"{ASSETS_DIR}/javascripts/mermaid.min.js"
# What the reader is told before opening it: Mermaid 11.17 is ~3.5 MB, ~1 MB gzipped as servers send it
# (tests/site/test_mermaid_lazy.py keeps this true when the pinned version changes).
MERMAID_DOWNLOAD = "± 1 MB"

# The site's own scripts and stylesheets on every page, in this order; (uri, defer). Mermaid (MERMAID_URI, ~1 MB)
# is on no page: katalog-diagram.js, small and deferred, fetches it when a reader opens an SOP's Diagram Alir.
PAGE_SCRIPTS = ((DIAGRAM_SCRIPT_URI, True), (PRINT_SCRIPT_URI, False))
PAGE_STYLESHEETS = (STYLESHEET_URI,)

# Where each of our own files is served, relative to the site root.
OWN_ASSETS = {
    STYLESHEET_URI: STYLESHEET,
    SEARCH_SCRIPT_URI: SEARCH_SCRIPT,
    DIAGRAM_SCRIPT_URI: DIAGRAM_SCRIPT,
    PRINT_SCRIPT_URI: PRINT_SCRIPT,
}

# Third-party files, fetched at a pinned version (katalog_sop.vendor), and where they are served.
VENDORED = {
    MERMAID_URI: vendor.MERMAID,
    f"{ASSETS_DIR}/fonts/arimo-latin-400-normal.woff2": vendor.ARIMO_REGULAR_WEB,
    f"{ASSETS_DIR}/fonts/arimo-latin-700-normal.woff2": vendor.ARIMO_BOLD_WEB,
}


def minified(path: Path) -> str:
    """One of our own files as the site sends it: without comments and spaces (kept readable here).

    Lighthouse counts every byte a phone downloads; the comments explain the code to maintainers.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        return str(rcssmin.cssmin(text))
    if path.suffix == ".js":
        return str(rjsmin.jsmin(text))
    return text
