"""PDF files of the SOP pages, printed by Chromium from the built site (optional).

The PDF is the page printed with its own print stylesheet, exactly what an
office gets from the browser's Print: the same engine, the same A4 landscape
layout, the same footer. It needs Debian's ``chromium`` and the ``playwright``
package (requirements-pdf.txt); a build without the option needs neither.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from katalog_sop.urls import SiteUrls, sop_pdf_uri, sop_uri

if TYPE_CHECKING:
    from katalog_sop.catalog.model import Sop


class PdfError(RuntimeError):
    """The PDF engine is missing or failed."""


# What to do when Chromium is missing or fails: install it, name it, or build without PDFs. Playwright's own
# (English) text is never shown: it names the engine's internals, not the maintainer's way out.
_HINT = (
    "Pasang dengan `sudo apt-get install chromium` (Debian/Ubuntu), atau tulis lokasinya di variabel "
    "KATALOG_SOP_CHROMIUM; atau bangun tanpa PDF dengan `pdf: false` di extra.katalog pada mkdocs.yml."
)


def chromium_path() -> str:
    """The Chromium to print with: $KATALOG_SOP_CHROMIUM, or `chromium` on the PATH."""
    configured = os.environ.get("KATALOG_SOP_CHROMIUM")
    if configured:
        if not os.path.isfile(configured) or not os.access(configured, os.X_OK):
            raise PdfError(
                f"PDF SOP memerlukan Chromium, tetapi KATALOG_SOP_CHROMIUM menunjuk `{configured}`, yang bukan "
                f"program yang dapat dijalankan. {_HINT}"
            )
        return configured
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise PdfError(f"PDF SOP memerlukan Chromium, tetapi `chromium` tidak ditemukan. {_HINT}")
    return found


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def start_server(site_dir: Path) -> tuple[ThreadingHTTPServer, str]:
    """The built site over HTTP on the loopback, in a background thread, and its address
    (no trailing slash). Printing uses it so that fonts and scripts load as on the web; the
    browser tests use it too."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def _serve(site_dir: Path) -> Iterator[str]:
    server, base = start_server(site_dir)
    try:
        yield base + "/"
    finally:
        server.shutdown()
        server.server_close()


def pdf_pages(sops: Iterable[Sop], urls: SiteUrls) -> list[tuple[str, str]]:
    """(page URL, PDF path) of each SOP, for ``print_pages``: the page where the engine wrote it
    (with or without directory URLs), the PDF beside it."""
    return [(urls.page_url(sop_uri(sop)), sop_pdf_uri(sop)) for sop in sops]


def print_pages(site_dir: Path, pages: Iterable[tuple[str, str]]) -> int:
    """Print each (page URL, PDF path) pair of the built site; returns the number of PDFs."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PdfError(
            "PDF SOP memerlukan paket playwright: `python -m pip install -r requirements-pdf.txt`; "
            "atau matikan `pdf:` di extra.katalog pada mkdocs.yml."
        ) from None
    executable = chromium_path()
    count = 0
    with _serve(site_dir) as base, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
        except Error:
            raise PdfError(
                f"PDF SOP tidak dapat dicetak: Chromium (`{executable}`) tidak dapat dijalankan (program itu "
                f"berhenti atau bukan Chromium). {_HINT}"
            ) from None
        pdf = ""
        try:
            page = browser.new_page()
            for url, pdf in pages:
                page.goto(base + url, wait_until="load")
                page.evaluate("document.fonts.ready")
                target = site_dir / pdf
                target.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
                count += 1
        except Error:
            where = f"`{pdf}`" if pdf else "SOP"
            raise PdfError(
                f"PDF {where} tidak dapat dicetak: Chromium (`{executable}`) berhenti atau gagal mencetak "
                f"halamannya. Jalankan `mkdocs build` lagi; bila tetap gagal, periksa Chromium-nya. {_HINT}"
            ) from None
        finally:
            with contextlib.suppress(Error):  # a browser that has already stopped has nothing to close
                browser.close()
    return count
