"""The site's own stylesheet and scripts are sent minified.

That they still work is what the browser tests show: every site they open serves the minified files
(search in tests/site/test_search.py, the diagram in tests/site/test_mermaid_lazy.py, print in test_cetak.py).
"""

from __future__ import annotations

import pytest

from katalog_sop.publish.publication import _assets
from katalog_sop.static import OWN_ASSETS, minified


@pytest.mark.parametrize("uri", sorted(OWN_ASSETS))
def test_own_asset_is_sent_minified(uri: str) -> None:
    source = OWN_ASSETS[uri]
    text, sent = source.read_text(encoding="utf-8"), minified(source)
    assert "/*" in text  # the readable file explains itself ...
    assert "/*" not in sent and "\n  " not in sent  # ... the sent one carries no comment and no indentation
    assert len(sent) < 0.8 * len(text)
    published = {item.uri: item for item in _assets()}[uri]
    assert published.content == sent and published.path is None


def test_minified_stylesheet_keeps_every_rule() -> None:
    source = next(path for uri, path in OWN_ASSETS.items() if uri.endswith(".css"))
    text, sent = source.read_text(encoding="utf-8"), minified(source)
    assert text.count("{") == sent.count("{") and text.count("}") == sent.count("}")
    assert "@media screen{.md-typeset .sop-bagan,.md-typeset .sop-kegiatan{content-visibility:auto;" in sent
