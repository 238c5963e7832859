"""Check one source file against the format guide (site/panduan/format-sumber.md) and build its model.

Structural checks come from ``schema``; this module adds the rules that relate
fields to each other (dates, pelaksana, step targets, reachability). Rules that
span files (unique nomor, references) live in ``build``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml

from katalog_sop.catalog import flow
from katalog_sop.catalog.model import (
    END,
    Contact,
    Decision,
    Layanan,
    Opd,
    Outcome,
    Related,
    Revision,
    Signatory,
    Sop,
    Status,
    Step,
)
from katalog_sop.problems import Problem, excerpt
from katalog_sop.source.load import SourceDocument
from katalog_sop.source.schema import END_TARGET, OPD_RECORD, SOP_RECORD, Located, Reader


@dataclass(frozen=True)
class CheckedSop:
    """A valid SOP plus the places that checks across files point at."""

    sop: Sop
    nomor_at: Located
    references: tuple[Located, ...]  # Located(nomor) of each `sop:` reference
    aliases: tuple[Located, ...] = ()  # each old address in `alias`
    related_texts: tuple[Located, ...] = ()  # each plain-text `keterkaitan` item, for linking by name


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
    """The checked SOP of one file, or None, and the file's problems.

    A file whose only problems are in its `alias` list is still returned, with
    those problems and its valid aliases: the checks across files (an old
    address taken by another SOP, or a page that exists) still run on them, so
    that every alias problem is reported in one run.
    """
    reader = Reader(doc.display_path)
    if doc.root is None:
        reader.report(
            None,
            "berkas SOP kosong; salin contoh dari panduan format sumber "
            "(katalog_sop/site/panduan/format-sumber.md, di situs: halaman skema/) atau jalankan `scripts/new_sop.py`, "
            "lalu isi.",
        )
        return None, reader.problems
    values = SOP_RECORD.read(doc.root, reader, "SOP")
    if not isinstance(values, dict):
        return None, reader.problems
    aliases = _check_alias_list(values.get("alias"), reader)
    alias_problems = _take_problems_in(_value_node(doc.root, "alias"), reader)
    _check_dates(values, reader)
    pelaksana = _check_pelaksana_list(values.get("pelaksana"), reader)
    steps = _read_steps(values.get("kegiatan"), pelaksana, reader)
    if reader.problems or steps is None:
        return None, sorted(reader.problems + alias_problems)

    references = tuple(
        item.value["sop"] for item in _plain(values.get("keterkaitan"), []) if isinstance(item.value, dict)
    )
    sop = _sop(doc, values, opd_slug, slug, pelaksana, steps)
    related_texts = tuple(item for item in _plain(values.get("keterkaitan"), []) if isinstance(item.value, str))
    return CheckedSop(sop, values["nomor"], references, aliases, related_texts), alias_problems


def _sop(
    doc: SourceDocument,
    values: dict[str, Located],
    opd_slug: str,
    slug: str,
    pelaksana: list[Located],
    steps: tuple[Step, ...],
) -> Sop:
    """The model of a file whose every value is checked: plain values, defaults for the optional keys."""
    signatory = values["disahkan_oleh"].value
    return Sop(
        opd_slug=opd_slug,
        slug=slug,
        source=doc.path,
        nomor=values["nomor"].value,
        nama=values["nama"].value,
        jenis=_plain(values.get("jenis"), "administratif"),
        status=Status(_plain(values.get("status"), Status.IN_FORCE)),
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
        layanan=_layanan(values.get("layanan")),
    )


def _value_node(root: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((value for key_node, value in root.value if key_node.value == key), None)


def _take_problems_in(node: yaml.Node | None, reader: Reader) -> list[Problem]:
    """Remove from ``reader`` and return the problems reported inside ``node``."""
    if node is None:
        return []
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    end = (node.end_mark.line + 1, node.end_mark.column + 1)
    inside = [p for p in reader.problems if start <= (p.line, p.column) < end]
    reader.problems = [p for p in reader.problems if p not in inside]
    return inside


def _check_alias_list(located: Located | None, reader: Reader) -> tuple[Located, ...]:
    """The old addresses, each once (a repeat is reported)."""
    unique: dict[str, Located] = {}
    for item in _plain(located, []):
        if item.value in unique:
            reader.report(
                item,
                f"`alias` `{excerpt(item.value)}` ditulis dua kali (pertama di baris {unique[item.value].line}); "
                "hapus salah satunya.",
            )
        else:
            unique[item.value] = item
    return tuple(unique.values())


def _layanan(located: Located | None) -> Layanan | None:
    fields: dict[str, Located] = _plain(located, {})
    if not fields:
        return None
    return Layanan(
        persyaratan=_texts(fields.get("persyaratan")),
        biaya=_plain(fields.get("biaya")),
        waktu_penyelesaian=_plain(fields.get("waktu_penyelesaian")),
        produk=_texts(fields.get("produk")),
        tempat=_plain(fields.get("tempat")),
        jam_layanan=_plain(fields.get("jam_layanan")),
        pengaduan=_texts(fields.get("pengaduan")),
    )


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
            reader.report(
                item, f"pelaksana `{excerpt(item.value)}` ditulis dua kali di `pelaksana`; hapus salah satunya."
            )
        else:
            unique[item.value] = item
    return list(unique.values())


def _read_steps(located: Located | None, pelaksana: list[Located], reader: Reader) -> tuple[Step, ...] | None:
    """Resolve actors, targets and symbols; report every rule about steps."""
    if located is None:
        return None
    raw_steps: list[Located] = located.value
    resolver = _TargetResolver(reader, len(raw_steps), _step_ids(raw_steps, reader))
    names = [item.value for item in pelaksana]
    taking_part: set[str] = set()
    read: list[_ReadStep] = []
    for number, raw in enumerate(raw_steps, start=1):
        fields: dict[str, Located] = raw.value
        actors = _read_actors(fields.get("pelaksana"), names, number, reader)
        taking_part.update(actors)
        read.append(_ReadStep(number, fields, actors, *_read_exits(fields, number, resolver, reader)))
    for listed in pelaksana:
        if listed.value not in taking_part:
            reader.report(
                listed,
                f"pelaksana `{excerpt(listed.value)}` ada di daftar `pelaksana` tetapi tidak melakukan satu langkah "
                "pun; hapus dari daftar atau tetapkan sebagai pelaksana sebuah langkah (langkah bersama juga "
                "dihitung).",
            )
    if reader.problems or any(step.targets is None for step in read):
        return None
    _check_paths(raw_steps, {step.number: step.targets or () for step in read}, reader)
    if reader.problems:
        return None
    return tuple(step.model() for step in read)


@dataclass(frozen=True)
class _ReadStep:
    """One step between reading and the model: its fields, actors and resolved exits."""

    number: int
    fields: dict[str, Located]
    actors: tuple[str, ...]
    targets: tuple[int, ...] | None  # every exit, in order; None when one could not be resolved
    outcomes: tuple[Outcome, ...] | None  # a decision's labelled exits; None for a process step

    def model(self) -> Step:
        fields = self.fields
        keputusan = None
        if self.outcomes is not None:
            decision_fields = fields["keputusan"].value
            pertanyaan = _plain(decision_fields.get("pertanyaan")) or fields["uraian"].value
            keputusan = Decision(pertanyaan, self.outcomes)
        following = () if keputusan is not None else self.targets or ()
        return Step(
            number=self.number,
            id=_plain(fields.get("id")),
            uraian=fields["uraian"].value,
            pelaksana=self.actors,
            symbol=flow.symbol_for(self.number, keputusan is not None, following),
            next=following,
            kelengkapan=_texts(fields.get("kelengkapan")),
            waktu=_plain(fields.get("waktu")),
            output=_texts(fields.get("output")),
            keterangan=_plain(fields.get("keterangan")),
            keputusan=keputusan,
        )


def _step_ids(raw_steps: list[Located], reader: Reader) -> dict[str, int]:
    """Step id -> step number; a reserved or repeated id is reported."""
    ids: dict[str, int] = {}
    for number, raw in enumerate(raw_steps, start=1):
        step_id = raw.value.get("id")
        if step_id is None:
            continue
        if step_id.value == END_TARGET or step_id.value.isdigit():
            reader.report(
                step_id,
                f"`id` `{excerpt(step_id.value)}` tidak boleh dipakai (bentrok dengan nomor atau `selesai`); "
                "pakai nama pendek seperti `periksa-berkas`.",
            )
        elif step_id.value in ids:
            reader.report(
                step_id,
                f"`id` `{excerpt(step_id.value)}` sudah dipakai langkah {ids[step_id.value]}; setiap id harus unik.",
            )
        else:
            ids[step_id.value] = number
    return ids


@dataclass(frozen=True)
class _TargetResolver:
    """Turns a written target (number, id or `selesai`) into a step number, reporting what does not exist."""

    reader: Reader
    count: int
    ids: dict[str, int]

    def __call__(self, target: Located, key: str) -> int | None:
        value = target.value
        if value == END_TARGET:
            return END
        if isinstance(value, int):
            if 1 <= value <= self.count:
                return value
            self.reader.report(target, f"`{key}` menuju langkah {value}, padahal langkah hanya 1 sampai {self.count}.")
            return None
        if value in self.ids:
            return self.ids[value]
        hint = difflib.get_close_matches(value, self.ids, n=1)
        suggestion = (
            f" Apakah maksud Anda `{hint[0]}`?"
            if hint
            else f" Tambahkan `id: {excerpt(value)}` pada langkah tujuan, atau tulis nomor langkahnya."
        )
        self.reader.report(target, f"`{key}` menuju id `{excerpt(value)}` yang tidak ada di SOP ini.{suggestion}")
        return None


def _read_actors(located: Located | None, names: list[str], number: int, reader: Reader) -> tuple[str, ...]:
    """The actors of one step: one name, or every actor of a joint step; each must be listed in `pelaksana`."""
    actors: list[str] = []
    for actor in _plain(located, []):
        if actor.value in actors:
            reader.report(
                actor,
                f"pelaksana `{excerpt(actor.value)}` ditulis dua kali pada langkah {number}; hapus salah satunya.",
            )
            continue
        actors.append(actor.value)
        if names and actor.value not in names:
            close = difflib.get_close_matches(actor.value, names, n=1)
            hint = (
                f" Apakah maksud Anda `{close[0]}`?"
                if close
                else f" Tambahkan `{excerpt(actor.value)}` ke daftar `pelaksana`."
            )
            reader.report(
                actor,
                f"pelaksana `{excerpt(actor.value)}` pada langkah {number} tidak ada di daftar `pelaksana`.{hint}",
            )
    return tuple(actors)


def _read_exits(
    fields: dict[str, Located], number: int, resolve: _TargetResolver, reader: Reader
) -> tuple[tuple[int, ...] | None, tuple[Outcome, ...] | None]:
    """Where a step leads: (every target, a decision's outcomes or None)."""
    decision = fields.get("keputusan")
    if decision is None:
        return _read_next(fields.get("lanjut"), number, resolve, reader), None
    if "lanjut" in fields:
        reader.report(
            fields["lanjut"],
            f"langkah {number} adalah keputusan; arahnya ditentukan `ya`/`tidak` atau `cabang`, "
            "bukan `lanjut`. Hapus `lanjut`.",
        )
    outcomes = _read_outcomes(decision, number, resolve, reader)
    return (None, None) if outcomes is None else (tuple(o.ke for o in outcomes), outcomes)


def _read_next(
    located: Located | None, number: int, resolve: _TargetResolver, reader: Reader
) -> tuple[int, ...] | None:
    """A process step's next steps: `lanjut` (one target or a fork), or by default the following step."""
    if located is None:
        return (number + 1 if number < resolve.count else END,)
    targets: list[int] = []
    for item in located.value:
        target = resolve(item, "lanjut")
        if target is None:
            return None
        if target in targets:
            reader.report(
                item, f"`lanjut` pada langkah {number} menyebut tujuan yang sama dua kali; hapus salah satunya."
            )
            return None
        targets.append(target)
    return tuple(targets)


def _read_outcomes(
    decision: Located, number: int, resolve: _TargetResolver, reader: Reader
) -> tuple[Outcome, ...] | None:
    """The labelled exits of a decision: `ya` + `tidak`, or the items of `cabang`."""
    branches: dict[str, Located] = decision.value
    # (label, where the label is written or None for Ya/Tidak, target, key the target is written under)
    written: list[tuple[str, Located | None, Located, str]]
    if "cabang" in branches:
        if any(not {"label", "ke"} <= item.value.keys() for item in branches["cabang"].value):
            return None  # the missing key is already reported by the schema
        written = [
            (item.value["label"].value, item.value["label"], item.value["ke"], "ke")
            for item in branches["cabang"].value
        ]
    elif "ya" in branches and "tidak" in branches:
        written = [("Ya", None, branches["ya"], "ya"), ("Tidak", None, branches["tidak"], "tidak")]
    else:
        return None  # the missing key is already reported by the schema
    outcomes: list[Outcome] = []
    labels: set[str] = set()
    for label, label_at, target, key in written:
        folded = " ".join(label.casefold().split())
        if folded in labels and label_at is not None:
            reader.report(
                label_at,
                f"label cabang `{excerpt(label)}` pada langkah {number} ditulis dua kali; "
                "setiap cabang perlu label yang berbeda.",
            )
        labels.add(folded)
        ke = resolve(target, key)
        if ke is not None:
            outcomes.append(Outcome(label, ke))
    if len(outcomes) != len(written):
        return None
    if len({o.ke for o in outcomes}) < 2:
        keys = "semua butir `cabang`" if "cabang" in branches else "`ya` dan `tidak`"
        reader.report(
            decision,
            f"{keys} pada langkah {number} menuju tempat yang sama; sebuah keputusan harus bercabang ke "
            "sedikitnya dua tujuan berbeda.",
        )
        return None
    return tuple(outcomes)


def _check_paths(raw_steps: list[Located], edges: dict[int, tuple[int, ...]], reader: Reader) -> None:
    """Every step reachable from step 1, and every path (each branch of a fork too) able to reach `selesai`."""
    reachable = flow.reachable_from_start(edges)
    finishing = flow.reaching_end(edges)
    for number, raw in enumerate(raw_steps, start=1):
        if number not in reachable:
            reader.report(
                raw,
                f"langkah {number} tidak pernah dicapai dari langkah 1; arahkan `lanjut`, `ya`, `tidak` atau "
                "`cabang` sebuah langkah ke langkah ini, atau hapus langkah ini.",
            )
        elif number not in finishing:
            reader.report(
                raw,
                f"dari langkah {number} alur berputar terus dan tidak pernah sampai `selesai`; arahkan salah "
                "satu cabang ke langkah berikutnya atau ke `selesai`.",
            )
