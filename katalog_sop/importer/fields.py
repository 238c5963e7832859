"""The fields a signed document carries, as comparable values: for the round trip test and the benchmark.

Both sides are SOP source values (a YAML file as loaded, or what the importer assembled); targets
are resolved to step numbers (ids, defaults, `selesai`), so a source written with step ids and a
draft written with numbers compare equal when they draw the same flowchart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from katalog_sop.importer.assemble import LIST_KEYS
from katalog_sop.source.related import name_key

END = "selesai"


def _items(value: Any, names: dict[str, str] | None = None) -> tuple[str, ...]:
    """Items as text; a `sop:` reference, or (given ``names``: name key -> nomor) a text that names an
    SOP of the catalogue and so links to it, as ``sop:<nomor>``."""
    if value is None:
        return ()
    values = value if isinstance(value, list | tuple) else [value]
    found = []
    for item in values:
        if isinstance(item, dict) and "sop" in item:
            found.append(f"sop:{item['sop']}")
        elif names and name_key(str(item)) in names:
            found.append(f"sop:{names[name_key(str(item))]}")
        else:
            found.append(str(item))
    return tuple(found)


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else (str(value) if value else None)


def field_values(values: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    """``kunci`` (the report's dotted keys) -> value, for every field a document shows.

    ``names`` (name key -> nomor of the catalogue's SOPs) makes a related SOP written by name and
    the same SOP written by nomor compare equal: the page, and the printed document, show both alike."""
    fields: dict[str, Any] = {
        "nomor": values.get("nomor"),
        "nama": values.get("nama"),
        "tanggal_pembuatan": _date(values.get("tanggal_pembuatan")),
        "tanggal_revisi": _date(values.get("tanggal_revisi")),
        "tanggal_efektif": _date(values.get("tanggal_efektif")),
    }
    signer = values.get("disahkan_oleh") or {}
    for key in ("jabatan", "nama", "nip"):
        fields[f"disahkan_oleh.{key}"] = signer.get(key)
    for key in LIST_KEYS:
        fields[key] = _items(values.get(key), names if key == "keterkaitan" else None)
    fields["pelaksana"] = _items(values.get("pelaksana"))
    steps = values.get("kegiatan") or []
    ids = {str(s["id"]): n for n, s in enumerate(steps, start=1) if isinstance(s, dict) and s.get("id")}

    def target(value: Any) -> Any:
        if value == END:
            return END
        if isinstance(value, int):
            return value
        return ids.get(str(value), value)

    for number, step in enumerate(steps, start=1):
        key = f"kegiatan.{number}"
        fields[f"{key}.uraian"] = step.get("uraian")
        # A joint step's actors as a set: the document shows columns, not the order they were written in.
        fields[f"{key}.pelaksana"] = tuple(sorted(_items(step.get("pelaksana"))))
        for name in ("kelengkapan", "output"):
            fields[f"{key}.{name}"] = _items(step.get(name))
        fields[f"{key}.waktu"] = str(step["waktu"]) if step.get("waktu") is not None else None
        fields[f"{key}.keterangan"] = step.get("keterangan")
        decision = step.get("keputusan")
        if decision:
            if "cabang" in decision:
                outcomes = tuple((str(c["label"]), target(c["ke"])) for c in decision["cabang"])
            else:
                outcomes = (("Ya", target(decision.get("ya"))), ("Tidak", target(decision.get("tidak"))))
            fields[f"{key}.keputusan"] = (decision.get("pertanyaan") or step.get("uraian"), outcomes)
        else:
            default = number + 1 if number < len(steps) else END
            following = step.get("lanjut", default)
            nexts = following if isinstance(following, list) else [following]
            # A fork as a set of targets: a document draws arrows, not the order they were written in.
            fields[f"{key}.lanjut"] = tuple(sorted((target(t) for t in nexts), key=str))
    return fields


def covered(key: str, doubt_keys: set[str]) -> bool:
    """A doubt at ``kegiatan.4`` covers every field of step 4; one at a field covers that field."""
    parts = key.split(".")
    return any(".".join(parts[:n]) in doubt_keys for n in range(1, len(parts) + 1))


def score(expected: dict[str, Any], got: dict[str, Any], doubt_keys: set[str]) -> tuple[int, int, int, list[str]]:
    """(fields, exact, wrong and not doubted, the keys of those) for one document."""
    wanted = field_values(expected)
    found = field_values(got)
    keys = [k for k, v in wanted.items() if v not in (None, ())] + [
        k for k, v in found.items() if v not in (None, ()) and wanted.get(k) in (None, ())
    ]
    exact = 0
    silent: list[str] = []
    for key in keys:
        if wanted.get(key) == found.get(key):
            exact += 1
        elif not covered(key, doubt_keys):
            silent.append(key)
    return len(keys), exact, len(silent), silent
