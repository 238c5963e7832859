"""MkDocs adapter for Katalog SOP: one of the two writers of ``katalog_sop.publish`` (the other is the export).

Everything the site is made of, and every rule about it, comes from the engine-free contract in
``katalog_sop.publish``: the ``Publication`` (pages, files, nav, post-build steps), the config patch, the
clash rule and the preview's state. This file only hands it to MkDocs: the pages and files (in memory,
nothing is written into docs/), the navigation, each HTML page's body and table of contents as they are
(no Markdown pass), the steps on the finished site (search index, PDFs), and the publishing of the site.
The settings are read once, from mkdocs.yml and the environment (``katalog_sop.settings``: options under
``extra.katalog``, the environment variables in ``ENVIRONMENT``; a key that is not an option is an error).

`mkdocs build` publishes atomically (``katalog_sop.publish.atomic``): MkDocs writes into
``<site>.baru-<pid>`` beside the site folder, and that folder replaces the site only after everything
succeeded, MkDocs' `--strict` warning check included; a failed, aborted or killed build leaves the site
as it was. `mkdocs serve` keeps its own folder, and while a source is broken keeps serving the last good
catalogue with a banner linking to the problem page ``galat/`` (or that page alone before any good
build). The public site carries no repository or edit link (the maintainers' view does).
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import CountHandler

from katalog_sop import cache, vendor
from katalog_sop.problems import CatalogError, system_message
from katalog_sop.publish import atomic, pdf, search
from katalog_sop.publish.clashes import Clash, GeneratedTwiceError, find_clashes
from katalog_sop.publish.config_patch import config_patch
from katalog_sop.publish.publication import CatalogRead, Publication, nav_pages, publish
from katalog_sop.publish.serve_state import ServeState
from katalog_sop.publish.theme_output import ThemeOutputCache
from katalog_sop.settings import Settings, SettingsError, read_settings
from katalog_sop.site.page import GeneratedPage, pack, unpack
from katalog_sop.urls import ERROR_PAGE_URI, SiteUrls

log = logging.getLogger("mkdocs.hooks.katalog")
# What the engine-free steps raise with a message for the maintainer: shown by MkDocs as a plugin error.
_STEP_ERRORS = (SettingsError, vendor.AssetError, search.SearchIndexError, pdf.PdfError, GeneratedTwiceError)
# The template a page gets when its themed output is taken from the cache (ThemeOutputCache): it renders
# nothing, and on_post_page hands MkDocs the stored output instead.
STORED_TEMPLATE = "katalog-tersimpan.html"


class HtmlPage(Page):
    """A generated page whose body is HTML: MkDocs publishes it as it is, with its headings as the toc.

    MkDocs prepares every page before it writes the first, so the body stays compressed (as the publication
    gave it) and is expanded only when MkDocs reads ``content``; a text MkDocs gives back unchanged is not
    stored again, a changed one (the serve banner) is. Once the page is written (``release``) it is let go.
    """

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, generated: GeneratedPage) -> None:
        self.generated: GeneratedPage | None = generated
        self._packed: bytes | None = None
        self._handed: str | None = None  # the text being read now; known when MkDocs sets it back unchanged
        super().__init__(title, file, config)

    @property  # type: ignore[override]
    def content(self) -> str | None:
        if self._packed is None:
            return None
        if self._handed is None:  # MkDocs reads it a few times in a row: expanded once for those
            # Ended as Markdown would end it: the same page from the hook as from an exported project.
            self._handed = unpack(self._packed).rstrip("\n")
        return self._handed

    @content.setter
    def content(self, value: str | None) -> None:
        handed, self._handed = self._handed, None
        if value is None:
            self._packed = None
        elif value is not handed:
            self._packed = pack(value)

    def read_source(self, config: MkDocsConfig) -> None:
        assert self.generated is not None
        self.markdown = ""  # nothing for Markdown to do: at 5,000 SOPs that pass was a third of the build
        self.meta = {"title": self.generated.title}
        if self.generated.description:
            self.meta["description"] = self.generated.description

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.generated is not None
        headings = self.generated.headings or ()
        self._packed = self.generated.packed_body
        self.toc = get_toc([{"level": 2, "id": h.id, "name": h.title, "children": []} for h in headings])
        self.present_anchor_ids = {h.id for h in headings}

    def release(self) -> None:
        self._packed = self._handed = self.generated = None


@dataclass
class KatalogHook:
    """The hook's whole state: one build (or one serve session) at a time."""

    command: str = "build"
    dirty: bool = False  # `mkdocs build --dirty`
    settings: Settings | None = None
    publication: Publication | None = None
    state: ServeState = field(default_factory=ServeState)  # what is broken, and what a preview shows then
    atomic_build: atomic.AtomicBuild | None = None  # `mkdocs build`: MkDocs writes into its staging folder
    final_site_dir: str = ""  # where the site is published; config.site_dir points at the staging folder meanwhile
    build_config: MkDocsConfig | None = None
    env: Environment | None = None
    theme_cache: ThemeOutputCache | None = None  # the themed pages of earlier builds
    stored_keys: dict[str, str] = field(default_factory=dict)  # src_uri -> key, for pages found in it
    new_keys: dict[str, str] = field(default_factory=dict)  # src_uri -> key, for pages rendered now
    stored_output: dict[str, str] = field(default_factory=dict)  # src_uri -> output, read just before writing

    # -- settings ---------------------------------------------------------------------------------------------

    @property
    def serving(self) -> bool:
        """`mkdocs serve` (also `serve --clean`, which MkDocs starts as command "build")."""
        return self.state.serving

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        self.state = ServeState(serving=command == "serve" or _called_from_serve())
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = read_settings(
                config, Path(config.config_file_path), command="serve" if self.serving else "build"
            )
        except SettingsError as error:
            raise PluginError(f"mkdocs.yml atau lingkungan bermasalah:\n{error}") from None
        for notice in self.settings.notices:  # worth knowing, not wrong: `--strict` must not fail on it
            log.info("Katalog SOP: %s", notice)
        patch = config_patch(self.settings)
        for uri, defer in patch.scripts_to_add(str(item) for item in config.extra_javascript):
            script = ExtraScriptValue(uri)
            script.defer = defer
            config.extra_javascript.append(script)
        config.extra_css.extend(patch.stylesheets_to_add(str(item) for item in config.extra_css))
        config.extra.update(patch.extra)
        for key in patch.removed:  # a loaded MkDocs config keeps every key: unset, not removed
            config[key] = None
        if not self.serving:
            self._begin_atomic(config)
        return config

    # -- the catalogue ----------------------------------------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Read and check all sources before MkDocs touches the site folder (a preview goes on: ServeState)."""
        assert self.settings is not None, "on_config reads the settings first"
        self._stop_post_build()
        try:
            read = self.state.read(self.settings)
        except CatalogError as error:
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(error.summary()) from None
        except SettingsError as error:
            raise PluginError(str(error)) from None
        if self.state.problems:
            for problem in self.state.problems:
                log.error(str(problem))
            log.error("Katalog SOP: %s", self.state.notice(SiteUrls(self.settings.directory_urls)))
        elif read is not None:
            for hint in read.hints:
                log.info("Katalog SOP: %s", hint)
            if self.settings.only_opds:
                chosen = ", ".join(sorted(self.settings.only_opds))
                log.info("Katalog SOP: pratinjau hanya OPD %s (semua berkas tetap diperiksa).", chosen)
        self.publication = self._publish(read)

    def _publish(self, read: CatalogRead | None) -> Publication:
        assert self.settings is not None
        try:
            return publish(self.settings, read, self.state.problems)
        except _STEP_ERRORS as error:
            raise PluginError(str(error)) from None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The publication's pages and files join the hand-written ones of docs/; a clash is an error."""
        publication = self.publication
        assert publication is not None, "on_pre_build publishes first"
        if publication.catalog is None:  # the problem page alone: nothing of docs/ but its assets
            files = Files([file for file in files if not file.is_documentation_page()])
        try:
            clashes = find_clashes(publication, {f.src_uri: f.dest_uri for f in files if f.generated_by is None})
        except GeneratedTwiceError as error:
            raise PluginError(str(error)) from None
        if clashes:
            publication = self._take_clashes(files, publication, clashes)
        made = self._page_files(publication, config) + _site_files(publication, config)
        # In the order MkDocs gives the files of a folder (the sitemap lists pages so): the same as an export.
        files = Files(sorted([*files, *made], key=file_sort_key))
        # MkDocs makes its Navigation from config.nav right after this event, each page once, with its title.
        own = (f.src_uri for f in files.documentation_pages() if f.generated_by is None)
        config.nav = publication.nav_config(own, config.nav)
        for line in publication.summary():
            log.info("Katalog SOP: %s", line)
        # The search index starts now, on its own core, while MkDocs renders the pages.
        try:
            for step in publication.post_build:
                step.start()
        except _STEP_ERRORS as error:
            raise PluginError(str(error)) from None
        # From here each page's body lives in its MkDocs page only, and is let go once the page is written.
        self.publication = replace(publication, pages=(), files=())
        return files

    def _take_clashes(self, files: Files, publication: Publication, clashes: list[Clash]) -> Publication:
        """A file of docs/ in a generated page's place stops `mkdocs build`; a preview drops the file and shows
        the generated page, and the problem page that lists the clash joins the site."""
        if not self.serving:
            raise PluginError(str(clashes[0].problem))
        for clash in clashes:
            log.error(str(clash.problem))
            files.remove(files.src_uris[clash.own_uri])
        problem_page = self.state.with_clashes(clashes)
        pages = (*(page for page in publication.pages if page.src_uri != ERROR_PAGE_URI), problem_page)
        return replace(publication, pages=pages)

    def _page_files(self, publication: Publication, config: MkDocsConfig) -> list[File]:
        """Each page as a MkDocs file; an HTML page also as its MkDocs page (HtmlPage), with its nav title."""
        nav_titles = nav_pages(publication.nav)
        made: list[File] = []
        for page in publication.pages:
            in_nav = page.src_uri in publication.in_nav
            made_file = File.generated(
                config,
                page.src_uri,
                # An HTML page is read from its data (HtmlPage), not from the file: no second copy of its body.
                content=page.content if page.headings is None else "",
                inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV,
            )
            if page.source is not None:
                made_file.edit_uri = os.path.relpath(page.source, config.docs_dir).replace(os.sep, "/")
            if page.headings is not None:
                HtmlPage(nav_titles.get(page.src_uri) or None, made_file, config, page)  # sets made_file.page
            made.append(made_file)
        return made

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The cache of themed pages, keyed by this build's settings, theme and navigation."""
        self.stored_keys, self.new_keys, self.stored_output = {}, {}, {}
        store = cache.page_store(vendor.cache_dir() / "simpanan", namespace=cache.THEME)
        self.theme_cache = None if store is None else ThemeOutputCache(store, _theme_parts(config, nav, self.serving))
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # overrides/partials/katalog-csp.html: `mkdocs serve` injects a live-reload script no hash can cover.
        env.globals["katalog_serve"] = self.serving
        if not isinstance(env.loader, ChoiceLoader) or STORED_TEMPLATE not in env.loader.list_templates():
            env.loader = ChoiceLoader([DictLoader({STORED_TEMPLATE: ""}), *([env.loader] if env.loader else [])])
        self.env = env
        if self.dirty and self.atomic_build is not None:
            # The files are final here: a page of the old site that this build no longer makes (its SOP
            # became a draft, was withdrawn or renamed) must not stay public just because of --dirty.
            stale = self.atomic_build.keep_only(file.dest_uri for file in files)
            if stale:
                log.info("Katalog SOP: --dirty: %d berkas lama yang tidak lagi dibuat dihapus.", len(stale))
        return env

    @event_priority(-100)  # last: the body is final, and keys the themed page
    def on_page_content(self, html_content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """While the sources are broken (serve only), every page of the last good site says so, linking galat/.
        A generated page whose themed output an earlier build left in the cache is not themed again."""
        if self.publication is None:
            return html_content
        link = lambda: files.src_uris[ERROR_PAGE_URI].url_relative_to(page.file)  # noqa: E731
        banner = self.state.banner(self.publication, page.file.src_uri, link)
        # The body as generated (neither a banner nor another plugin changed it) is keyed by its compressed
        # bytes: smaller than its text.
        as_generated = not banner and html_content is page.content
        html_content = banner + html_content if banner else html_content
        if self.theme_cache is not None and isinstance(page, HtmlPage):
            packed = page.generated.packed_body if page.generated is not None else None
            body = packed if packed is not None and as_generated else html_content
            key = self.theme_cache.key(_page_parts(page), body)
            if self.theme_cache.store.has(key):
                page.meta["template"] = STORED_TEMPLATE  # read by MkDocs right before on_page_context
                self.stored_keys[page.file.src_uri] = key
            else:
                self.new_keys[page.file.src_uri] = key
        return html_content

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """A page themed by an earlier build: its output is read now (one page in memory at a time); an entry
        gone since on_page_content is themed here, as MkDocs would have."""
        key = self.stored_keys.pop(page.file.src_uri, None)
        if key is not None and self.theme_cache is not None and self.env is not None:
            page.meta.pop("template", None)
            body = page.content or ""
            output = self.theme_cache.get(key, body)
            if output is None:
                output = self.env.get_template("main.html").render(context)
                self.theme_cache.put(key, output, body)
            self.stored_output[page.file.src_uri] = output
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """An HTML page's body is not needed once its page is made: at 5,000 SOPs that is most of the memory.
        Its themed output goes to the cache (or comes from it)."""
        uri = page.file.src_uri
        if uri in self.stored_output:
            output = self.stored_output.pop(uri)
        elif self.theme_cache is not None and uri in self.new_keys:
            self.theme_cache.put(self.new_keys[uri], output, page.content or "")
        if isinstance(page, HtmlPage):
            page.release()
        return output

    # -- after the pages --------------------------------------------------------------------------------------

    @event_priority(-100)  # last, after any other plugin: then the site is published
    def on_post_build(self, config: MkDocsConfig) -> None:
        """The search index and the PDFs into the finished site; then publish it, unless MkDocs' --strict check,
        which comes right after, will abort the build."""
        publication = self.publication
        if publication is not None:
            for step in publication.post_build:
                try:
                    log.info("Katalog SOP: %s", step.finish(Path(config.site_dir)))
                except _STEP_ERRORS as error:
                    raise PluginError(str(error)) from None
        if self.theme_cache is not None:
            store = self.theme_cache.store
            log.info(
                "Katalog SOP: tema: %d halaman dari simpanan, %d disusun.",
                store.hits,
                store.misses + len(self.new_keys),
            )
            store.prune()  # after this build's entries: they are the newest
        pending = self.atomic_build
        if pending is None:
            return
        if config.strict:
            counts = _strict_counts()
            if counts is None:  # not visible in this MkDocs: decide in on_shutdown, after the check
                pending.deferred = True
                return
            if counts:  # MkDocs aborts right after this event; on_build_error removes the new folder
                return
        self._swap_in(pending)

    def on_build_error(self, error: Exception) -> None:
        published = self.atomic_build is not None
        self._stop_post_build()
        self._abandon_atomic()
        if isinstance(error, OSError) and not self.serving:
            # A full disk or a refused write while MkDocs copies or writes: one line a maintainer can act on,
            # not MkDocs' traceback with Python's English text.
            kept = " Situs yang sudah terbit tidak diubah." if published else ""
            raise Abort(f"Katalog SOP: situs tidak diterbitkan: {system_message(error)}{kept}") from None

    def on_shutdown(self) -> None:
        pending = self.atomic_build
        if pending is not None and pending.deferred:
            self._swap_in(pending)
        # Interrupted (Ctrl-C, SIGTERM): on_build_error was not called; nothing is published.
        self._stop_post_build()
        self._abandon_atomic()

    def _stop_post_build(self) -> None:
        if self.publication is not None:
            for step in self.publication.post_build:
                step.cancel()

    # -- atomic publish (mkdocs build) --------------------------------------------------------------------------

    def _begin_atomic(self, config: MkDocsConfig) -> None:
        """Send MkDocs' output to a fresh folder beside the site; the site itself is not touched yet."""
        self._abandon_atomic()
        try:
            project = Path(config.config_file_path).parent
            kept = ((project, True), (Path(config.docs_dir), False))
            if self.settings is not None:
                kept = (*kept, (self.settings.sources, False))
            pending = atomic.AtomicBuild(config.site_dir, keep_old_files=self.dirty, protected=kept)
        except atomic.PublishError as error:
            raise PluginError(str(error)) from None
        self.atomic_build, self.final_site_dir = pending, config.site_dir
        config["site_dir"] = str(pending.staging)
        self.build_config = config  # pointed back at the published folder once the build ends
        log.info(
            "Katalog SOP: situs disusun di %s; %s baru diganti setelah semuanya berhasil.",
            pending.staging,
            pending.final,
        )

    def _abandon_atomic(self) -> None:
        """A build that did not finish: remove its folder, keep the published site."""
        pending, self.atomic_build = self.atomic_build, None
        if pending is not None:
            self._point_back()
            pending.abandon()

    def _swap_in(self, pending: atomic.AtomicBuild) -> None:
        self.atomic_build = None
        self._point_back()
        try:
            pending.publish()
        except atomic.PublishError as error:
            raise PluginError(str(error)) from None
        log.info("Katalog SOP: situs diterbitkan di %s.", pending.final)

    def _point_back(self) -> None:
        if self.build_config is not None:
            self.build_config["site_dir"] = self.final_site_dir

    # -- mkdocs serve -------------------------------------------------------------------------------------------

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.settings is not None
        server.watch(str(self.settings.sources))
        server.builder = self._keep_answering(builder, Path(server.root))
        return server

    def _keep_answering(self, builder: Any, site_dir: Path) -> Any:
        """A rebuild that fails for another reason than the sources (a page of docs/, mkdocs.yml) would leave the
        server waiting forever for a good build: show the failure on galat/ and on every missing page instead,
        and keep serving what is there."""

        def rebuild() -> None:
            errors = _Collected()
            logging.getLogger("mkdocs").addHandler(errors)
            try:
                builder()
            except Exception as error:
                log.error("Katalog SOP: penyusunan ulang gagal: %s", error or type(error).__name__)
                log.debug("Penyusunan ulang gagal", exc_info=True)
                assert self.settings is not None
                pages = self.state.failed_rebuild(errors.messages, error, SiteUrls(self.settings.directory_urls))
                try:
                    for path, page in pages.items():
                        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
                        (site_dir / path).write_text(page, encoding="utf-8")
                except OSError:
                    log.debug("Halaman galat tidak dapat ditulis", exc_info=True)
            finally:
                logging.getLogger("mkdocs").removeHandler(errors)

        return rebuild


def _site_files(publication: Publication, config: MkDocsConfig) -> list[File]:
    """The files beside the pages: written by the catalogue, or copied as they are (assets)."""
    made: list[File] = []
    for item in publication.files:
        if item.path is not None:
            made_file = File.generated(config, item.uri, abs_src_path=str(item.path))
        else:
            made_file = File.generated(config, item.uri, content=item.content or "")
        made.append(made_file)
    return made


def _theme_parts(config: MkDocsConfig, nav: Navigation, serving: bool) -> list[str]:
    """What the theme shows on every page, for the keys of the themed pages (ThemeOutputCache): the settings
    its templates read, the theme with its overrides and options, the plugins, the hook itself, the nav."""
    custom = config.theme.custom_dir
    scripts = [
        (str(item), getattr(item, "type", None), getattr(item, "defer", None), getattr(item, "async_", None))
        for item in config.extra_javascript
    ]
    plugins = [
        (name, type(plugin).__name__, repr(dict(getattr(plugin, "config", {}) or {})))
        for name, plugin in config.plugins.items()
    ]
    settings = {
        name: config[name]
        for name in (
            "site_name",
            "site_url",
            "site_description",
            "site_author",
            "copyright",
            "google_analytics",
            "use_directory_urls",
            "repo_url",
            "repo_name",
            "edit_uri",
            "edit_uri_template",
            "extra",
        )
    }
    # The engine that runs the hook (MkDocs, or a fork of it such as ProperDocs): its name and version are on
    # every page (the generator tag).
    engine = type(config).__module__.split(".")[0]
    versions = [
        (name, str(getattr(sys.modules[name], "__version__", "")))
        for name in sorted({"mkdocs", "properdocs", engine})
        if name in sys.modules
    ]
    return [
        repr((engine, versions)),
        repr(sorted(settings.items())),
        repr((config.dev_addr.host, config.dev_addr.port)),
        repr([str(item) for item in config.extra_css]),
        repr(scripts),
        repr(plugins),
        repr(sorted(config.theme.items())),  # its name and every option
        cache.tree_digest(Path(custom)) if custom else "",
        cache.digest(Path(__file__).read_bytes()),
        f"serve={serving}",
        repr(_nav_facts(nav.items)),
    ]


def _nav_facts(items: list[Any]) -> list[tuple[str, ...] | tuple[str, str, list[Any]]]:
    return [
        ("bagian", item.title or "", _nav_facts(item.children))
        if item.is_section
        else (type(item).__name__, item.title or "", str(getattr(item, "url", "")))
        for item in items
    ]


def _page_parts(page: Page) -> list[str]:
    """What the theme shows of one page beside its body: its addresses, title, meta, headings, neighbours."""
    neighbours = [getattr(other, "url", None) for other in (page.previous_page, page.next_page)]
    ancestors = [(item.title, getattr(item, "url", None)) for item in page.ancestors]
    return [
        page.file.src_uri,
        page.file.dest_uri,
        page.url,
        repr((page.canonical_url, page.abs_url, page.edit_url, page.title, page.is_homepage)),
        repr(sorted(page.meta.items())),
        repr(_toc_facts(page.toc.items)),
        repr((neighbours, ancestors)),
    ]


def _toc_facts(items: list[AnchorLink]) -> list[tuple[str, str, int, list[Any]]]:
    return [(item.title, item.id, item.level, _toc_facts(item.children)) for item in items]


def _called_from_serve() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == "mkdocs.commands.serve":
            return True
        frame = frame.f_back
    return False


def _strict_counts() -> list[tuple[str, int]] | None:
    """The warnings MkDocs' --strict check will count right after on_post_build, or None if it cannot be seen."""
    handlers = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    if not handlers:
        return None
    return [count for handler in handlers for count in handler.get_counts()]


class _Collected(logging.Handler):
    """The errors MkDocs and the hook log during one rebuild, for the problem page."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("Katalog SOP: penyusunan ulang gagal"):
            self.messages.append(message)


_hook = KatalogHook()
atexit.register(_hook._abandon_atomic)

# The events MkDocs calls: each is a method of the one state object.
on_startup = _hook.on_startup
on_config = _hook.on_config
on_pre_build = _hook.on_pre_build
on_files = _hook.on_files
on_nav = _hook.on_nav
on_env = _hook.on_env
on_page_content = _hook.on_page_content
on_page_context = _hook.on_page_context
on_post_page = _hook.on_post_page
on_post_build = _hook.on_post_build
on_build_error = _hook.on_build_error
on_shutdown = _hook.on_shutdown
on_serve = _hook.on_serve
