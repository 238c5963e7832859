"""Generate a large, realistic, valid catalogue of SOP sources for benchmarks.

40 OPDs, N SOPs spread over them, each with 8-16 steps, 3-5 pelaksana, one or
two decisions (a loop back for an incomplete file, sometimes an early end),
cross references, and a few revoked, technical and draft SOPs. The same seed
gives the same files, so two runs measure the same content.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

OPD_NAMES = (
    ("Sekretariat Daerah", "SETDA"),
    ("Sekretariat DPRD", "SETWAN"),
    ("Inspektorat Daerah", "INSP"),
    ("Dinas Pendidikan dan Kebudayaan", "DISDIKBUD"),
    ("Dinas Kesehatan", "DINKES"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    ("Dinas Perumahan dan Kawasan Permukiman", "DISPERKIM"),
    ("Satuan Polisi Pamong Praja", "SATPOLPP"),
    ("Dinas Sosial", "DINSOS"),
    ("Dinas Tenaga Kerja dan Transmigrasi", "DISNAKERTRANS"),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
    ("Dinas Ketahanan Pangan", "DKP"),
    ("Dinas Lingkungan Hidup", "DLH"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "DISDUKCAPIL"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB"),
    ("Dinas Perhubungan", "DISHUB"),
    ("Dinas Komunikasi dan Informatika", "DISKOMINFO"),
    ("Dinas Koperasi dan Usaha Mikro", "DISKOPUM"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("Dinas Kepemudaan dan Olahraga", "DISPORA"),
    ("Dinas Pariwisata", "DISPAR"),
    ("Dinas Perpustakaan dan Kearsipan", "DISPUSIP"),
    ("Dinas Perikanan", "DISKAN"),
    ("Dinas Pertanian", "DISTAN"),
    ("Dinas Perdagangan dan Perindustrian", "DISDAGPERIN"),
    ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
    ("Badan Pendapatan Daerah", "BAPENDA"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("Badan Kesatuan Bangsa dan Politik", "KESBANGPOL"),
    ("Rumah Sakit Umum Daerah", "RSUD"),
    ("Kecamatan Sukamaju", "KEC.SKM"),
    ("Kecamatan Sukamakmur", "KEC.SKR"),
    ("Kecamatan Mekarsari", "KEC.MKS"),
    ("Kecamatan Cibening", "KEC.CBN"),
    ("Kecamatan Tanjungsari", "KEC.TJS"),
    ("Kecamatan Karanganyar", "KEC.KRA"),
    ("Kecamatan Sindangjaya", "KEC.SDJ"),
)
ACTIONS = (
    "Penerbitan",
    "Pelayanan",
    "Pengelolaan",
    "Verifikasi",
    "Pendaftaran",
    "Pengajuan",
    "Penyusunan",
    "Pemeriksaan",
    "Pengarsipan",
    "Penanganan",
    "Pemberian",
    "Penyaluran",
    "Permohonan",
    "Legalisasi",
    "Pengesahan",
    "Pembinaan",
    "Pengawasan",
    "Penilaian",
)
OBJECTS = (
    "Surat Masuk",
    "Surat Keluar",
    "Izin Usaha Mikro",
    "Persetujuan Bangunan Gedung",
    "Surat Keterangan Tidak Mampu",
    "Surat Keterangan Usaha",
    "Akta Kelahiran",
    "Akta Kematian",
    "Kartu Identitas Anak",
    "Bantuan Sosial",
    "Cuti Pegawai",
    "Kenaikan Pangkat",
    "Izin Belajar",
    "Pengaduan Masyarakat",
    "Informasi Publik",
    "Dokumen Pelaksanaan Anggaran",
    "Surat Perintah Pencairan Dana",
    "Barang Milik Daerah",
    "Rekomendasi Teknis",
    "Izin Reklame",
    "Data Statistik Sektoral",
    "Arsip Inaktif",
    "Laporan Keuangan",
    "Perjalanan Dinas",
    "Rapat Koordinasi",
    "Kartu Pencari Kerja",
    "Sertifikat Laik Fungsi",
    "Hibah Daerah",
    "Pajak Bumi dan Bangunan",
    "Tanda Daftar Gudang",
    "Surat Pindah Penduduk",
    "Peminjaman Kendaraan Dinas",
)
ROLES = (
    "Pemohon",
    "Petugas Loket",
    "Pengadministrasi Umum",
    "Analis Kebijakan",
    "Kepala Subbagian Umum",
    "Kepala Seksi",
    "Kepala Bidang",
    "Sekretaris",
    "Kepala Dinas",
    "Bendahara",
    "Verifikator",
    "Operator Aplikasi",
)
VERBS = (
    "Menerima berkas permohonan dan mencatatnya dalam buku agenda",
    "Memeriksa kelengkapan dan keabsahan persyaratan",
    "Menyusun konsep surat dan meneruskannya untuk diparaf",
    "Memaraf konsep dan memberikan catatan perbaikan bila ada",
    "Menandatangani dokumen hasil layanan",
    "Menginput data permohonan ke dalam aplikasi",
    "Melakukan verifikasi lapangan sesuai jadwal yang disepakati",
    "Membuat berita acara hasil pemeriksaan",
    "Menyampaikan disposisi kepada pejabat yang berwenang",
    "Mengarsipkan salinan dokumen dan berkas pendukung",
    "Menyerahkan dokumen kepada pemohon dengan tanda terima",
    "Memberi nomor dan tanggal pada surat keluar",
    "Menelaah permohonan berdasarkan peraturan yang berlaku",
    "Mengoreksi data yang tidak sesuai dan memperbaikinya",
)
QUESTIONS = ("Berkas lengkap?", "Data sesuai?", "Disetujui?", "Memenuhi syarat teknis?")
DURATIONS = ("5 menit", "10 menit", "15 menit", "30 menit", "1 jam", "2 jam", "1 hari kerja", "3 hari kerja")
OUTPUTS = ("Berkas permohonan", "Tanda terima", "Konsep surat", "Berita acara", "Dokumen yang ditandatangani", "Arsip")
LAWS = (
    "Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan",
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
    "Peraturan Pemerintah Nomor 5 Tahun 2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko",
    "Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan",
    "Peraturan Bupati Contoh Nomor 12 Tahun 2023 tentang Standar Pelayanan",
    "Peraturan Daerah Kabupaten Contoh Nomor 3 Tahun 2022 tentang Penyelenggaraan Pelayanan Publik",
)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _opd_document(name: str, short: str, order: int) -> dict[str, object]:
    return {
        "nama": name,
        "singkatan": short,
        "urutan": order,
        "deskripsi": f"{name} Kabupaten Contoh menyelenggarakan urusan pemerintahan sesuai kewenangannya.",
        "kontak": {"telepon": f"(0721) 48{order:04d}", "email": f"{slugify(short)}@contoh.go.id"},
    }


def _steps(rng: random.Random, pelaksana: list[str]) -> list[dict[str, object]]:
    count = rng.randint(8, 16)
    actors = pelaksana + [rng.choice(pelaksana) for _ in range(count - len(pelaksana))]
    rng.shuffle(actors)
    steps: list[dict[str, object]] = []
    for actor in actors:
        step: dict[str, object] = {
            "uraian": rng.choice(VERBS),
            "pelaksana": actor,
            "kelengkapan": rng.sample(OUTPUTS, rng.randint(1, 2)),
            "waktu": rng.choice(DURATIONS),
            "output": rng.choice(OUTPUTS),
        }
        if rng.random() < 0.3:
            step["keterangan"] = "Dapat dilakukan secara elektronik melalui aplikasi layanan daerah."
        steps.append(step)
    decisions = rng.sample(range(2, count - 1), rng.randint(1, 2))
    for position in decisions:
        step = steps[position - 1]
        step["keputusan"] = {
            "pertanyaan": rng.choice(QUESTIONS),
            "ya": position + 1,
            "tidak": rng.choice([1, max(1, position - 1), "selesai"]),
        }
    return steps


def _sop_document(rng: random.Random, name: str, nomor: str, status: str, related: list[str]) -> dict[str, object]:
    year = int(nomor.rsplit("/", 1)[1])
    pelaksana = rng.sample(ROLES, rng.randint(3, 5))
    document: dict[str, object] = {
        "nomor": nomor,
        "nama": name,
        "jenis": "teknis" if rng.random() < 0.1 else "administratif",
        "status": status,
        "unit_kerja": "Bidang Pelayanan",
        "tanggal_pembuatan": f"{year}-01-{rng.randint(10, 28)}",
        "tanggal_efektif": f"{year}-02-01",
        "disahkan_oleh": {
            "jabatan": "Kepala Perangkat Daerah",
            "nama": "Drs. Budi Santoso, M.Si.",
            "nip": "19700101 199503 1 001",
        },
        "dasar_hukum": rng.sample(LAWS, rng.randint(2, 4)),
        "kualifikasi_pelaksana": ["Memahami tugas pokok dan fungsi", "Mampu mengoperasikan komputer"],
        "keterkaitan": [{"sop": item} for item in related] + ["SOP Pengelolaan Arsip Dinamis"],
        "peralatan_perlengkapan": ["ATK", "Komputer dan printer", "Jaringan internet"],
        "peringatan": ["Jika berkas tidak lengkap, permohonan dikembalikan kepada pemohon."],
        "pencatatan_pendataan": ["Buku agenda", "Arsip digital"],
        "kata_kunci": name.lower().split()[-2:],
        "pelaksana": pelaksana,
        "kegiatan": _steps(rng, pelaksana),
    }
    return document


def generate(target: Path, count: int, seed: int = 20241) -> list[Path]:
    """Write ``count`` SOPs under ``target`` (the ``sops/`` folder); return the SOP files."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    opds = []
    for order, (name, short) in enumerate(OPD_NAMES, start=1):
        folder = target / slugify(name)
        folder.mkdir(exist_ok=True)
        (folder / "_opd.yml").write_text(
            yaml.safe_dump(_opd_document(name, short, order), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        opds.append((folder, short))
    written: list[Path] = []
    nomors: list[str] = []
    used: set[tuple[Path, str]] = set()
    for index in range(count):
        folder, short = opds[index % len(opds)]
        name = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}"
        slug = slugify(name)
        while (folder, slug) in used:
            slug = f"{slugify(name)}-{rng.randint(2, 999)}"
        used.add((folder, slug))
        nomor = f"{index + 1:03d}/SOP.{index % 40 + 1:02d}/{short}/{rng.choice((2022, 2023, 2024, 2025))}"
        roll = rng.random()
        status = "dicabut" if roll < 0.05 else "draf" if roll < 0.07 else "berlaku"
        related = rng.sample(nomors, min(len(nomors), rng.randint(0, 2)))
        document = _sop_document(rng, name, nomor, status, related)
        path = folder / f"{slug}.yml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written.append(path)
        nomors.append(nomor)
    return written


def _monev_rows(rng: random.Random, sops: list[tuple[str, str, int]], period_end: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for nomor, _status, year in sops:
        if f"{year}-02-01" > period_end:
            continue  # not in force yet in this period
        if rng.random() < 0.08:
            rows.append(
                {
                    "sop": nomor,
                    "penilaian": "tidak baik",
                    "catatan": "Waktu penyelesaian melebihi yang ditetapkan pada hari sibuk.",
                    "tindakan": "Menambah petugas pada hari sibuk dan memantau antrean setiap pekan.",
                    "metode": ["observasi", "wawancara pengguna"],
                }
            )
        else:
            rows.append({"sop": nomor, "penilaian": "baik", "metode": ["observasi"]})
    return rows


def _evaluation_rows(rng: random.Random, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    evaluations: list[dict[str, object]] = []
    for row in rows:
        revise = rng.random() < 0.1
        kriteria = {key: "ya" for key in KRITERIA_KEYS}
        if revise:
            kriteria["mudah_dilaksanakan"] = "tidak"
        evaluation: dict[str, object] = {"sop": row["sop"], "kriteria": kriteria, "rekomendasi": "tetap"}
        if revise:
            evaluation |= {"rekomendasi": "revisi", "catatan": "Langkah pemeriksaan berkas perlu disederhanakan."}
        evaluations.append(evaluation)
    return evaluations


KRITERIA_KEYS = (
    "mendorong_kinerja",
    "mudah_dipahami",
    "mudah_dilaksanakan",
    "peran_jelas",
    "mengatasi_masalah",
    "menjawab_kebutuhan",
    "sinergi",
)


def generate_monev(
    target: Path, last: tuple[int, int], periods: int = 6, evaluations: int = 3, seed: int = 20241
) -> int:
    """Write ``periods`` semesters of monitoring (ending with ``last``, as (tahun, semester)) for every OPD of the
    catalogue under ``target``, with an evaluation of every SOP in ``evaluations`` of them; return the rows written."""
    rng = random.Random(seed + 1)
    semesters: list[tuple[int, int]] = []
    year, semester = last
    for _ in range(periods):
        semesters.append((year, semester))
        year, semester = (year, 1) if semester == 2 else (year - 1, 2)
    semesters.reverse()
    evaluated = set(semesters[-1::-2][:evaluations])
    written = 0
    for folder in sorted(p for p in target.iterdir() if p.is_dir()):
        sops = []
        for path in sorted(folder.glob("*.yml")):
            if path.name.startswith("_"):
                continue
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            if document["status"] != "draf":
                sops.append((document["nomor"], document["status"], int(document["nomor"].rsplit("/", 1)[1])))
        monev = folder / "_monev"
        monev.mkdir(exist_ok=True)
        for year, semester in semesters:
            end = f"{year}-06-30" if semester == 1 else f"{year}-12-31"
            rows = _monev_rows(rng, sops, end)
            if not rows:
                continue
            document: dict[str, object] = {
                "tanggal": f"{year}-06-20" if semester == 1 else f"{year}-12-15",
                "penilai": {
                    "jabatan": "Kepala Bagian Organisasi Sekretariat Daerah",
                    "nama": "Dra. Siti Aminah, M.Si.",
                },
                "monitoring": rows,
            }
            if (year, semester) in evaluated:
                document["evaluasi"] = _evaluation_rows(rng, rows)
            (monev / f"{year}-{semester}.yml").write_text(
                yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            written += len(rows)
    return written
