#!/usr/bin/env python3
"""The outside judges: the W3C Nu HTML validator and Lighthouse on the sample site, served with gzip.

Usage: python scripts/outside_judges.py [--site DIR] [--cache DIR] [--install] [--no-lighthouse] [--no-vnu]

Builds the sample site (or takes a built one with --site), serves it on the loopback with gzip and
GitHub Pages' cache header, runs Lighthouse 12 (mobile, the default) on one page of each kind (home,
OPD, SOP, search with a query), runs the Nu validator on every page, and prints a table. A
measurement, not a test: it asserts nothing (tests/site/test_outside_judges.py holds the Nu rule).

Both tools come from the npm registry at a pinned version, into a cache folder (--install does
``npm i -E``): Lighthouse needs Node and Debian's chromium, the Nu validator needs Java. A tool that
is missing is skipped with a message. Nothing is loaded from another host while measuring.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KATALOG_SOP_CHROMIUM", "/usr/bin/chromium")
CACHE = Path(os.environ.get("KATALOG_SOP_JUDGES", Path.home() / ".cache" / "katalog-sop" / "penilai-luar"))
LIGHTHOUSE = "lighthouse@12.2.3"
VNU = "vnu-jar@26.9.27"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# GitHub Pages compresses these types and lets browsers keep every file for ten minutes.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
CACHE_CONTROL = "max-age=600"

# Nu errors that come from Material for MkDocs' own templates (9.8.1), not from this project's markup.
# Each is recognised by the exact markup Material writes, as the validator quotes it in "extract":
MATERIAL_ERRORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # base.html: the drawer and search toggles are checkboxes carrying autocomplete="off" (an attribute
    # HTML allows on text-like inputs only), written by the theme to stop Firefox restoring their state.
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__\1"'),
    ),
    # partials/toc.html: the table of contents' title is a <label for="__toc">, while the "__toc" checkbox
    # is written by partials/nav-item.html only for a page listed in the navigation; SOP pages are not
    # listed there (mkdocs.yml: navigation.prune, one "Perangkat Daerah" link), so the label points nowhere.
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        re.compile(r'<label class="md-nav__title" for="__toc">'),
    ),
)


def is_material_error(message: dict[str, object]) -> bool:
    """Whether a Nu message (``--format json``) is one of Material's known errors, by its text and markup."""
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return any(text.startswith(start) and pattern.search(extract) for start, pattern in MATERIAL_ERRORS)


def vnu_jar(cache: Path = CACHE) -> Path | None:
    """The Nu validator's jar: $KATALOG_SOP_VNU_JAR, else the npm package in the cache folder."""
    chosen = os.environ.get("KATALOG_SOP_VNU_JAR")
    jar = Path(chosen) if chosen else cache / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return jar if jar.is_file() else None


def run_vnu(jar: Path, site: Path) -> list[dict[str, object]]:
    """Every error and warning of the Nu validator on the site's HTML pages."""
    done = subprocess.run(
        ["java", "-jar", str(jar), "--skip-non-html", "--format", "json", "--exit-zero-always", str(site)],
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stderr or '{"messages": []}')["messages"])


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static file, gzip-compressed when the browser accepts it and its type is text-like."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (
            not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not kind.startswith(GZIP_TYPES)
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@contextmanager
def serve_gzip(site: Path) -> Iterator[str]:
    """The built site on the loopback, compressed as GitHub Pages sends it; yields its base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Score:
    page: str
    scores: dict[str, int]
    cls: float
    lcp_ms: float
    tbt_ms: float
    bytes_kb: float
    perf_runs: tuple[int, ...] = ()  # every run's performance score, when there were several


def run_lighthouse(binary: Path, name: str, url: str) -> Score:
    """Lighthouse's mobile run (its default: a mid-range phone, slow 4G, CPU 4x) on one page."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "lh.json"
        subprocess.run(
            [
                str(binary),
                url,
                "--chrome-flags=--headless=new --no-sandbox",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return Score(
        name,
        {key: round(data["categories"][key]["score"] * 100) for key in CATEGORIES},
        audits["cumulative-layout-shift"]["numericValue"],
        audits["largest-contentful-paint"]["numericValue"],
        audits["total-blocking-time"]["numericValue"],
        audits["total-byte-weight"]["numericValue"] / 1000,
    )


def sample_pages(site: Path) -> dict[str, str]:
    """One page of each kind, by its address under the site root."""
    opd = sorted(p.parent.name for p in site.glob("*/_opd.json")) or ["disdukcapil"]
    opd_folder = next((site / name for name in ("disdukcapil", *opd) if (site / name).is_dir()), site)
    sop = sorted(p.parent.name for p in opd_folder.glob("*/index.html"))
    return {
        "beranda": "",
        "OPD": f"{opd_folder.name}/",
        "SOP": f"{opd_folder.name}/{sop[0]}/" if sop else "",
        "cari (q=akta)": "cari/?q=akta",
    }


def build_sample(target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
    )


def install(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "i", "-E", "--no-fund", "--no-audit", LIGHTHOUSE, VNU], cwd=cache, check=True)


def report_vnu(messages: list[dict[str, object]]) -> None:
    errors = [m for m in messages if m.get("type") == "error"]
    theirs = [m for m in errors if is_material_error(m)]
    ours = [m for m in errors if not is_material_error(m)]
    print(f"\nNu validator: {len(errors)} errors, {len(ours)} from the project's markup, {len(theirs)} Material's")
    for label, group in (("ours", ours), ("Material", theirs)):
        for text, count in Counter(str(m["message"]) for m in group).most_common():
            print(f"  {label:8} {count:4}  {text[:110]}")


def report_lighthouse(scores: list[Score]) -> None:
    print("\nLighthouse 12, mobile, gzip:")
    print(
        f"  {'page':14} {'perf':>4} {'a11y':>4} {'BP':>4} {'SEO':>4} {'CLS':>6} {'LCP ms':>6} {'TBT ms':>6} {'KB':>4}"
    )
    for s in scores:
        perf, a11y, bp, seo = (s.scores[key] for key in CATEGORIES)
        figures = f"{s.cls:6.3f} {s.lcp_ms:6.0f} {s.tbt_ms:6.0f} {s.bytes_kb:4.0f}"
        spread = f"  (runs {min(s.perf_runs)}-{max(s.perf_runs)})" if len(s.perf_runs) > 1 else ""
        print(f"  {s.page:14} {perf:4} {a11y:4} {bp:4} {seo:4} {figures}{spread}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample site in a temp folder)")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"npm folder of the tools (default {CACHE})")
    parser.add_argument("--install", action="store_true", help=f"npm i -E {LIGHTHOUSE} {VNU} in the cache folder")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-vnu", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is kept")
    args = parser.parse_args(argv)
    if args.install:
        install(args.cache)
    with tempfile.TemporaryDirectory() as folder:
        site = args.site
        if site is None:
            site = Path(folder) / "site"
            print("Building the sample site ...", flush=True)
            build_sample(site)
        if not args.no_vnu:
            jar = vnu_jar(args.cache)
            if jar is None or shutil.which("java") is None:
                print(f"Nu validator skipped: needs java and {args.cache}/node_modules/vnu-jar (--install)")
            else:
                report_vnu(run_vnu(jar, site))
        if not args.no_lighthouse:
            binary = args.cache / "node_modules" / ".bin" / "lighthouse"
            if not binary.exists() or not Path(CHROMIUM).exists():
                print(f"Lighthouse skipped: needs {CHROMIUM} and {binary} (--install)")
            else:
                scores = []
                with serve_gzip(site) as base:
                    for name, path in sample_pages(site).items():
                        runs = sorted(
                            (run_lighthouse(binary, name, base + path) for _ in range(args.runs)),
                            key=lambda s: s.scores["performance"],
                        )
                        median = runs[len(runs) // 2]
                        median.perf_runs = tuple(r.scores["performance"] for r in runs)
                        scores.append(median)
                report_lighthouse(scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
