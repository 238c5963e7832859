"""What the catalogue changes in the engine's configuration, as data: each writer applies it in its own form.

The MkDocs hook applies it to the loaded config, the export writes it into the exported mkdocs.yml; both get
the same scripts and stylesheets on every page, the same footer, and the same public view (no repository or
edit link: those are the maintainers' tools).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from katalog_sop.settings import Settings
from katalog_sop.static import PAGE_SCRIPTS, PAGE_STYLESHEETS

# mkdocs.yml keys the public site goes without: the repository link and the edit pencil.
MAINTAINER_KEYS = ("repo_url", "repo_name", "edit_uri", "edit_uri_template")
FOOTER_KEY = "katalog_kaki"  # extra.katalog_kaki, read by overrides/partials/copyright.html


@dataclass(frozen=True)
class ConfigPatch:
    """The changes to an engine's config for one build."""

    scripts: tuple[tuple[str, bool], ...]  # (uri, defer) on every page, after the project's own
    stylesheets: tuple[str, ...]
    extra: dict[str, Any]  # set under ``extra``
    removed: tuple[str, ...]  # keys the site must not have

    def scripts_to_add(self, listed: Iterable[str]) -> list[tuple[str, bool]]:
        """The scripts the project does not list yet (by path), in order."""
        return _missing(self.scripts, listed)

    def stylesheets_to_add(self, listed: Iterable[str]) -> list[str]:
        return [uri for uri, _ in _missing([(uri, False) for uri in self.stylesheets], listed)]


def config_patch(settings: Settings) -> ConfigPatch:
    """The patch these settings ask for."""
    return ConfigPatch(
        scripts=tuple(PAGE_SCRIPTS),
        stylesheets=tuple(PAGE_STYLESHEETS),
        extra={FOOTER_KEY: settings.footer},
        removed=() if settings.maintainers else MAINTAINER_KEYS,
    )


def _missing(wanted: Iterable[tuple[str, bool]], listed: Iterable[str]) -> list[tuple[str, bool]]:
    present = set(listed)
    return [(uri, flag) for uri, flag in wanted if uri not in present]
