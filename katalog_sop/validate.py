"""Stage 2: check one source file against SOP-FORMAT.md and build its model.

Structural checks come from ``schema``; this module adds the rules that relate
fields to each other (dates, pelaksana, step targets, reachability). Rules that
span files (unique nomor, references) live in ``build``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from katalog_sop import flow
from katalog_sop.load import SourceDocument
from katalog_sop.model import (
    END,
    Contact,
    Decision,
    Opd,
    Related,
    Revision,
    Signatory,
    Sop,
    Step,
)
from katalog_sop.problems import Problem
from katalog_sop.schema import END_TARGET, OPD_RECORD, SOP_RECORD, Located, Reader


@dataclass(frozen=True)
class CheckedSop:
    """A valid SOP plus the places that checks across files point at."""

    sop: Sop
    nomor_at: Located
    references: tuple[Located, ...]  # Located(nomor) of each `sop:` reference
    aliases: tuple[Located, ...] = ()  # each old address in `alias`


def read_opd(doc: SourceDocument, slug: str) -> tuple[Opd | None, list[Problem]]:
    reader = Reader(doc.display_path)
    if doc.root is None:
        reader.report(None, "`_opd.yml` kosong; sedikitnya tulis `nama: <nama OPD>`.")
        return None, reader.problems
    values = OPD_RECORD.read(doc.root, reader, "_opd.yml")
    if reader.problems:
        return None, reader.problems
    kontak = _plain(values.get("kontak"), {})
    opd = Opd(
        slug=slug,
        nama=values["nama"].value,
        source=doc.path,
        singkatan=_plain(values.get("singkatan")),
        urutan=_plain(values.get("urutan")),
        deskripsi=_plain(values.get("deskripsi")),
        kontak=Contact(**{key: located.value for key, located in kontak.items()}),
        pemilik=_texts(values.get("pemilik")),
    )
    return opd, []


def read_sop(doc: SourceDocument, opd_slug: str, slug: str) -> tuple[CheckedSop | None, list[Problem]]:
    reader = Reader(doc.display_path)
    if doc.root is None:
        reader.report(None, "berkas SOP kosong; salin contoh dari SOP-FORMAT.md lalu isi.")
        return None, reader.problems
    values = SOP_RECORD.read(doc.root, reader, "SOP")
    if not isinstance(values, dict):
        return None, reader.problems
    _check_dates(values, reader)
    pelaksana = _check_pelaksana_list(values.get("pelaksana"), reader)
    steps = _read_steps(values.get("kegiatan"), pelaksana, reader)
    if reader.problems or steps is None:
        return None, reader.problems

    references = tuple(
        item.value["sop"] for item in _plain(values.get("keterkaitan"), []) if isinstance(item.value, dict)
    )
    signatory = values["disahkan_oleh"].value
    sop = Sop(
        opd_slug=opd_slug,
        slug=slug,
        source=doc.path,
        nomor=values["nomor"].value,
        nama=values["nama"].value,
        jenis=_plain(values.get("jenis"), "administratif"),
        status=_plain(values.get("status"), "berlaku"),
        unit_kerja=_plain(values.get("unit_kerja")),
        tanggal_pembuatan=values["tanggal_pembuatan"].value,
        tanggal_revisi=_plain(values.get("tanggal_revisi")),
        tanggal_efektif=values["tanggal_efektif"].value,
        tinjau_ulang=_plain(values.get("tinjau_ulang")),
        disahkan_oleh=Signatory(
            jabatan=signatory["jabatan"].value,
            nama=signatory["nama"].value,
            nip=_plain(signatory.get("nip")),
        ),
        dasar_hukum=_texts(values.get("dasar_hukum")),
        kualifikasi_pelaksana=_texts(values.get("kualifikasi_pelaksana")),
        keterkaitan=tuple(
            Related(nomor=item.value["sop"].value) if isinstance(item.value, dict) else Related(text=item.value)
            for item in _plain(values.get("keterkaitan"), [])
        ),
        peralatan_perlengkapan=_texts(values.get("peralatan_perlengkapan")),
        peringatan=_texts(values.get("peringatan")),
        pencatatan_pendataan=_texts(values.get("pencatatan_pendataan")),
        kata_kunci=_texts(values.get("kata_kunci")),
        riwayat=tuple(
            Revision(tanggal=item.value["tanggal"].value, catatan=item.value["catatan"].value)
            for item in _plain(values.get("riwayat"), [])
        ),
        pelaksana=tuple(item.value for item in pelaksana),
        kegiatan=steps,
        alias=_texts(values.get("alias")),
    )
    return CheckedSop(sop, values["nomor"], references, tuple(_plain(values.get("alias"), []))), []


def _plain(located: Located | None, default: Any = None) -> Any:
    return default if located is None else located.value


def _texts(located: Located | None) -> tuple[str, ...]:
    return tuple(item.value for item in _plain(located, []))


def _check_dates(values: dict[str, Located], reader: Reader) -> None:
    made = values.get("tanggal_pembuatan")
    if made is None:
        return
    for key, relation in (
        ("tanggal_efektif", "berlaku"),
        ("tanggal_revisi", "direvisi"),
        ("tinjau_ulang", "ditinjau ulang"),
    ):
        other = values.get(key)
        if other is not None and other.value < made.value:
            reader.report(
                other,
                f"`{key}` ({other.value.isoformat()}) lebih awal dari `tanggal_pembuatan` "
                f"({made.value.isoformat()}); SOP tidak dapat {relation} sebelum dibuat. Periksa kedua tanggal.",
            )


def _check_pelaksana_list(located: Located | None, reader: Reader) -> list[Located]:
    """The listed pelaksana, each once (a repeat is reported)."""
    unique: dict[str, Located] = {}
    for item in _plain(located, []):
        if item.value in unique:
            reader.report(item, f"pelaksana `{item.value}` ditulis dua kali di `pelaksana`; hapus salah satunya.")
        else:
            unique[item.value] = item
    return list(unique.values())


def _read_steps(located: Located | None, pelaksana: list[Located], reader: Reader) -> tuple[Step, ...] | None:
    """Resolve targets and symbols; report every rule about steps."""
    if located is None:
        return None
    raw_steps: list[Located] = located.value
    count = len(raw_steps)
    ids: dict[str, int] = {}
    for number, raw in enumerate(raw_steps, start=1):
        step_id = raw.value.get("id")
        if step_id is None:
            continue
        if step_id.value == END_TARGET or step_id.value.isdigit():
            reader.report(
                step_id,
                f"`id` `{step_id.value}` tidak boleh dipakai (bentrok dengan nomor atau `selesai`); "
                "pakai nama pendek seperti `periksa-berkas`.",
            )
        elif step_id.value in ids:
            reader.report(
                step_id, f"`id` `{step_id.value}` sudah dipakai langkah {ids[step_id.value]}; setiap id harus unik."
            )
        else:
            ids[step_id.value] = number

    def resolve(target: Located, key: str, number: int) -> int | None:
        value = target.value
        if value == END_TARGET:
            return END
        if isinstance(value, int):
            if 1 <= value <= count:
                return value
            reader.report(target, f"`{key}` menuju langkah {value}, padahal langkah hanya 1 sampai {count}.")
            return None
        if value in ids:
            return ids[value]
        hint = difflib.get_close_matches(value, ids, n=1)
        suggestion = (
            f" Apakah maksud Anda `{hint[0]}`?"
            if hint
            else " Tambahkan `id: " + value + "` pada langkah tujuan, atau tulis nomor langkahnya."
        )
        reader.report(target, f"`{key}` menuju id `{value}` yang tidak ada di SOP ini.{suggestion}")
        return None

    names = [item.value for item in pelaksana]
    used_pelaksana: set[str] = set()
    edges: dict[int, list[int]] = {}
    resolved: list[dict[str, Any]] = []
    for number, raw in enumerate(raw_steps, start=1):
        fields: dict[str, Located] = raw.value
        actor = fields.get("pelaksana")
        if actor is not None:
            used_pelaksana.add(actor.value)
            if names and actor.value not in names:
                close = difflib.get_close_matches(actor.value, names, n=1)
                hint = (
                    f" Apakah maksud Anda `{close[0]}`?"
                    if close
                    else f" Tambahkan `{actor.value}` ke daftar `pelaksana`."
                )
                reader.report(
                    actor, f"pelaksana `{actor.value}` pada langkah {number} tidak ada di daftar `pelaksana`.{hint}"
                )
        decision = fields.get("keputusan")
        entry: dict[str, Any] = {"fields": fields, "decision": None, "next": None}
        if decision is not None:
            if "lanjut" in fields:
                reader.report(
                    fields["lanjut"],
                    f"langkah {number} adalah keputusan; arahnya ditentukan `ya` dan `tidak`, "
                    "bukan `lanjut`. Hapus `lanjut`.",
                )
            branches = decision.value
            ya = resolve(branches["ya"], "ya", number) if "ya" in branches else None
            tidak = resolve(branches["tidak"], "tidak", number) if "tidak" in branches else None
            if ya is not None and ya == tidak:
                reader.report(
                    decision,
                    f"`ya` dan `tidak` pada langkah {number} menuju tempat yang sama; "
                    "sebuah keputusan harus bercabang ke dua tujuan berbeda.",
                )
            if ya is not None and tidak is not None:
                entry["decision"] = (ya, tidak)
                edges[number] = [ya, tidak]
        else:
            target = fields.get("lanjut")
            following = (
                resolve(target, "lanjut", number) if target is not None else (number + 1 if number < count else END)
            )
            if following is not None:
                entry["next"] = following
                edges[number] = [following]
        resolved.append(entry)

    for listed in pelaksana:
        if listed.value not in used_pelaksana:
            reader.report(
                listed,
                f"pelaksana `{listed.value}` ada di daftar `pelaksana` tetapi tidak melakukan satu langkah "
                "pun; hapus dari daftar atau tetapkan sebagai pelaksana sebuah langkah.",
            )

    if reader.problems or len(edges) != count:
        return None
    reachable = flow.reachable_from_start(edges)
    finishing = flow.reaching_end(edges)
    for number, raw in enumerate(raw_steps, start=1):
        if number not in reachable:
            reader.report(
                raw,
                f"langkah {number} tidak pernah dicapai dari langkah 1; arahkan `lanjut`, `ya` atau `tidak` "
                "sebuah langkah ke langkah ini, atau hapus langkah ini.",
            )
        elif number not in finishing:
            reader.report(
                raw,
                f"dari langkah {number} alur berputar terus dan tidak pernah sampai `selesai`; arahkan salah "
                "satu cabang ke langkah berikutnya atau ke `selesai`.",
            )
    if reader.problems:
        return None

    steps = []
    for number, entry in enumerate(resolved, start=1):
        fields = entry["fields"]
        decision_fields = _plain(fields.get("keputusan"))
        keputusan = None
        if entry["decision"] is not None:
            pertanyaan = _plain(decision_fields.get("pertanyaan")) or fields["uraian"].value
            keputusan = Decision(pertanyaan, *entry["decision"])
        steps.append(
            Step(
                number=number,
                id=_plain(fields.get("id")),
                uraian=fields["uraian"].value,
                pelaksana=fields["pelaksana"].value,
                symbol=flow.symbol_for(number, keputusan is not None, entry["next"]),
                next=entry["next"],
                kelengkapan=_texts(fields.get("kelengkapan")),
                waktu=_plain(fields.get("waktu")),
                output=_plain(fields.get("output")),
                keterangan=_plain(fields.get("keterangan")),
                keputusan=keputusan,
            )
        )
    return tuple(steps)
