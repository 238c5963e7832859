"""The site's settings: read once from mkdocs.yml and the environment, typed, with every problem at once.

``extra.katalog`` in mkdocs.yml holds the catalogue's own options (``OPTIONS``); a few of MkDocs' own
keys are read too (site_name, site_url, use_directory_urls, docs_dir, theme.language). A key that is
not an option is an error that names the nearest option, at its line in mkdocs.yml: a typo such as
``tinjau_bulanan:`` must not silently leave the default in force. The environment variables that
change a build are all listed in ``ENVIRONMENT`` and read here only. Nothing here imports MkDocs: the
hook passes MkDocs' own config, and the export reads mkdocs.yml itself (``read_mkdocs_yml``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from katalog_sop.contact import KEYS as CONTACT_KEYS
from katalog_sop.contact import Contact, mailto_uri, tel_uri, web_label, web_uri
from katalog_sop.problems import Problem, display_path

CONFIG_NAME = "mkdocs.yml"
DEFAULT_MONTHS = 12
"""Months after tanggal efektif/revisi an SOP is due for review, unless ``tinjau_bulan`` says otherwise."""


MAX_MONTHS = 600  # fifty years; a review date beyond the calendar crashed the build


@dataclass(frozen=True)
class Option:
    """One key under ``extra.katalog``, as the README and the error messages describe it."""

    name: str
    kind: type
    default: Any
    description: str


OPTIONS: tuple[Option, ...] = (
    Option("sumber", str, "sops", "folder sumber YAML, relatif terhadap mkdocs.yml"),
    Option("instansi", str, "", "nama pemerintah daerah: dokumen cetak dan kaki setiap halaman"),
    Option("logo", str, "", "logo pada dokumen cetak, berkas di docs/ (mis. assets/logo.svg)"),
    Option("kontak", dict, {}, "kontak pemerintah daerah di kaki halaman: alamat, telepon, email, situs"),
    Option("tinjau_bulan", int, DEFAULT_MONTHS, "bulan sejak tanggal efektif/revisi sampai SOP perlu ditinjau"),
    Option("lisensi", dict, {}, "lisensi data terbuka: nama dan url"),
    Option("pdf", bool, False, "cetak PDF setiap SOP saat `mkdocs build` (perlu Chromium)"),
)
LICENSE_KEYS = ("nama", "url")
_LICENSE_EXAMPLE = {"nama": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.id"}

# Every environment variable that changes what a build publishes: read here (the first four) or by the
# module named (the last two), documented in the README from this table.
ENVIRONMENT: dict[str, str] = {
    "KATALOG_SOP_DRAF": "1 menampilkan SOP draf, 0 menyembunyikannya (bawaan: tampil di `mkdocs serve`, "
    "tersembunyi di `mkdocs build`).",
    "KATALOG_SOP_PRATINJAU": "1 menyusun tampilan pemelihara (spanduk tinjauan, tautan repositori dan sunting), "
    "0 tampilan publik (bawaan: pemelihara di `mkdocs serve`, publik di `mkdocs build`).",
    "KATALOG_SOP_OPD": "slug,slug: `mkdocs serve` hanya menerbitkan OPD ini (semua berkas tetap diperiksa).",
    "KATALOG_SOP_TANGGAL": "YYYY-MM-DD: menilai SOP yang perlu ditinjau per tanggal ini, bukan hari ini.",
    "KATALOG_SOP_CHROMIUM": "browser untuk mencetak PDF (katalog_sop.publish.pdf; bawaan: chromium di PATH).",
    "KATALOG_SOP_CACHE": "folder simpanan Mermaid, Pagefind dan huruf (katalog_sop.vendor; bawaan ~/.cache).",
}
_YES = {"1", "ya", "true", "yes"}
_NO = {"0", "tidak", "false", "no"}


class SettingsError(Exception):
    """mkdocs.yml or the environment asks for something the catalogue cannot do; every problem at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class License:
    """The licence the publisher puts on the data (``extra.katalog.lisensi`` in mkdocs.yml)."""

    nama: str = ""
    url: str = ""


@dataclass(frozen=True)
class Settings:
    """Everything a build needs to know besides the sources, decided once."""

    root: Path  # the project folder: mkdocs.yml's
    docs_dir: Path
    sources: Path
    site_name: str = "Katalog SOP"
    site_description: str = ""
    base_url: str = ""  # site_url ending in "/", or ""
    directory_urls: bool = True
    language: str = "id"
    instansi: str = ""
    logo: str = ""
    contact: Contact = field(default_factory=Contact)  # the government's, in the footer of every page
    review_months: int = DEFAULT_MONTHS
    license: License = field(default_factory=License)
    pdf: bool = False  # asked for and possible: only `mkdocs build` prints
    drafts: bool = False
    maintainers: bool = False
    serving: bool = False  # `mkdocs serve`: no atomic publish, a broken source keeps the last good site
    today: dt.date = field(default_factory=dt.date.today)
    only_opds: frozenset[str] = frozenset()  # `mkdocs serve` publishes only these OPDs
    notices: tuple[str, ...] = ()  # settings that were given but do not apply to this command

    @property
    def footer(self) -> dict[str, str]:
        """The footer's data (overrides/partials/copyright.html): texts as written and the links made of them."""
        contact = self.contact
        return {
            "instansi": self.instansi,
            "alamat": contact.alamat or "",
            "telepon": contact.telepon or "",
            "email": contact.email or "",
            "situs": contact.situs or "",
            "telepon_uri": tel_uri(contact.telepon),
            "email_uri": mailto_uri(contact.email),
            "situs_uri": web_uri(contact.situs),
            "situs_label": web_label(contact.situs),
        }


def read_settings(
    config: Mapping[str, Any],
    config_file: Path,
    *,
    command: str = "build",
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings of the project whose mkdocs.yml is ``config_file`` and whose content is ``config``
    (MkDocs' own parsed config, or ``read_mkdocs_yml``). ``command`` is "build" or "serve"."""
    environ = os.environ if environ is None else environ
    root = config_file.resolve().parent
    reader = _Reader(config_file, root)
    extra = config.get("extra") or {}
    options = extra.get("katalog") if isinstance(extra, Mapping) else None
    options = reader.mapping(options, ("extra", "katalog"), "sumber: sops")
    reader.known_keys(options, ("extra", "katalog"), [option.name for option in OPTIONS])
    value = {option.name: reader.typed(options, option) for option in OPTIONS}
    docs_dir = root / str(config.get("docs_dir") or "docs")
    serving = command == "serve"
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, Mapping) else None
    site_url = str(config.get("site_url") or "")
    settings = Settings(
        root=root,
        docs_dir=docs_dir,
        sources=root / str(value["sumber"]),
        site_name=str(config.get("site_name") or "Katalog SOP"),
        site_description=str(config.get("site_description") or ""),
        base_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        directory_urls=bool(config.get("use_directory_urls", True)),
        language=str(language or "id"),
        instansi=" ".join(str(value["instansi"]).split()),
        logo=reader.logo(str(value["logo"]), docs_dir),
        contact=reader.contact(value["kontak"]),
        review_months=reader.months(value["tinjau_bulan"]),
        license=reader.license(value["lisensi"]),
        pdf=bool(value["pdf"]) and command == "build",
        drafts=reader.switch(environ, "KATALOG_SOP_DRAF", default=serving),
        maintainers=reader.switch(environ, "KATALOG_SOP_PRATINJAU", default=serving),
        serving=serving,
        today=reader.day(environ),
        only_opds=frozenset(s.strip() for s in environ.get("KATALOG_SOP_OPD", "").split(",") if s.strip())
        if serving
        else frozenset(),
    )
    if reader.problems:
        raise SettingsError(sorted(reader.problems))  # in the order of the file
    if not serving and environ.get("KATALOG_SOP_OPD", "").strip():
        notice = "KATALOG_SOP_OPD hanya berlaku untuk `mkdocs serve`; `mkdocs build` menerbitkan semua OPD."
        settings = replace(settings, notices=(notice,))
    return settings


def build_day(environ: Mapping[str, str] | None = None) -> dt.date:
    """The day the tools judge dates on, as a build would: today, or KATALOG_SOP_TANGGAL (SettingsError if bad)."""
    reader = _Reader(Path(CONFIG_NAME), Path.cwd())
    day = reader.day(os.environ if environ is None else environ)
    if reader.problems:
        raise SettingsError(reader.problems)
    return day


def load_settings(config_file: Path, *, command: str = "build", environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of a project, read from its mkdocs.yml without MkDocs (for the export and scripts)."""
    return read_settings(read_mkdocs_yml(config_file), config_file, command=command, environ=environ)


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' own tags (``!ENV``, ``!relative``, ``!!python/name:``): kept as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("!", _any_tag)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data; MkDocs' tags are kept as their written values, not run."""
    with config_file.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=_AnyTagLoader)  # a SafeLoader: constructs nothing new
    return data if isinstance(data, dict) else {}


class _Reader:
    """Checks the options one by one and keeps every problem, each at its line in mkdocs.yml."""

    def __init__(self, config_file: Path, root: Path) -> None:
        self.config_file = config_file
        self.shown = display_path(config_file.resolve(), root) if config_file.exists() else CONFIG_NAME
        self.problems: list[Problem] = []
        self._marks: dict[tuple[str, ...], tuple[int, int]] | None = None

    def fail(self, keys: tuple[str, ...], message: str) -> None:
        line, column = self._position(keys)
        self.problems.append(Problem(self.shown, line, column, message))

    def _position(self, keys: tuple[str, ...]) -> tuple[int, int]:
        """Where ``extra.katalog.<key>`` is written, or where its nearest written parent is; 1:1 if unknown."""
        if self._marks is None:
            self._marks = _key_marks(self.config_file)
        while keys and keys not in self._marks:
            keys = keys[:-1]
        return self._marks.get(keys, (1, 1))

    def mapping(self, value: Any, keys: tuple[str, ...], example: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(keys, f"`{'.'.join(keys)}` harus berisi pasangan kunci: nilai, mis. `{example}`.")
            return {}
        return dict(value)

    def known_keys(self, value: Mapping[str, Any], keys: tuple[str, ...], known: list[str]) -> None:
        for key in value:
            if str(key) in known:
                continue
            nearest = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"Maksud Anda `{nearest[0]}`? " if nearest else ""
            self.fail(
                (*keys, str(key)),
                f"kunci `{'.'.join(keys)}.{key}` tidak dikenal. {hint}Kunci yang dikenal: {', '.join(known)}.",
            )

    def typed(self, options: Mapping[str, Any], option: Option) -> Any:
        value = options.get(option.name)
        if value is None:
            return option.default
        wrong = not isinstance(value, option.kind) or (option.kind is int and isinstance(value, bool))
        if wrong:
            kinds = {str: "teks", int: "bilangan bulat", bool: "`true` atau `false`", dict: "pasangan kunci: nilai"}
            self.fail(
                ("extra", "katalog", option.name),
                f"`extra.katalog.{option.name}` harus {kinds[option.kind]} ({option.description}).",
            )
            return option.default
        return value

    def months(self, months: int) -> int:
        if not 1 <= months <= MAX_MONTHS:
            self.fail(
                ("extra", "katalog", "tinjau_bulan"),
                f"`extra.katalog.tinjau_bulan` harus bilangan bulat dari 1 sampai {MAX_MONTHS} (jumlah bulan), "
                f"mis. `12`; tertulis `{months}`.",
            )
            return DEFAULT_MONTHS
        return months

    def logo(self, logo: str, docs_dir: Path) -> str:
        """The logo printed on the official document: a file inside docs/, or none."""
        if logo and not (docs_dir / logo).is_file():
            self.fail(
                ("extra", "katalog", "logo"),
                f"`extra.katalog.logo` menunjuk {logo}, tetapi berkas docs/{logo} tidak ada. Simpan logo di folder "
                "docs/ (misalnya docs/assets/logo.svg) lalu tulis `logo: assets/logo.svg`.",
            )
            return ""
        return logo

    def license(self, chosen: dict[str, Any]) -> License:
        keys = ("extra", "katalog", "lisensi")
        self.known_keys(chosen, keys, list(LICENSE_KEYS))
        text: dict[str, str] = {}
        for key in LICENSE_KEYS:
            value = chosen.get(key)
            if value is not None and not isinstance(value, str):
                self.fail(
                    (*keys, key), f"`extra.katalog.lisensi.{key}` harus teks, mis. `{key}: {_LICENSE_EXAMPLE[key]}`."
                )
                value = None
            text[key] = " ".join(str(value or "").split())
        if text["url"] and not web_uri(text["url"]):
            self.fail(
                (*keys, "url"),
                f"`extra.katalog.lisensi.url` (`{text['url']}`) harus alamat lengkap yang diawali https:// atau "
                f"http://, mis. `{_LICENSE_EXAMPLE['url']}`.",
            )
            text["url"] = ""
        return License(nama=text["nama"], url=text["url"])

    def contact(self, contact: dict[str, Any]) -> Contact:
        keys = ("extra", "katalog", "kontak")
        self.known_keys(contact, keys, list(CONTACT_KEYS))
        text: dict[str, str] = {}
        for key in CONTACT_KEYS:
            value = contact.get(key)
            if value is not None and not isinstance(value, str):
                self.fail(
                    (*keys, key),
                    f"`extra.katalog.kontak.{key}` harus teks; apit dengan tanda kutip, mis. "
                    '`telepon: "(0721) 480000"` (tanpa kutip, angka 0 di depan bisa hilang).',
                )
                value = None
            text[key] = " ".join(str(value or "").split())
        if text["situs"] and not web_uri(text["situs"]):
            self.fail(
                (*keys, "situs"),
                f"`extra.katalog.kontak.situs` (`{text['situs']}`) harus alamat lengkap yang diawali https:// atau "
                "http://, mis. `https://contoh.go.id`.",
            )
            text["situs"] = ""
        if text["email"] and not mailto_uri(text["email"]):
            self.fail(
                (*keys, "email"),
                f"`extra.katalog.kontak.email` (`{text['email']}`) harus satu alamat email, mis. `info@contoh.go.id`.",
            )
            text["email"] = ""
        return Contact(**{key: value or None for key, value in text.items()})

    def switch(self, environ: Mapping[str, str], name: str, *, default: bool) -> bool:
        setting = environ.get(name)
        if setting is None or not setting.strip():
            return default
        chosen = setting.strip().lower()
        if chosen not in _YES | _NO:
            self.problems.append(
                Problem(f"${name}", 1, 1, f"{name}=`{setting}` tidak dikenal; tulis 1 (ya) atau 0 (tidak).")
            )
            return default
        return chosen in _YES

    def day(self, environ: Mapping[str, str]) -> dt.date:
        """Today, or the day in KATALOG_SOP_TANGGAL, as the day reviews are judged on."""
        chosen = environ.get("KATALOG_SOP_TANGGAL", "").strip()
        if not chosen:
            return dt.date.today()
        try:
            day = dt.date.fromisoformat(chosen)
            if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
                raise ValueError(chosen)
            return day
        except ValueError:
            self.problems.append(
                Problem(
                    "$KATALOG_SOP_TANGGAL",
                    1,
                    1,
                    f"KATALOG_SOP_TANGGAL `{chosen}` bukan tanggal antara 1900 dan 2100; tulis dengan format "
                    "YYYY-MM-DD, mis. 2026-01-31.",
                )
            )
            return dt.date.today()


def _key_marks(config_file: Path) -> dict[tuple[str, ...], tuple[int, int]]:
    """Line and column of every mapping key of mkdocs.yml, by its path of keys (composed, never constructed)."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    marks: dict[tuple[str, ...], tuple[int, int]] = {}

    def walk(node: yaml.Node | None, path: tuple[str, ...]) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                here = (*path, str(key.value))
                marks[here] = (key.start_mark.line + 1, key.start_mark.column + 1)
                walk(value, here)

    walk(root, ())
    return marks
