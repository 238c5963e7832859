"""When two nomor are the same nomor: after Unicode NFKC, without invisible characters, letters of
other alphabets that look like Latin ones read as those (confusable-homoglyphs, MIT), and letter case.

A catalogue where `470/SOP.01` and `470/sop.01`, or one with a Cyrillic `\\u0430`, a zero-width space, a
no-break space or full-width slashes, stand side by side has two SOPs that no reader can tell apart:
uniqueness is checked on this key, and the message shows where the two differ.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables


@cache
def _latin(character: str) -> str:
    """The Latin letter a character of another alphabet is drawn like, or the character itself."""
    if character.isascii() or not character.isalpha():
        return character
    found = confusables.is_confusable(character, preferred_aliases=["latin"], greedy=True)
    for entry in found or ():
        for glyph in entry.get("homoglyphs", ()):
            if glyph["c"].isascii():
                return glyph["c"]
    return character


def nomor_key(nomor: str) -> str:
    """The form two nomor are compared in (documented in the format guide)."""
    text = unicodedata.normalize("NFKC", nomor)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # zero-width and other invisible marks
    if not text.isascii():
        text = "".join(_latin(c) for c in text)
    return " ".join(text.casefold().split())


def _shown(character: str) -> str:
    if character.isascii() and character.isprintable() and character != " ":
        return f"`{character}`"
    name = unicodedata.name(character, "tanpa nama")
    return f"U+{ord(character):04X} ({name})"


def difference(written: str, other: str) -> str:
    """How two nomor with the same key differ, in words a maintainer can act on."""
    if written.casefold() == other.casefold():
        return "hanya berbeda huruf besar/kecil"
    odd = [c for c in dict.fromkeys(written + other) if not (c.isascii() and c.isprintable())]
    if odd:
        return (
            "berbeda pada karakter " + ", ".join(_shown(c) for c in odd[:4]) + " yang tampak sama atau tidak terlihat"
        )
    return "berbeda hanya pada spasi"
