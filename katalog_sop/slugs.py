"""The one slug function: a name (an OPD's, an SOP's) as an address part, ``a-z``, ``0-9`` and ``-`` only.

Built on python-slugify, whose transliteration folds every letter to ASCII (``ß`` becomes ``ss``,
``Ł`` ``l``, Cyrillic and Greek are spelled out), so a suggested folder or file name is always one the
validator accepts (``SLUG_PATTERN``). HTML entities are left as text (a name is not HTML), and a comma
between digits separates them as any other punctuation does (``1,5`` is ``1-5``, not ``15``), as before
the library was used.
"""

from __future__ import annotations

from slugify import slugify as _library_slugify

EMPTY = "nama-opd"
"""What a name with no letter or digit at all becomes (``???``): still a valid slug, to be edited."""


def slugify(name: str, empty: str = EMPTY) -> str:
    """``name`` lowercased and folded to ASCII, every run of other characters one ``-``, none at either end."""
    slug = _library_slugify(name, entities=False, decimal=False, hexadecimal=False, replacements=[(",", "-")])
    return slug or empty
