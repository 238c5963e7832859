"""What the public sees around every page (issue 14, point 5): no maintainers' tools (generator
credit, repository link, edit pencil), a footer naming the government with tappable contact
links, labels in Indonesian, icons as SVG; and the maintainers' view that keeps its tools."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from tests.conftest import ARTIFACTS, REPO, SiteBuild, build_site, serve


class _Loader(yaml.SafeLoader):
    """mkdocs.yml names Python objects (`!!python/name:`); only its plain values matter here."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
CONFIG: dict[str, Any] = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
KATALOG = CONFIG["extra"]["katalog"]
KONTAK = KATALOG["kontak"]
REPO_URL = CONFIG["repo_url"].rstrip("/")

# English that Material or MkDocs would otherwise put in labels, titles and the chrome's text.
ENGLISH = (
    "Header",
    "Footer",
    "Navigation",
    "Search",
    "Share",
    "Back to top",
    "Edit this page",
    "View source",
    "Table of contents",
    "Permanent link",
    "Skip to content",
    "Go to repository",
    "Copy to clipboard",
    "Copied to clipboard",
    "Previous",
    "Next",
    "Clear",
    "Close",
    "Made with",
    "Type to start searching",
    "Select language",
    "Light mode",
    "Dark mode",
)
ENGLISH_WORD = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")
EVERYDAY = "\u2013\u2014\u2019\u201c\u201d\u2026\u00b7"  # dashes, quotes, ellipsis, middle dot
LABEL = re.compile(r'\s(?:aria-label|title|placeholder|alt)="([^"]*)"')


def pages(site: Path) -> dict[str, str]:
    return {str(path.relative_to(site)): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}


def part(page: str, tag: str) -> str:
    """The page's first ``<tag …>…</tag>`` element (header, footer)."""
    found = re.search(rf"<{tag}[\s>].*?</{tag}>", page, re.S)
    assert found, f"no <{tag}>"
    return found.group()


def test_public_site_has_no_maintainers_tools(sample_site: SiteBuild) -> None:
    """No generator credit, no repository link, no edit pencil: on every page, the 404 page and redirects too."""
    built = pages(sample_site.site)
    assert len(built) > 20
    for name, page in built.items():
        for tool in ("Made with", "Material for MkDocs", "squidfunk", REPO_URL, 'rel="edit"', 'class="md-source"'):
            assert tool not in page, f"{name}: {tool}"
        assert "/edit/" not in page, name


def test_footer_names_the_government_and_its_contact(sample_site: SiteBuild) -> None:
    tel = f'href="tel:{re.sub(r"[^0-9+]", "", KONTAK["telepon"])}"'
    mailto = f'href="mailto:{KONTAK["email"]}"'
    for name, page in pages(sample_site.site).items():
        if "md-footer" not in page:
            continue  # alias redirects: a bare page that forwards at once
        footer = part(page, "footer")
        assert f'<p class="katalog-kaki__instansi">{html.escape(KATALOG["instansi"])}</p>' in footer, name
        assert html.escape(KONTAK["alamat"]) in footer, name
        assert f"{tel}>{html.escape(KONTAK['telepon'])}</a>" in footer, name
        assert f"{mailto}>{KONTAK['email']}</a>" in footer, name
        assert f'href="{KONTAK["situs"]}"' in footer, name
        for href in re.findall(r'href="tel:([^"]*)"', footer):
            assert re.fullmatch(r"\+?[0-9]+", href), f"{name}: tel:{href}"
        for label in ("Alamat: ", "Telepon: ", "Email: ", "Situs: "):
            assert f'<span class="katalog-tersembunyi">{label}</span>' in footer, name  # read out, not shown


def test_opd_contacts_are_tappable(sample_site: SiteBuild) -> None:
    page = (sample_site.site / "disdukcapil" / "index.html").read_text(encoding="utf-8")
    contact = re.search(r'<dl class="opd-kontak">.*?</dl>', page, re.S)
    assert contact
    assert '<a href="tel:0721481120">(0721) 481120</a>' in contact.group()
    assert '<a href="mailto:disdukcapil@contoh.go.id">disdukcapil@contoh.go.id</a>' in contact.group()
    assert '<a href="https://disdukcapil.contoh.go.id" rel="noopener">' in contact.group()


@pytest.mark.parametrize("view", ["sample_site", "maintainers_site"])
def test_chrome_speaks_indonesian(view: str, request: pytest.FixtureRequest) -> None:
    """Every label and title, and the text of the header and the footer, in Indonesian; icons as SVG."""
    site: SiteBuild = request.getfixturevalue(view)
    for name, page in pages(site.site).items():
        assert '<html lang="id"' in page, name  # redirect pages of an alias too
        for label in LABEL.findall(page):
            assert not ENGLISH_WORD.search(html.unescape(label)), f"{name}: {label!r}"
        if "md-header" not in page:
            continue
        header, footer = part(page, "header"), part(page, "footer")
        assert '<nav class="md-header__inner md-grid" aria-label="Kepala halaman">' in header, name
        for chrome in (header, footer):
            text = html.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", chrome, flags=re.S))
            assert not ENGLISH_WORD.search(text), f"{name}: {text!r}"
            # Letters, digits and everyday punctuation that every system font has; icons are inline SVG.
            odd = {ch for ch in text if not (ch.isascii() or ch in EVERYDAY) or (ord(ch) < 32 and ch not in "\n\t")}
            assert not odd, f"{name}: {odd}"
        assert "md-top" in page and "Kembali ke atas" in page, name  # navigation.top, labelled in Indonesian
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
        assert config and not ENGLISH_WORD.search(config.group(1)), name


def test_maintainers_view_keeps_the_repository_and_edit_links(maintainers_site: SiteBuild) -> None:
    page = (maintainers_site.site / "disdukcapil" / "penerbitan-akta-kelahiran" / "index.html").read_text("utf-8")
    edit = f"{REPO_URL}/edit/main/sops/disdukcapil/penerbitan-akta-kelahiran.yml"
    assert f'<a href="{edit}" title="Sunting sumber halaman ini" class="md-content__button md-icon" rel="edit">' in page
    header = part(page, "header")
    assert f'<a href="{REPO_URL}" title="Ke repositori sumber" class="md-source" rel="noopener">' in header
    assert "Made with" not in page and "katalog-kaki__instansi" in part(page, "footer")


def _custom_config(project: Path, katalog: str) -> tuple[str, ...]:
    """This repository's mkdocs.yml with other `instansi`/`kontak` lines, as `-f kustom.yml`."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("    instansi:")
    end = text.index("    # SOP yang berlaku perlu ditinjau")
    project.mkdir(parents=True, exist_ok=True)
    (project / "kustom.yml").write_text(text[:start] + katalog + text[end:], encoding="utf-8")
    return ("-f", "kustom.yml")


def test_footer_escapes_what_mkdocs_yml_says(tmp_path: Path) -> None:
    katalog = """\
    instansi: 'Pemerintah <b>Kota</b> "Contoh" & Sekitarnya'
    logo: assets/logo-contoh.svg
    kontak:
      alamat: 'Jl. <i>Satu</i> & "Dua" No. 3'
      telepon: "+62 721 480000, 480001"
      email: humas+sop@contoh.go.id
      situs: 'https://contoh.go.id/?a=1&b="x"'
"""
    built = build_site(tmp_path, extra_args=_custom_config(tmp_path, katalog))
    assert built.returncode == 0, built.output
    footer = part((built.site / "index.html").read_text(encoding="utf-8"), "footer")
    assert "Pemerintah &lt;b&gt;Kota&lt;/b&gt; &#34;Contoh&#34; &amp; Sekitarnya" in footer
    assert "Jl. &lt;i&gt;Satu&lt;/i&gt; &amp; &#34;Dua&#34; No. 3" in footer
    assert '<a href="tel:+62721480000">+62 721 480000, 480001</a>' in footer  # the first number
    assert '<a href="mailto:humas+sop@contoh.go.id">humas+sop@contoh.go.id</a>' in footer
    assert '<a href="https://contoh.go.id/?a=1&amp;b=%22x%22" rel="noopener">' in footer
    assert "<b>" not in footer and "<i>" not in footer


def test_footer_without_contact_names_the_site(tmp_path: Path) -> None:
    built = build_site(tmp_path, extra_args=_custom_config(tmp_path, "    logo: assets/logo-contoh.svg\n"))
    assert built.returncode == 0, built.output
    footer = part((built.site / "index.html").read_text(encoding="utf-8"), "footer")
    assert f'<p class="katalog-kaki__instansi">{CONFIG["site_name"]}</p>' in footer
    assert "<address" not in footer and "Made with" not in footer


@pytest.mark.parametrize(
    ("kontak", "message"),
    [
        ("      telepon: 0721123456\n", "`extra.katalog.kontak.telepon` harus teks"),
        ("      faks: '(0721) 1'\n", "kunci `extra.katalog.kontak.faks` tidak dikenal. Kunci yang dikenal: alamat"),
        ("      situs: javascript:alert(1)\n", "`extra.katalog.kontak.situs` (`javascript:alert(1)`) harus alamat"),
        ("      email: bukan alamat\n", "`extra.katalog.kontak.email` (`bukan alamat`) harus satu alamat email"),
    ],
)
def test_a_wrong_contact_stops_the_build(tmp_path: Path, kontak: str, message: str) -> None:
    built = build_site(tmp_path, extra_args=_custom_config(tmp_path, "    kontak:\n" + kontak))
    assert built.returncode != 0
    assert message in built.output
    assert "kustom.yml:" in built.output  # at its line in the config file that says it
    assert not (built.site / "index.html").exists()


@pytest.mark.parametrize("width", [360, 1280])
def test_footer_is_visible_and_its_links_are_tappable(sample_site: SiteBuild, browser: Browser, width: int) -> None:
    server, base = serve(sample_site.site)
    try:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(f"{base}/")
        footer = page.locator(".katalog-kaki")
        footer.scroll_into_view_if_needed()
        assert footer.is_visible()
        assert KATALOG["instansi"] in footer.inner_text()
        links = footer.locator("a")
        assert links.count() == 3
        hrefs = set()
        for index in range(links.count()):
            link = links.nth(index)
            box = link.bounding_box()
            assert box and box["height"] >= 24 and box["width"] >= 24, (link.inner_text(), box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (link.inner_text(), box)
            hrefs.add(link.get_attribute("href")[:4])
        assert hrefs == {"tel:", "mail", "http"}
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".md-footer").screenshot(path=str(ARTIFACTS / f"kaki-beranda-{width}.png"))
        page.close()
    finally:
        server.shutdown()
