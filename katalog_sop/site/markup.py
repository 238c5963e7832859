"""Markdown fields (`deskripsi`) rendered to HTML that cannot carry script nor load anything.

Raw HTML in the source is shown as text, and links keep only safe schemes. An image
is never shown: ``![alt](address)`` becomes a link to the address with the alt text
(or the alt text alone when the address is not a safe one), so that a page does not
fetch a file from another host when it opens: the reader follows the link on purpose.
Links to another host carry ``rel="nofollow noopener"``: the catalogue does not vouch
for them, and the page they open cannot reach back into ours.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})
EXTERNAL_REL = "nofollow noopener"


def _safe(address: str | None) -> str | None:
    """The address if its scheme is safe to link to, else None."""
    if address is None:
        return None
    return address if urlsplit(address.strip()).scheme.lower() in SAFE_SCHEMES else None


class _SafeLinksNoImages(Treeprocessor):
    def run(self, root: Element) -> None:
        in_link = {child for parent in root.iter("a") for child in parent.iter() if child is not parent}
        for element in root.iter():
            if element.tag == "img":
                _image_as_link(element, in_link=element in in_link)
            elif "href" in element.attrib:
                href = _safe(element.get("href"))
                if href is None:
                    del element.attrib["href"]
                elif urlsplit(href.strip()).netloc:
                    element.set("rel", EXTERNAL_REL)
            if "src" in element.attrib:  # nothing else may load a file either
                del element.attrib["src"]


def _image_as_link(element: Element, in_link: bool) -> None:
    """``<img alt src title>`` -> ``<a href=src title>alt</a>``; a ``<span>`` with the alt text when the
    address is unsafe, or when the image is already inside a link (links do not nest)."""
    src = _safe(element.get("src"))
    alt = element.get("alt") or ""
    title = element.get("title")
    element.attrib.clear()
    element.text = alt or src or ""
    if src is None or in_link:
        element.tag = "span"
        return
    element.tag = "a"
    element.set("href", src)
    if urlsplit(src.strip()).netloc:
        element.set("rel", EXTERNAL_REL)
    if title:
        element.set("title", title)


def render_markdown(text: str) -> Markup:
    md = markdown.Markdown(extensions=["sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinksNoImages(md), "safe_links_no_images", 0)
    return Markup(md.convert(text))
