"""`keterkaitan` written as text: linked to the SOP of exactly that name.

Signed documents cite related SOPs by title, not by nomor. A text that is the
name of exactly one other SOP (letter case, repeated spaces and a leading
"SOP " ignored) becomes a link, and so a backlink on that SOP's page. A text
that is only close to a name is left as text, with a hint for the build log:
a typo there is worth a look, not a failed build.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from katalog_sop.catalog.model import Related, Sop
from katalog_sop.source.schema import Located

HINT_CUTOFF = 0.88  # difflib ratio above which a text is "close" to a name
_CANDIDATES = 20  # names sharing the most words, compared in full with difflib
_LEADING_SOP = re.compile(r"^sop\s+")


def name_key(text: str) -> str:
    """The form two names are compared in: case-folded, single spaces, without a leading ``SOP``."""
    return _LEADING_SOP.sub("", " ".join(text.casefold().split()))


@dataclass(frozen=True)
class NameHint:
    """A `keterkaitan` text close to, but not exactly, the name of an SOP."""

    sop: Sop  # the SOP that wrote the text
    at: Located  # the text item
    close_to: Sop


class NameIndex:
    """The catalogue's SOP names, for exact lookups and close matches."""

    def __init__(self, sops: Iterable[Sop]) -> None:
        self.by_key: dict[str, list[Sop]] = {}
        for sop in sops:
            self.by_key.setdefault(name_key(sop.nama), []).append(sop)
        self._close: dict[str, str | None] = {}
        self._by_word: dict[str, list[str]] = {}
        for key in self.by_key:
            for word in set(key.split()):
                self._by_word.setdefault(word, []).append(key)

    def exact(self, text: str, writer: Sop) -> Sop | None:
        """The one SOP named ``text``; None when there is none, two, or only the writer itself."""
        found = self.by_key.get(name_key(text), [])
        return found[0] if len(found) == 1 and found[0] is not writer else None

    def close(self, text: str, writer: Sop) -> Sop | None:
        """A single SOP whose name is nearly ``text`` (not exactly, not the writer's own)."""
        key = name_key(text)
        if key in self.by_key:
            return None
        if key not in self._close:  # the same text is often cited by many SOPs
            self._close[key] = self._closest(key)
        match = self._close[key]
        found = self.by_key.get(match, []) if match else []
        return found[0] if len(found) == 1 and found[0] is not writer else None

    def _closest(self, key: str) -> str | None:
        shared = Counter(other for word in set(key.split()) for other in self._by_word.get(word, ()))
        candidates = [other for other, _count in shared.most_common(_CANDIDATES)]
        matches = difflib.get_close_matches(key, candidates, n=1, cutoff=HINT_CUTOFF)
        return matches[0] if matches else None


def link_by_name(sops: Sequence[Sop], texts: dict[str, Sequence[Located]]) -> tuple[list[Sop], list[NameHint]]:
    """Each SOP with its text items that name exactly one other SOP given that SOP's nomor.

    ``texts`` maps an SOP's key to the located text items of its `keterkaitan`,
    in order, for the hints' positions.
    """
    index = NameIndex(sops)
    linked: list[Sop] = []
    hints: list[NameHint] = []
    for sop in sops:
        located = iter(texts.get(sop.key, ()))
        items: list[Related] = []
        changed = False
        for item in sop.keterkaitan:
            if item.nomor is not None or item.text is None:
                items.append(item)
                continue
            at = next(located, None)
            target = index.exact(item.text, sop)
            if target is not None:
                items.append(Related(text=item.text, nomor=target.nomor))
                changed = True
                continue
            items.append(item)
            close = index.close(item.text, sop)
            if close is not None and at is not None:
                hints.append(NameHint(sop, at, close))
        linked.append(replace(sop, keterkaitan=tuple(items)) if changed else sop)
    return linked, hints
