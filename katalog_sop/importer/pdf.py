"""A signed SOP in a PDF with a text layer, read by position (pdfplumber: MIT licence)."""

from __future__ import annotations

from pathlib import Path

from katalog_sop.importer import labels
from katalog_sop.importer.document import Doubt, ReadDocument, UnreadableDocument
from katalog_sop.importer.pdf_flowchart import find_table, read_flowchart
from katalog_sop.importer.pdf_identity import read_identity
from katalog_sop.importer.pdf_page import PageView, view

MAX_PAGES = 60  # an SOP is a few pages; a longer PDF is a bundle that should be split first
ENCRYPTED = "PDF terenkripsi atau berkata sandi; buka kuncinya lalu simpan ulang tanpa sandi"


def read_pdf(path: Path) -> ReadDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
            if count > MAX_PAGES:
                raise UnreadableDocument(
                    f"{count} halaman: terlalu panjang untuk satu SOP (paling banyak {MAX_PAGES}); "
                    "pisahkan per SOP dulu"
                )
            pages = [view(page, number) for number, page in enumerate(pdf.pages, start=1)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise UnreadableDocument(ENCRYPTED) from error
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as error:
        causes = [*getattr(error, "args", ()), error.__cause__, error.__context__]
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            raise UnreadableDocument(ENCRYPTED) from error
        raise UnreadableDocument("berkas PDF rusak atau tidak lengkap; ekspor ulang dari sumbernya") from error
    return read_pages(pages)


def read_pages(pages: list[PageView]) -> ReadDocument:
    if not any(page.words for page in pages):
        raise UnreadableDocument("dokumen hasil pindaian: tidak ada lapisan teks; perlu OCR")
    document = ReadDocument(pages=len(pages))
    doubts: list[Doubt] = document.doubts
    tables = [find_table(page) for page in pages]  # found once, for the identity's end and the flowchart
    for page, table in zip(pages, tables, strict=True):
        stop = table.header_top if table else page.height
        identity, lists = read_identity(page, stop, doubts)
        for key, value in identity.items():
            document.identity.setdefault(key, value)
        for key, value in lists.items():
            document.lists.setdefault(key, value)
        if table is not None:  # the identity ends where the flowchart begins
            break
    actors, steps, found = read_flowchart([t for t in tables if t is not None], doubts)
    if not found and not ("nomor" in document.identity and "nama" in document.identity):
        raise UnreadableDocument(labels.NOT_AN_SOP)
    if not found:
        raise UnreadableDocument(labels.NO_FLOWCHART)
    document.actors = actors
    document.steps = steps
    return document
