"""The Content-Security-Policy of every page: the site runs and loads only its own files.

GitHub Pages sends no security headers, so each page carries the policy itself in a
``<meta http-equiv="Content-Security-Policy">``, the first element of <head> after the
charset (a policy in a <meta> covers only what comes after it). The theme override
``overrides/partials/katalog-csp.html`` writes ``POLICY`` literally (templates cannot
import Python; tests/site/test_security.py keeps the two equal), and the redirect pages of
old addresses (templates/redirect.html.j2) get it from here. A server that can send
headers sends ``HEADER_POLICY`` (README, "Keamanan"): the same policy plus the
directives a <meta> cannot carry.

Why each source is there:

- ``default-src 'self'``: nothing from another host, whatever kind of request.
- ``script-src 'self'``: the theme's bundle, our scripts, Mermaid and Pagefind, all served
  by the site itself. No 'unsafe-inline': an event handler or <script> that slipped into a
  page does not run. Three small inline scripts of the theme are allowed by their hash
  (``INLINE_SCRIPTS``); their text is the same on every page. <script> elements that are
  data (``application/json``, ``application/ld+json``) are never run and need nothing.
- ``'wasm-unsafe-eval'``: Pagefind's search engine is WebAssembly, compiled in the browser
  (in its web worker, or on the page when the worker cannot start). No 'unsafe-eval':
  Mermaid draws without eval.
- ``style-src 'self' 'unsafe-inline'``: Mermaid writes a <style> into every diagram it
  draws and sets ``style`` attributes on its shapes, and each SOP page's print header
  (title, address and QR code, CSS strings) is a ``style`` attribute of its .sop-cetak
  element, which katalog-cetak.js copies to the root element for the page margins (a
  <style> in <body> may not style the root). Hashes would differ on every page and every
  drawing (and CSP hashes do not cover style attributes). Styles cannot run script, and img-src/font-src/
  connect-src keep even CSS from fetching anything from another host.
- ``img-src 'self' data:``: the QR code of the printed SOP is an SVG data: URI in CSS, and
  the redirect pages' empty icon is ``data:,``.
- ``font-src 'self'``, ``connect-src 'self'``: the site's own Arimo font; Pagefind fetches
  its index from the site.
- ``worker-src 'self'``: Pagefind's web worker (``pagefind/pagefind-worker.js``).
- ``object-src 'none'``, ``base-uri 'self'``, ``form-action 'self'``: no plugins, no
  <base> pointing elsewhere, forms (the header's search box) only to the site.
"""

from __future__ import annotations

import base64
import hashlib

# The inline scripts of the theme (Material for MkDocs 9.8.1), by the hash of their text:
INLINE_SCRIPTS = {
    # overrides/partials/javascripts/base.html: the storage helpers (__md_get, __md_set), with the
    # site's scope in a data attribute so that the text is the same on every page.
    "sha256-CfD1/yIxXjBYFEOv8ptfWOD3YalR13EpHAi/Ll28LxU=": "partials/javascripts/base.html",
    # Material's partials/javascripts/palette.html: the palette chosen last time, before the page shows.
    "sha256-DrEMJJ29sL7vIloQzly+VUGMxKcBTMII+OfW7Y8AkG4=": "partials/javascripts/palette.html",
    # Material's partials/javascripts/content.html: opens the tab an address's #fragment names.
    "sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8=": "partials/javascripts/content.html",
}

DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'", *(f"'{digest}'" for digest in INLINE_SCRIPTS))),
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
# Only in an HTTP header: a <meta> policy cannot say who may frame the page (browsers ignore it there).
HEADER_ONLY: tuple[tuple[str, tuple[str, ...]], ...] = (("frame-ancestors", ("'self'",)),)


def _join(directives: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


POLICY = _join(DIRECTIVES)
HEADER_POLICY = _join(DIRECTIVES + HEADER_ONLY)
# `mkdocs serve` adds its live-reload <script> to every page, different on every request: the
# local preview allows inline scripts (with a hash in the list, a browser ignores 'unsafe-inline').
SERVE_POLICY = _join(
    tuple(
        (name, ("'self'", "'wasm-unsafe-eval'", "'unsafe-inline'") if name == "script-src" else sources)
        for name, sources in DIRECTIVES
    )
)


def script_hash(text: str) -> str:
    """The CSP source (without quotes) that allows an inline <script> with exactly this text."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
