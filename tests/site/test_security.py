"""Issue 15, as a hostile contributor would try it: nothing from outside the repository is read or
printed (symlinks under sops/), no text breaks out of an attribute, no Markdown field loads anything
from another host, every page carries a strict Content-Security-Policy that Chromium enforces without
a single violation on the sample pages, and no CSV cell is a spreadsheet formula."""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from katalog_sop import CatalogError, build_catalog
from katalog_sop.site import csp
from katalog_sop.source.read import check_changed, nomor_in_use
from tests.conftest import (
    OPD_YAML,
    REPO,
    SOP_YAML,
    SiteBuild,
    build_catalog_site,
    build_site,
    make_project,
    serve,
    write_catalog,
)
from tests.unit.test_security_rules import OUTSIDE_SOP, SECRET, assert_refused_without_leaking, hostile_links

VALIDATE = REPO / "scripts" / "validate.py"
# --- 2. Symlinks under sops/ (the hostile project is shared with the unit tests) ---------------------------------


def test_a_valid_sop_behind_a_symlink_is_not_published(tmp_path: Path) -> None:
    project = tmp_path / "proyek"
    sources = write_catalog(project, {"dincon/_opd.yml": OPD_YAML})
    (tmp_path / "sah.yml").write_text(OUTSIDE_SOP, encoding="utf-8")
    (sources / "dincon" / "sah.yml").symlink_to(tmp_path / "sah.yml")
    built = build_site(project, sources=sources)
    assert built.returncode != 0
    assert "sops/dincon/sah.yml:1:1" in built.output
    assert SECRET not in built.output
    published = [p for p in project.glob("site*/**/*") if p.is_file()]
    assert not any(SECRET in p.read_text(encoding="utf-8", errors="replace") for p in published)


def test_a_sources_folder_outside_the_repository_is_refused(tmp_path: Path) -> None:
    elsewhere = write_catalog(tmp_path / "luar", {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": OUTSIDE_SOP})
    project = tmp_path / "proyek"
    project.mkdir()
    (project / "sops").symlink_to(elsewhere)
    with pytest.raises(CatalogError) as raised:
        build_catalog(project / "sops", project)
    assert [(p.path, p.line) for p in raised.value.problems] == [("sops", 1)]
    assert "luar repositori" in str(raised.value) and SECRET not in str(raised.value)
    assert check_changed(project / "sops", {project / "sops/dincon/a.yml"}, project)[0].path == "sops"
    assert nomor_in_use(project / "sops", project) == {}
    done = run(project, str(VALIDATE))
    assert done.returncode == 1 and "sops:1:1" in done.stdout and SECRET not in done.stdout + done.stderr


def run(cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("form", ["teks", "github"])
def test_validate_refuses_symlinks_without_printing_them(tmp_path: Path, form: str) -> None:
    project, _sources, links = hostile_links(tmp_path)
    done = run(project, str(VALIDATE), "--format", form)
    assert done.returncode == 1
    assert_refused_without_leaking(done.stdout + done.stderr, links)
    if form == "github":
        assert "::error file=sops/dincon/rahasia.yml,line=1,col=1," in done.stdout
    # Named on the command line, a symlink is still the link: not its target's folder, nor its target.
    done = run(project, str(VALIDATE), "--format", form, "sops/dincon/rahasia.yml", "sops/luar")
    assert done.returncode == 1
    assert_refused_without_leaking(done.stdout + done.stderr, {"sops/dincon/rahasia.yml": "", "sops/luar": ""})


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_changed_since_refuses_symlinks_and_never_scans_one(tmp_path: Path) -> None:
    project, sources, links = hostile_links(tmp_path)
    # One link is already in the base commit, to a file whose reference the quick check would print if it
    # scanned it (a reference to a nomor that does not exist): unchanged files are scanned, never a link.
    links.pop("sops/dincon/passwd.yml")
    (tmp_path / "rujukan.yml").write_text(f'nomor: "X"\nketerkaitan:\n  - sop: "{SECRET}"\n', encoding="utf-8")
    (project / "sops/dincon/passwd.yml").unlink()
    (project / "sops/dincon/rujukan.yml").symlink_to(tmp_path / "rujukan.yml")
    moved = {link: project / link for link in links}
    for link, path in moved.items():
        path.rename(tmp_path / link.replace("/", "_"))
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "uji@contoh.go.id")
    git(project, "config", "user.name", "Uji")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "awal")
    for link, path in moved.items():
        (tmp_path / link.replace("/", "_")).rename(path)
    for form in ("teks", "github"):
        done = run(project, str(VALIDATE), "--changed-since", "HEAD", "--format", form)
        assert done.returncode == 1, done.stdout + done.stderr
        assert_refused_without_leaking(done.stdout + done.stderr, links)
        assert "sops/dincon/rujukan.yml" not in done.stdout  # unchanged: neither reported nor read
    problems = check_changed(sources, {project / link for link in links}, project)
    assert {p.path for p in problems} == set(links)
    assert SECRET not in "\n".join(map(str, problems))


# --- 3. Quotes in nomor and names ---------------------------------------------------------------------------------

HOSTILE = '" onfocus="window.__xss=1" autofocus popover onbeforetoggle="window.__xss=2" data-jebol=\''
FORBIDDEN_ATTRIBUTES = {"onfocus", "autofocus", "popover", "onbeforetoggle", "data-jebol"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title" and not self.title  # the page's own, the first one

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def elements(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    quoted = HOSTILE.replace("'", "''")
    sop = SOP_YAML.replace('nomor: "001/SOP/CONTOH/2024"', f"nomor: '001/SOP{quoted}'").replace(
        "nama: Pelayanan Contoh", f"nama: 'Pelayanan {quoted}'"
    )
    opd = (
        f"nama: 'Dinas {quoted}'\nsingkatan: Dincon\n"
        'deskripsi: "Lihat ![denah kantor](https://gambar.contoh.invalid/denah.png) dan '
        '[situs dinas](https://dinas.contoh.invalid/)."\n'
    )
    return build_catalog_site(tmp_path_factory.mktemp("jebol"), {"dincon/_opd.yml": opd, "dincon/a.yml": sop})


META_ATTRIBUTES = {"charset", "name", "content", "http-equiv"}


def test_quotes_stay_inside_attributes_and_read_back_as_written(hostile_site: SiteBuild) -> None:
    nomor, nama, opd = f"001/SOP{HOSTILE}", f"Pelayanan {HOSTILE}", f"Dinas {HOSTILE}"
    site_name = "Katalog SOP Pemerintah Kabupaten Contoh"
    expected = {
        "dincon/a/index.html": (f"SOP {nomor} {opd}", f"{nama} - {site_name}"),
        "dincon/index.html": (f"Daftar SOP {opd}", f"{opd} - {site_name}"),
    }
    for page in sorted(hostile_site.site.rglob("*.html")):
        parsed = elements(page)
        for tag, attributes in parsed.elements:
            assert not FORBIDDEN_ATTRIBUTES & set(attributes), (page, tag, attributes)
            if tag == "meta":
                assert set(attributes) <= META_ATTRIBUTES, (page, attributes)
            if tag == "title":  # the page's, or an SVG drawing's (with its id for aria-labelledby)
                assert set(attributes) <= {"id"}, page
        relative = page.relative_to(hostile_site.site).as_posix()
        if relative in expected:
            description, title = expected[relative]
            metas = [a for t, a in parsed.elements if t == "meta" and a.get("name") == "description"]
            assert [m["content"] for m in metas] == [description]
            assert parsed.title.strip() == title


def test_hostile_names_stay_inert_in_chromium(hostile_site: SiteBuild, browser: Any) -> None:
    server, base = serve(hostile_site.site)
    try:
        for path in ("dincon/a/", "dincon/"):
            page, seen = open_watched(browser, base, path)
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__xss") is None, path
            assert seen["violations"] == [] and seen["foreign"] == [], (path, seen)
            assert page.evaluate("document.querySelectorAll('[popover],[onfocus],[autofocus]').length") == 0
            page.close()
    finally:
        server.shutdown()


# --- 4. Markdown fields load nothing from another host ------------------------------------------------------------


def test_the_opd_page_fetches_nothing_from_another_host(hostile_site: SiteBuild, browser: Any) -> None:
    page_html = (hostile_site.site / "dincon/index.html").read_text(encoding="utf-8")
    assert not re.search(r"<img[^>]+src=\"(https?:)?//", page_html)
    assert '<a href="https://gambar.contoh.invalid/denah.png" rel="nofollow noopener">denah kantor</a>' in page_html
    server, base = serve(hostile_site.site)
    try:
        page, seen = open_watched(browser, base, "dincon/")
        assert seen["foreign"] == [] and seen["violations"] == []
        assert page.locator("a[href='https://dinas.contoh.invalid/']").get_attribute("rel") == "nofollow noopener"
        page.close()
    finally:
        server.shutdown()


# --- 4. The Content-Security-Policy --------------------------------------------------------------------------------


class _Head(HTMLParser):
    """The elements of <head> in order, and the inline scripts of the whole page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.head: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.handlers: list[tuple[str, str]] = []
        self._in_head = False
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.handlers += [(tag, name) for name in attributes if name.startswith("on")]
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head.append((tag, attributes))
        if tag == "script":
            self._script, self._text = attributes, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)


def head_of(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


DATA_SCRIPTS = {"application/json", "application/ld+json"}  # never run: the policy does not apply


def test_every_page_carries_the_policy_before_anything_it_governs(sample_site: SiteBuild) -> None:
    pages = sorted(sample_site.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        head = head_of(page).head
        assert head[0] == ("meta", {"charset": "utf-8"}), page
        assert head[1] == ("meta", {"http-equiv": "Content-Security-Policy", "content": csp.POLICY}), page
        policies = [a for t, a in head if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(policies) == 1, page


def test_every_inline_script_is_allowed_by_its_hash(sample_site: SiteBuild) -> None:
    unknown: dict[str, str] = {}
    seen: set[str] = set()
    for page in sorted(sample_site.site.rglob("*.html")):
        parsed = head_of(page)
        assert parsed.handlers == [], page  # no inline event handler anywhere
        for attributes, text in parsed.scripts:
            if "src" in attributes or attributes.get("type") in DATA_SCRIPTS:
                continue
            digest = csp.script_hash(text)
            seen.add(digest)
            if digest not in csp.INLINE_SCRIPTS:
                unknown[digest] = f"{page.relative_to(sample_site.site)}: {text[:80]}"
    assert unknown == {}, (
        "inline scripts the policy does not allow; if the theme changed them on purpose, put these hashes in "
        f"katalog_sop/site/csp.py, overrides/partials/katalog-csp.html and README (Keamanan): {unknown}"
    )
    assert seen == set(csp.INLINE_SCRIPTS)  # no hash is left over from an older theme


# What every sample page is checked for in Chromium.
CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def open_watched(browser: Any, base: str, path: str, until: str = "networkidle") -> tuple[Any, dict[str, Any]]:
    """Open a page, recording CSP violations (events and console), errors and requests to other hosts."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(CSP_WATCH)
    seen: dict[str, Any] = {"console": [], "foreign": [], "violations": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen["console"].append(str(e)))
    page.on("request", lambda r: seen["foreign"].append(r.url) if not r.url.startswith((base, "data:")) else None)
    page.goto(f"{base}/{path}")
    page.wait_for_load_state(until)
    seen["violations"] = page.evaluate("window.__csp")
    return page, seen


def violations(page: Any, seen: dict[str, Any]) -> list[str]:
    found = list(page.evaluate("window.__csp"))
    found += [m for m in seen["console"] if "Content Security Policy" in m or "Content-Security-Policy" in m]
    return found


def check_sample_pages(browser: Any, base: str) -> None:
    sop = "disdukcapil/penerbitan-akta-kelahiran/"
    alias = "disdukcapil/akta-kelahiran/"  # an old address: the redirect page has the policy too
    for path in ("", "cari/?q=izin", sop, "data-terbuka/", "bpkad/", "404.html", alias):
        page, seen = open_watched(browser, base, path)
        if path.startswith("cari/"):
            page.wait_for_selector("#cari-hasil li", timeout=15_000)  # Pagefind's WebAssembly ran
        if page.locator(".sop-diagram").count():
            page.locator(".sop-diagram-lipat > summary").click()
            page.wait_for_selector(".sop-diagram[data-digambar]", timeout=15_000)
            assert page.locator(".sop-diagram__gambar svg g.node").count() >= 2
        page.wait_for_timeout(300)
        assert violations(page, seen) == [], (path, seen)
        assert seen["foreign"] == [], (path, seen["foreign"])
        assert [m for m in seen["console"] if "rror" in m] == [], (path, seen["console"])
        page.close()


def test_sample_pages_run_under_the_policy_without_a_violation(sample_site: SiteBuild, browser: Any) -> None:
    server, base = serve(sample_site.site)
    try:
        check_sample_pages(browser, base)
        # The palette: toggled, then kept on the next page by the theme's inline script (allowed by its hash).
        page, seen = open_watched(browser, base, "bpkad/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
        page.goto(f"{base}/data-terbuka/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert page.evaluate("typeof __md_get") == "function"
        assert violations(page, seen) == [], seen
        page.close()
    finally:
        server.shutdown()


def test_an_injected_handler_or_script_does_not_run(sample_site: SiteBuild, browser: Any, tmp_path: Path) -> None:
    """If escaping ever failed, the policy would still hold: markup slipped into a page stays inert."""
    site = tmp_path / "site"
    subprocess.run(["cp", "-r", str(sample_site.site), str(site)], check=True)
    page_file = site / "bpkad/index.html"
    injected = (
        '<img src="x" onerror="window.__xss=1"><script>window.__xss=2</script>'
        '<a id="jebol" href="javascript:window.__xss=3">x</a><svg onload="window.__xss=4"></svg>'
    )
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(text.replace("<article", injected + "<article", 1), encoding="utf-8")
    server, base = serve(site)
    try:
        page, _seen = open_watched(browser, base, "bpkad/")
        page.locator("#jebol").dispatch_event("click")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        blocked = page.evaluate("window.__csp")
        assert any(v.startswith("script-src-attr") for v in blocked), blocked
        assert any(v.startswith("script-src-elem inline") for v in blocked), blocked
        page.close()
    finally:
        server.shutdown()


class _HeadersHandler(SimpleHTTPRequestHandler):
    """The headers README's "Keamanan" tells nginx and Apache to send, on every response."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", csp.HEADER_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "strict-origin-when-cross-origin")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_readme_headers_leave_every_sample_page_working(sample_site: SiteBuild, browser: Any) -> None:
    """Sent as headers, the policy also governs Pagefind's worker script (its WebAssembly)."""
    handler = functools.partial(_HeadersHandler, directory=str(sample_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        check_sample_pages(browser, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_mkdocs_serve_keeps_live_reload_under_its_policy(tmp_path: Path, browser: Any) -> None:
    project = tmp_path / "pratinjau"
    write_catalog(project, {"dincon/_opd.yml": OPD_YAML, "dincon/a.yml": SOP_YAML})
    make_project(project, with_sample=False)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/dincon/", timeout=2) as response:
                    served = response.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert f'content="{csp.SERVE_POLICY}"' in served
        page, seen = open_watched(browser, base, "dincon/", until="load")  # live reload polls: never idle
        page.wait_for_timeout(500)
        assert page.evaluate("typeof livereload") == "function"
        assert violations(page, seen) == [] and seen["foreign"] == []
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
