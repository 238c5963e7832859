#!/usr/bin/env python3
"""Benchmark: build a generated catalogue of N SOPs and measure the site.

Usage: python scripts/bench.py --sops 5000 [--baseline] [--no-browser] [--keep DIR]

Prints build time (cold, then warm after one SOP and after one OPD changed), peak memory, site size,
median SOP page size, the `mkdocs serve` round trip (one OPD, and the whole catalogue), and what the
first search costs on a phone (bytes downloaded, time to answer). With
--baseline it also builds the same content written as plain Markdown pages
for MkDocs + Material (nav of OPD pages only, Material's own search) and
prints the ratios. With --monev it then adds six semesters of monitoring (three with an evaluation of
every SOP) to the same catalogue, builds again, and prints the cost of the monitoring pages (budget: at most
10% slower; the monev page and the largest OPD page under 100 KB gzipped). With --lighthouse it also
scores the sample site's page kinds with
Lighthouse 12 (mobile, served with gzip; scripts/outside_judges.py, median of --lighthouse-runs).
A benchmark, not a test: it asserts nothing.

The browser part needs Debian's chromium and Playwright (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_catalog import generate, generate_monev  # noqa: E402

from katalog_sop import build_catalog  # noqa: E402
from katalog_sop.catalog.model import Status  # noqa: E402
from katalog_sop.site import mermaid  # noqa: E402

CHROMIUM = os.environ.get("KATALOG_SOP_CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# A mid-range phone on a mobile connection ("Fast 4G": 60 ms, 9 Mbit/s) with a 4x slower CPU.
# The server adds the delay to every response, so the search worker's downloads are slowed too
# (the browser's own network emulation does not reach web workers).
LATENCY_S = 0.060
BYTES_PER_S = 9_000_000 / 8
CPU_SLOWDOWN = 4
TYPING_DELAY_MS = 120  # a quick thumb: about 8 characters a second
TYPICAL_QUERIES = ["surat masuk", '"izin usaha"', "bantuan sosial"]
# Both words are on every generated SOP page: the slowest kind of query.
BROAD_QUERY = "pengelolaan arsip"


BASELINE_NAME = "Markdown + Material"


@dataclass
class Measure:
    name: str
    seconds: float = 0.0
    peak_mb: float = 0.0
    site_mb: float = 0.0
    median_page_kb: float = 0.0
    search_kb: float = 0.0
    first_query_ms: float | None = None
    query_ms: float | None = None
    broad_query_ms: float | None = None
    serve_change_s: float | None = None
    serve_all_s: float | None = None
    warm_one_sop_s: float | None = None
    warm_one_opd_s: float | None = None
    notes: list[str] = field(default_factory=list)


# `mkdocs build -q` run in a small wrapper that reports, on its last line, its own peak memory and its
# largest child's (Pagefind, the render workers): which of them makes the build's peak.
_BUILD = """
import resource, runpy, sys
sys.argv = ["mkdocs", "build", "-q"]
try:
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
except SystemExit as end:
    code = end.code
else:
    code = 0
own, children = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(f"peak-kb {own} {children}", flush=True)
sys.exit(code)
"""


@dataclass(frozen=True)
class Build:
    seconds: float
    peak_mb: float  # the largest process of the build
    engine_mb: float  # the mkdocs process alone
    child_mb: float  # its largest child (Pagefind, a render worker)
    output: str


def timed_build(project: Path, page_cache: Path | None = None) -> Build:
    """Run ``mkdocs build`` in ``project``: wall seconds, peak RSS in MB (child processes included). The
    render cache is ``page_cache`` (a fresh folder: a cold build that fills it), or none at all."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KATALOG_SOP_SIMPANAN": str(page_cache or 0)}
    env.pop("KATALOG_SOP_DRAF", None)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _BUILD],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {project}:\n{output}")
    own = children = 0.0
    for line in output.splitlines():
        if line.startswith("peak-kb "):
            own, children = (int(value) / 1024 for value in line.split()[1:])
    return Build(seconds, usage.ru_maxrss / 1024, own, children, output)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1_000_000


def gzip_kb(page: Path) -> float:
    """What a page costs to download, gzipped as GitHub Pages sends it."""
    return len(gzip.compress(page.read_bytes(), 6)) / 1000 if page.is_file() else 0.0


def bench_monev(project: Path, before: Measure) -> Measure:
    """The same catalogue with six semesters of monitoring and three evaluations: the build again, and the
    monitoring pages' size."""
    today = dt.date.today()
    last = (today.year, 1) if today.month > 6 else (today.year - 1, 2)
    rows = generate_monev(project / "sops", last)
    result = Measure("Katalog SOP + monev")
    page_cache = project.parent / "simpanan-monev"
    shutil.rmtree(page_cache, ignore_errors=True)
    build = timed_build(project, page_cache)  # cold, as the build without monitoring
    result.seconds, result.peak_mb = build.seconds, build.peak_mb
    site = project / "site"
    result.site_mb = folder_mb(site)
    result.median_page_kb = before.median_page_kb
    result.search_kb = folder_mb(site / "pagefind") * 1000
    opd_pages = [site / folder.name / "index.html" for folder in (project / "sops").iterdir() if folder.is_dir()]
    largest = max(opd_pages, key=lambda p: p.stat().st_size if p.is_file() else 0)
    result.notes.append(f"{rows} monitoring rows; build {result.seconds / before.seconds:.2f}x without them")
    result.notes.append(
        f"gzipped: monev/ {gzip_kb(site / 'monev' / 'index.html'):.1f} KB, largest OPD page "
        f"({largest.parent.name}) {gzip_kb(largest):.1f} KB"
    )
    return result


def median_kb(pages: list[Path]) -> float:
    sizes = [p.stat().st_size for p in pages if p.is_file()]
    return statistics.median(sizes) / 1000 if sizes else 0.0


@contextmanager
def serve(folder: Path, latency_s: float = 0.0, bytes_per_s: float = 0.0) -> Iterator[str]:
    """Serve a built site; with a latency and a bandwidth, as a mobile connection would."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def send_head(self):  # type: ignore[no-untyped-def]
            time.sleep(latency_s)
            return super().send_head()

        def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
            chunk = 16_384
            while data := source.read(chunk):
                outputfile.write(data)
                if bytes_per_s:
                    time.sleep(len(data) / bytes_per_s)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def measure_search(site: Path, start_path: str, first: str, others: list[str]) -> tuple[float, float, dict[str, float]]:
    """On a throttled phone: type a query in the header box of an SOP page.

    Returns the kilobytes transferred from pressing Enter until the results are
    shown, the time the first search took (index loading included), and the
    time of each next query typed on the search page.
    """
    from playwright.sync_api import Request, sync_playwright

    with serve(site, LATENCY_S, BYTES_PER_S) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        context = browser.new_context(**PHONE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        transferred: list[int] = []
        counting = False

        def finished(request: Request) -> None:  # the page's and its search worker's requests
            if counting:
                sizes = request.sizes()
                transferred.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

        context.on("requestfinished", finished)
        page.goto(base + start_path, wait_until="load")
        counting = True
        page.fill("#katalog-cari-kepala", first)
        page.press("#katalog-cari-kepala", "Enter")
        page.wait_for_function("document.documentElement.dataset.cariSelesai === '1'", timeout=120_000)
        first_ms = page.evaluate("performance.getEntriesByName('katalog-cari')[0].duration")
        page.wait_for_timeout(500)
        counting = False
        timings: dict[str, float] = {}
        for query in others:
            done = page.evaluate("Number(document.documentElement.dataset.cariSelesai)")
            # Typed like a visitor would (the page prepares the index while they type).
            page.fill("#cari-kata", "")
            page.type("#cari-kata", query, delay=TYPING_DELAY_MS)
            page.press("#cari-kata", "Enter")
            page.wait_for_function(f"Number(document.documentElement.dataset.cariSelesai) > {done}", timeout=60_000)
            timings[query] = page.evaluate("performance.getEntriesByName('katalog-cari').at(-1).duration")
        browser.close()
    return sum(transferred) / 1000, first_ms, timings


def measure_serve_change(project: Path, sop_file: Path, whole: bool = False) -> float:
    """`mkdocs serve` of one OPD (KATALOG_SOP_OPD), or with ``whole`` of the whole catalogue: seconds from
    saving a change to one YAML file until the served page shows it."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    opd = sop_file.parent.name
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KATALOG_SOP_OPD": opd}
    if whole:
        env.pop("KATALOG_SOP_OPD")
        env["KATALOG_SOP_SIMPANAN"] = str(project.parent / "simpanan")  # the cache the builds above filled
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{opd}/{sop_file.stem}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 600
        while "sop-judul" not in page():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.5)
        time.sleep(2)  # let the file watcher settle
        marker = "Diubah Untuk Uji Pratinjau"
        text = sop_file.read_text(encoding="utf-8")
        sop_file.write_text(text.replace("\nnama: ", f"\nnama: {marker} ", 1), encoding="utf-8")
        try:
            start = time.monotonic()
            while marker not in page():
                if time.monotonic() - start > 120:
                    raise SystemExit("the change never showed")
                time.sleep(0.1)
            return time.monotonic() - start
        finally:
            sop_file.write_text(text, encoding="utf-8")
    finally:
        server.terminate()
        server.wait()


def prepare_project(root: Path, count: int, seed: int) -> Path:
    project = root / "katalog"
    project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("hooks", "overrides", "docs"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, project / folder)
    generate(project / "sops", count, seed)
    return project


def bench_katalog(project: Path, browser: bool, serve_check: bool) -> Measure:
    result = Measure("Katalog SOP")
    page_cache = project.parent / "simpanan"
    shutil.rmtree(page_cache, ignore_errors=True)
    build = timed_build(project, page_cache)
    result.seconds, result.peak_mb = build.seconds, build.peak_mb
    result.notes.append(f"peak memory: mkdocs {build.engine_mb:.0f} MB, largest child {build.child_mb:.0f} MB")
    result.notes.append("cold build: empty render cache, filled by the build")
    changed = sorted(p for p in (project / "sops").glob("*/*.yml") if not p.name.startswith("_"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("uraian: ", "uraian: Diubah ", 1), "utf-8")
    warm = timed_build(project, page_cache)
    result.warm_one_sop_s = warm.seconds
    result.notes.append(f"warm build after one SOP changed ({changed.name}): {warm.seconds:.1f} s")
    opd_file = changed.parent / "_opd.yml"  # its name is on every page of the OPD's SOPs
    opd_file.write_text(opd_file.read_text(encoding="utf-8").replace("nama: ", "nama: Uji ", 1), "utf-8")
    result.warm_one_opd_s = timed_build(project, page_cache).seconds
    result.notes.append(f"warm build after one OPD's name changed ({changed.parent.name})")
    site = project / "site"
    result.site_mb = folder_mb(site)
    catalog = build_catalog(project / "sops").published()
    pages = [site / sop.opd_slug / sop.slug / "index.html" for sop in catalog.sops]
    result.median_page_kb = median_kb(pages)
    if browser:
        sample = catalog.sops[len(catalog.sops) // 2]
        in_force = next(s for s in catalog.sops if s.status == Status.IN_FORCE)
        result.search_kb, result.first_query_ms, timings = measure_search(
            site, f"{sample.opd_slug}/{sample.slug}/", "akta lahir", [*TYPICAL_QUERIES, in_force.nomor, BROAD_QUERY]
        )
        result.broad_query_ms = timings.pop(BROAD_QUERY)
        result.query_ms = max(timings.values())
        result.notes.append("next queries: " + ", ".join(f"{q} {ms:.0f} ms" for q, ms in timings.items()))
    else:
        result.search_kb = folder_mb(site / "pagefind") * 1000
        result.notes.append("search: size of the whole index (no browser run)")
    if serve_check:
        sample = catalog.sops[len(catalog.sops) // 2]
        result.serve_change_s = measure_serve_change(project, sample.source)
        result.notes.append(f"serve: KATALOG_SOP_OPD={sample.opd_slug} mkdocs serve, one YAML file changed")
        result.serve_all_s = measure_serve_change(project, sample.source, whole=True)
        result.notes.append("serve: whole catalogue (mkdocs serve, render cache warm), one YAML file changed")
    return result


def write_baseline(project: Path, root: Path) -> Path:
    """The same catalogue as plain Markdown pages, as a docs site written by hand would have it."""
    catalog = build_catalog(project / "sops").published()
    baseline = root / "baseline"
    docs = baseline / "docs"
    docs.mkdir(parents=True)
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("baseline_sop.md.j2")
    opds = {opd.slug: opd for opd in catalog.opds}
    nav = [{"Beranda": "index.md"}]
    (docs / "index.md").write_text("# Katalog SOP\n", encoding="utf-8")
    for opd in catalog.opds:
        folder = docs / opd.slug
        folder.mkdir()
        sops = catalog.sops_of(opd)
        listing = "\n".join(f"- [{s.nama}]({s.slug}.md) ({s.nomor})" for s in sops)
        (folder / "index.md").write_text(f"# {opd.nama}\n\n{listing}\n", encoding="utf-8")
        nav.append({opd.nama: f"{opd.slug}/index.md"})
    for sop in catalog.sops:
        text = template.render(sop=sop, opd=opds[sop.opd_slug], diagram=mermaid.flowchart(sop))
        (docs / sop.opd_slug / f"{sop.slug}.md").write_text(text, encoding="utf-8")
    config = {
        "site_name": "Katalog SOP (baseline)",
        "theme": {"name": "material", "language": "id", "font": False},
        "plugins": ["search"],
        "nav": nav,
        "markdown_extensions": [
            "tables",
            {"pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid"}]}},
        ],
    }
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    # The fence format is a Python name, which safe_dump cannot write.
    fence_format = "format: !!python/name:pymdownx.superfences.fence_code_format"
    text = text.replace("class: mermaid", f"class: mermaid\n      {fence_format}")
    (baseline / "mkdocs.yml").write_text(text, encoding="utf-8")
    return baseline


def bench_baseline(baseline: Path) -> Measure:
    result = Measure(BASELINE_NAME)
    build = timed_build(baseline)
    result.seconds, result.peak_mb = build.seconds, build.peak_mb
    site = baseline / "site"
    result.site_mb = folder_mb(site)
    pages = [p for p in site.glob("*/*/index.html")]
    result.median_page_kb = median_kb(pages)
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    index = site / "search" / "search_index.json"
    result.search_kb = sum(p.stat().st_size for p in [index, *workers]) / 1000
    result.notes.append("search: search_index.json + search worker, downloaded whole before the first answer")
    return result


def report(results: list[Measure], count: int) -> None:
    print(f"\n# bench.py --sops {count}  ({os.cpu_count()} CPU, Python {sys.version.split()[0]})\n")
    print("| | " + " | ".join(r.name for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    rows = [
        ("Build (s)", "seconds", "{:.1f}"),
        ("Build after one SOP changed, warm cache (s)", "warm_one_sop_s", "{:.1f}"),
        ("Build after one OPD changed, warm cache (s)", "warm_one_opd_s", "{:.1f}"),
        ("Peak memory (MB)", "peak_mb", "{:.0f}"),
        ("Site size (MB)", "site_mb", "{:.1f}"),
        ("Median SOP page (KB)", "median_page_kb", "{:.1f}"),
        ("First search downloads (KB)", "search_kb", "{:.0f}"),
        ("First search, phone (ms)", "first_query_ms", "{:.0f}"),
        ("Typical query, slowest, phone (ms)", "query_ms", "{:.0f}"),
        ("Query matching every SOP, phone (ms)", "broad_query_ms", "{:.0f}"),
        ("Serve one OPD: change shown (s)", "serve_change_s", "{:.1f}"),
        ("Serve whole catalogue: change shown (s)", "serve_all_s", "{:.1f}"),
    ]
    for label, attribute, shape in rows:
        values = [getattr(r, attribute) for r in results]
        print(f"| {label} | " + " | ".join("-" if v is None else shape.format(v) for v in values) + " |")
    baseline = next((r for r in results if r.name == BASELINE_NAME), None)
    if baseline is not None:
        katalog = results[0]
        print(f"\nBuild time ratio: {katalog.seconds / baseline.seconds:.2f}x the baseline", end="")
        if katalog.warm_one_sop_s is not None:
            print(f"; after one SOP changed (warm cache): {katalog.warm_one_sop_s / baseline.seconds:.2f}x", end="")
        if katalog.warm_one_opd_s is not None:
            print(f"; after one OPD changed: {katalog.warm_one_opd_s / baseline.seconds:.2f}x", end="")
        print()
    for r in results:
        for note in r.notes:
            print(f"- {r.name}: {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sops", type=int, default=1000, help="number of SOPs to generate (default 1000)")
    parser.add_argument("--baseline", action="store_true", help="also build the plain Markdown baseline")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measurement in Chromium")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` preview measurement")
    parser.add_argument("--seed", type=int, default=20241)
    parser.add_argument("--monev", action="store_true", help="also build with six semesters of monitoring")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temp folder)")
    parser.add_argument(
        "--lighthouse", action="store_true", help="also run Lighthouse on the sample site (outside_judges.py)"
    )
    parser.add_argument("--lighthouse-runs", type=int, default=5, help="Lighthouse runs per page (median kept)")
    args = parser.parse_args(argv)
    if args.lighthouse:
        import outside_judges

        outside_judges.main(["--no-vnu", "--runs", str(args.lighthouse_runs)])
    root = args.keep or Path(tempfile.mkdtemp(prefix="katalog-bench-"))
    try:
        print(f"Generating {args.sops} SOPs in {root} …", flush=True)
        project = prepare_project(root, args.sops, args.seed)
        print("Building Katalog SOP …", flush=True)
        results = [bench_katalog(project, browser=not args.no_browser, serve_check=not args.no_serve)]
        if args.monev:
            print("Building again with six semesters of monitoring …", flush=True)
            monev = bench_monev(project, results[0])
        if args.baseline:
            print("Building the Markdown baseline …", flush=True)
            results.append(bench_baseline(write_baseline(project, root)))
        report(results if not args.monev else [*results, monev], args.sops)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
