"""The theme's output of the generated pages, kept between builds (the ``tema`` namespace of katalog_sop.cache).

An engine puts every page through its theme (header, navigation, footer around the body): at 5,000 SOPs that
is as long as rendering the bodies. When a page's body comes out the same as in an earlier build, so does the
themed page, provided nothing else the theme reads changed: the engine's settings, the theme and its
overrides, the navigation, the page's own address, title, table of contents and neighbours. The engine's
adapter names those facts (``build_parts`` once per build, ``page_parts`` per page); this cache turns them into
keys and keeps the output under them. A fact it does not name is a fact that cannot make a page stale only if
it is in one of the named ones: an adapter names too much rather than too little (a needless miss costs one
render; a stale hit would publish a wrong page), and tests/site/test_render_cache.py compares warm builds with
builds without the cache after changes to each.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from katalog_sop import cache

# Another shape of the parts or of the entries means other keys.
FORMAT = "keluaran-tema-2"
_WHOLE = b"\xff" * 8  # the length field of an entry that holds the whole output (the body was not found in it)


class ThemeOutputCache:
    """The themed pages of earlier builds, by the key of everything the theme shows on them."""

    def __init__(self, store: cache.Store, build_parts: Iterable[str]) -> None:
        self.store = store
        self.build_key = cache.digest(FORMAT, cache.package_digest(), *build_parts)

    def key(self, page_parts: Iterable[str], body: bytes | str) -> str:
        """The key of a page: ``page_parts`` and its body (its text, or the bytes it is kept in)."""
        return cache.digest(self.build_key, *page_parts, body)

    def get(self, key: str, body: str) -> str | None:
        """The themed page, or None. An entry holds the theme's part around the body only (a third of the
        page): the body is the one this key was made from."""
        content = self.store.get(key)
        if content is None:
            return None
        try:
            around = zlib.decompress(content[8:]).decode("utf-8", "surrogatepass")
        except (zlib.error, UnicodeDecodeError):  # the checksum held but the content does not: rendered again
            return None
        if content[:8] == _WHOLE:
            return around
        split = int.from_bytes(content[:8], "little")
        if split > len(around):
            return None
        return around[:split] + body + around[split:]

    def put(self, key: str, output: str, body: str) -> None:
        at = output.find(body) if body else -1
        if at < 0 or output.find(body, at + 1) >= 0:  # not there, or twice: which one is the body is unknown
            head, around = _WHOLE, output
        else:
            head, around = at.to_bytes(8, "little"), output[:at] + output[at + len(body) :]
        self.store.put(key, head + zlib.compress(around.encode("utf-8", "surrogatepass"), 1))
