"""The clash rule: a hand-written file of docs/ may not take the place of a generated page or file.

Engine-free, and the one rule every writer applies (the MkDocs hook, the export). A file of docs/ clashes
with a generated one when both have the same source path, or when the engine writes both to the same place
(`docs/dpmptsp.md` and the generated `dpmptsp/index.md` are both the page `dpmptsp/`). Two generated items
in one place are a fault of the sources, reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from katalog_sop.problems import Problem, display_path

if TYPE_CHECKING:  # no cycle at run time: publication.py needs nothing from here
    from katalog_sop.publish.publication import Publication


class GeneratedTwiceError(Exception):
    """Two generated pages or files are written to the same place: the message names both sources."""


@dataclass(frozen=True)
class Clash:
    """A file of docs/ in the place of a generated page or file."""

    own_uri: str  # the file's path in docs/, as the engine names it
    own: str  # the same file as the maintainer sees it in the repository (`docs/dpmptsp.md`)
    what: str  # the generated page or file, as the maintainer knows it
    address: str  # where both would be served: `/dpmptsp/`
    output: str  # where both would be written in the site folder: `dpmptsp/index.html`

    @property
    def message(self) -> str:
        return (
            f"bentrok dengan {self.what}: keduanya menjadi `{self.address}` (`{self.output}`). "
            f"Ganti nama atau pindahkan `{self.own}` (misalnya ke subfolder lain di docs/), karena halaman "
            "itu dibuat otomatis."
        )

    @property
    def problem(self) -> Problem:
        """The clash at the hand-written file, as the build log and the problem page list it."""
        return Problem(self.own, 1, 1, self.message)

    def __str__(self) -> str:
        return f"{self.own} {self.message}"


def find_clashes(publication: Publication, own: Mapping[str, str]) -> list[Clash]:
    """Every clash of the publication with the hand-written files ``own`` ({uri in docs/: the output path the
    engine gives it}), each hand-written file once, in the publication's order. Raises GeneratedTwiceError."""
    urls = publication.urls
    by_output = {output: uri for uri, output in own.items()}
    made: dict[str, Callable[[], str]] = {}  # output -> what makes it, said only when needed
    found: dict[str, Clash] = {}
    for uri, what in _generated(publication):
        is_page = uri.endswith(".md")
        output = urls.page_file(uri) if is_page else uri
        clashing = uri if uri in own else by_output.get(output)
        if clashing is not None and clashing not in found:
            shown = display_path(publication.settings.docs_dir / clashing, publication.settings.root)
            address = "/" + (urls.page_url(uri) if is_page else uri)
            found[clashing] = Clash(clashing, shown, what(), address, output)
        earlier = made.get(output)
        if earlier is not None:
            raise GeneratedTwiceError(
                f"{what()} dan {earlier()} sama-sama menjadi `{output}`; ganti nama salah satu sumbernya."
            )
        made[output] = what
    return list(found.values())


def _generated(publication: Publication) -> Iterator[tuple[str, Callable[[], str]]]:
    """Each generated page and file: its uri, and what makes it (said only on a clash: it reads the path)."""
    for page in publication.pages:
        yield page.src_uri, lambda page=page: publication.what(page)
    for item in publication.files:
        yield item.uri, lambda item=item: item.what
