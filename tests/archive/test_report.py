"""The audit as files for outside auditors: PDF (read back with pdftotext and rendered to an
image), CSV (both dialects) and XLSX (read back with openpyxl). Documents are named by title,
nomor and tanggal, never by id; words are Indonesian; times are WITA; the filters are applied."""
import csv
import io
import re
import subprocess
from datetime import date, datetime, timezone

import numpy as np
import pytest
from PIL import Image

from archive.audit import ActivityEvidence, EvidenceDoc, SignOff, audit_activities, load_rules
from archive.audit_filters import AuditFilters
from archive.report import (
    FINDING_COLUMNS,
    RULE_LABELS,
    STATUS_LABELS,
    audit_csv,
    audit_pdf,
    audit_xlsx,
    build_context,
    finding_rows,
    long_date,
    long_time,
    readable_title,
)

HEX_ID = re.compile(r"\b[0-9a-f]{12}\b")
PRINTED = datetime(2024, 4, 22, 6, 5, tzinfo=timezone.utc)  # 14:05 WITA
ENGLISH_CODES = ("missing_evidence", "out_of_order", "needs_review", "step_order", "kepala_dinas", "complete")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def report(rules):
    docs = (EvidenceDoc("aaaaaaaaaaa1", "undangan_sosialisasi", date(2024, 3, 1), nomor="005/12/DISPERSIP/2024",
                        title="Undangan sosialisasi gemar membaca"),
            EvidenceDoc("aaaaaaaaaaa2", "surat_permintaan_peminjaman", date(2024, 2, 1), nomor="045/LB/II/2024",
                        title=rules.label("surat_permintaan_peminjaman")),
            EvidenceDoc("aaaaaaaaaaa3", "surat_balasan", date(2024, 2, 10), nomor="800/77/DISPERSIP/2024",
                        title="Balasan permintaan peminjaman buku"))
    # signed at 20:30 UTC: already the next day in WITA
    signoffs = (SignOff(1, "Hj. Aminah", "kepala_dinas", "2024-04-21T20:30:00+00:00"),)
    acts = [ActivityEvidence(1, "Desa Lok Batu", "desa:lokbatu", "2024", kecamatan="Batumandi", documents=docs,
                             signoffs=signoffs),
            ActivityEvidence(2, "SD 1 Paringin", "sd:paringin#1", "2023")]
    return audit_activities(acts, rules, generated_at="2026-11-29T05:00:00+00:00")


@pytest.fixture(scope="module")
def ctx(report, rules):
    return build_context(report, rules, filters=("Tahun: 2024", "Hasil: ada temuan"), printed_at=PRINTED)


def pdf_pages(data: bytes, tmp_path) -> list[str]:
    pdf = tmp_path / "audit.pdf"
    pdf.write_bytes(data)
    assert data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,  # reading order
                          check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_wita_dates_and_times():
    assert long_date(date(2024, 4, 22)) == "22 April 2024"
    assert long_time("2024-04-22T06:05:00+00:00") == "22 April 2024 14.05 WITA"
    assert long_time("2024-12-31T16:30:00+00:00") == "1 Januari 2025 00.30 WITA"  # past midnight in Balangan
    assert long_time(datetime(2024, 8, 17, 1, 0)) == "17 Agustus 2024 09.00 WITA"  # naive = UTC


def test_readable_title_is_the_perihal_else_type_partner_date(rules):
    camera = EvidenceDoc("bbbbbbbbbbb1", "surat_balasan", date(2024, 4, 22), title="IMG_20240213_101532")
    assert readable_title(camera, rules, "Desa Lok Batu", "Balasan peminjaman buku") == "Balasan peminjaman buku"
    assert readable_title(camera, rules, "Desa Lok Batu", None) == \
        f"{rules.label('surat_balasan')} · Desa Lok Batu · 22 April 2024"
    untyped = EvidenceDoc("bbbbbbbbbbb2", None, None, partner="TBM Pelangi", title="IMG_2024")
    assert readable_title(untyped, rules, "Desa Lok Batu", "") == "Dokumen tanpa jenis · TBM Pelangi"


def test_pdf_names_documents_by_title_in_indonesian_with_wita_and_signature(report, ctx, rules, tmp_path):
    pages = pdf_pages(audit_pdf(report, ctx), tmp_path)
    text = "\n".join(pages)
    flat = " ".join(text.split())
    # documents: title, nomor, tanggal; the second has no perihal: type · partner · date
    assert "Undangan sosialisasi gemar membaca" in flat and "No. 005/12/DISPERSIP/2024" in flat
    assert "1 Maret 2024" in flat
    assert f"{rules.label('surat_permintaan_peminjaman')} · Desa Lok Batu · 1 Februari 2024" in flat
    assert not HEX_ID.search(text), HEX_ID.search(text)
    for word in ("Kurang bukti", "Tidak berurutan", "Urutan tahap", "Bukti kurang"):
        assert word in flat, word
    for code in ENGLISH_CODES:
        assert code not in text, code
    # sign-off: the role's name and the time in WITA (20:30 UTC is 04:30 the next day)
    assert "Hj. Aminah (Kepala Dinas) 22 April 2024 04.30 WITA" in flat
    # header: instansi on every page, printing time and filters on the first
    assert all(p.lstrip().startswith(rules.instansi) for p in pages)
    assert "Dicetak: 22 April 2024 14.05 WITA" in flat and "Filter: Tahun: 2024; Hasil: ada temuan" in flat
    # "Halaman n dari N" on every page
    for n, page in enumerate(pages, start=1):
        assert f"Halaman {n} dari {len(pages)}" in page
    # the signature block closes the last page: place and date, the head's title, blank name and NIP
    last = " ".join(pages[-1].split())
    assert re.search(r"Paringin, 22 April 2024 Kepala " + re.escape(rules.instansi) + ",", last)
    assert re.search(r"Nama : _{10,} NIP : _{10,}", last)


def test_pdf_page_count_grows_with_the_report(rules, tmp_path):
    acts = [ActivityEvidence(i, f"Desa Nomor {i}", f"desa:{i}", "2024") for i in range(1, 9)]
    big = audit_activities(acts, rules)
    pages = pdf_pages(audit_pdf(big, build_context(big, rules, printed_at=PRINTED)), tmp_path)
    assert len(pages) >= 4
    assert [re.search(r"Halaman (\d+) dari (\d+)", p).groups() for p in pages] == \
        [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)]
    assert "Filter: Semua kegiatan" in pages[0]


def test_pdf_is_ink_on_paper(report, ctx, tmp_path):
    pdf = tmp_path / "audit.pdf"
    pdf.write_bytes(audit_pdf(report, ctx))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    image = np.asarray(Image.open(next(tmp_path.glob("page*.png"))).convert("L"))
    assert 0.005 < (image < 128).mean() < 0.5  # ink on the page, not a blank or black page


def test_csv_names_documents_and_keeps_codes_last(report, ctx):
    raw = audit_csv(report, ctx)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(FINDING_COLUMNS) and list(rows[0])[-1] == "id_dokumen"
    assert len({(r["kegiatan"], r["tahap"]) for r in rows}) == 12
    assert len(rows) == len(finding_rows(report, ctx))
    order = [r for r in rows if r["kode_aturan"] == "step_order"]
    assert order and order[0]["aturan"] == "Urutan tahap" and order[0]["status"] == "Tidak berurutan"
    assert order[0]["dokumen"].split(" | ")[1] == "Undangan sosialisasi gemar membaca"
    assert order[0]["nomor_surat"] == "045/LB/II/2024 | 005/12/DISPERSIP/2024"
    assert order[0]["tanggal_surat"] == "1 Februari 2024 | 1 Maret 2024"
    assert order[0]["id_dokumen"] == "aaaaaaaaaaa2 aaaaaaaaaaa1"
    assert {r["status"] for r in rows} <= set(STATUS_LABELS.values())
    assert {r["kode_status"] for r in rows} <= set(STATUS_LABELS)
    assert {r["aturan"] for r in rows} - {""} <= set(RULE_LABELS.values())
    for r in rows:  # ids only in the last column
        assert not any(HEX_ID.search(str(r[c])) for c in FINDING_COLUMNS[:-1]), r
    assert any(r["pengesahan"] == "Hj. Aminah (Kepala Dinas) 22 April 2024 04.30 WITA" for r in rows)
    assert {r["kelengkapan_bukti_persen"] for r in rows if r["kegiatan"] == "1" and r["tahap"] == "1"} == {"33.3"}


def test_csv_for_indonesian_excel(report, ctx, rules):
    raw = audit_csv(report, ctx, indonesian=True)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(FINDING_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == len(finding_rows(report, ctx))
    order = next(r for r in rows if r["kode_aturan"] == "step_order")
    assert order["tanggal_surat"] == "01-02-2024 | 01-03-2024"  # dd-mm-yyyy
    assert order["pengesahan"] == ""  # step 3 is not signed
    step1 = next(r for r in rows if r["kegiatan"] == "1" and r["tahap"] == "1")
    need = len(rules.step(1).evidence)
    assert step1["kelengkapan_bukti_persen"] == f"{100 / need:.1f}".replace(".", ",")  # decimal comma
    assert step1["tahap"] == "1" and step1["kegiatan"] == "1"  # whole numbers stay whole
    assert step1["status"] == "Kurang bukti"


def test_xlsx_has_titles_documents_and_what_it_holds(report, ctx, rules):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(audit_xlsx(report, ctx)))
    assert wb.sheetnames == ["Ringkasan", "Temuan", "Dokumen", "Keterangan"]
    summary = list(wb["Ringkasan"].iter_rows(values_only=True))
    assert summary[1][:4] == (1, "Desa Lok Batu", "2024", "Batumandi")
    assert summary[2][4] == "tidak"  # SD 1 Paringin has no evidence at all
    assert isinstance(summary[1][8], float)
    findings = list(wb["Temuan"].iter_rows(values_only=True))
    head = findings[0]
    assert head[-1] == "Id dokumen" and "Kode status" in head
    assert len(findings) - 1 == len(finding_rows(report, ctx))
    status = head.index("Status")
    assert {r[status] for r in findings[1:]} <= set(STATUS_LABELS.values())
    assert any(r[head.index("Kode aturan")] == "missing_evidence" for r in findings[1:])
    docs = list(wb["Dokumen"].iter_rows(values_only=True))
    by_title = {r[4]: r for r in docs[1:]}
    assert by_title["Undangan sosialisasi gemar membaca"][6:] == ("005/12/DISPERSIP/2024", "1 Maret 2024",
                                                                   "aaaaaaaaaaa1")
    assert f"{rules.label('surat_permintaan_peminjaman')} · Desa Lok Batu · 1 Februari 2024" in by_title
    about = dict(r for r in wb["Keterangan"].iter_rows(values_only=True))
    assert about["Dicetak"] == "22 April 2024 14.05 WITA"
    assert about["Filter"] == "Tahun: 2024; Hasil: ada temuan" and about["Instansi"] == rules.instansi


def test_filters_narrow_the_report(report):
    assert [a.id for a in AuditFilters(tahun="2023").apply(report).activities] == [2]
    assert [a.id for a in AuditFilters(mitra="lok BATU").apply(report).activities] == [1]
    assert [a.id for a in AuditFilters(kecamatan="Batumandi").apply(report).activities] == [1]
    assert [a.id for a in AuditFilters(aturan="step_order").apply(report).activities] == [1]
    assert [a.id for a in AuditFilters(status="bersih").apply(report).activities] == []
    assert [a.id for a in AuditFilters(kegiatan=2).apply(report).activities] == [2]
    assert AuditFilters().apply(report) is report


def test_filters_from_the_query_and_back():
    f = AuditFilters.from_mapping({"mitra": " Lok Batu ", "tahun": "2024", "status": "temuan",
                                   "aturan": "step_order", "kecamatan": "", "kegiatan": "x1", "other": "y"})
    assert f.query() == {"mitra": "Lok Batu", "tahun": "2024", "status": "temuan", "aturan": "step_order"}
    assert f.describe(RULE_LABELS) == ["Mitra memuat: Lok Batu", "Tahun: 2024", "Hasil: ada temuan",
                                       "Aturan: Urutan tahap"]
    assert AuditFilters.from_mapping({"status": "semua", "tahun": "20x4"}).active is False


def test_export_reads_perihal_from_the_archive_and_applies_filters(settings):
    """Through the service, on a real archive: the perihal comes from the database, a document
    without one gets type · partner · date, and the filters leave out the other activities."""
    from archive import db, service
    from tests.archive.test_activities_world import build_world

    build_world(settings)
    full = service.audit(settings)
    kept = {a.id for a in full.activities if "lok batu" in a.partner.lower() and a.period.startswith("2024")}
    assert kept and len(kept) < len(full.activities)
    target = next(a for a in full.activities if a.id in kept and len(a.steps[0].documents) >= 2)
    first, second = target.steps[0].documents[:2]
    with db.session_scope(settings) as s:
        fields = {f.document_id: f for f in s.scalars(db.select(db.FieldRow).where(
            db.FieldRow.name == "perihal", db.FieldRow.document_id.in_([first, second])))}
        fields[first].value = "Undangan sosialisasi BuRT di Desa Lok Batu"
        fields[second].value = None
    filters = service.audit_filters({"mitra": "lok batu", "tahun": "2024"})
    out = service.export_audit(settings, "csv-id", filters=filters)
    assert out.filename.endswith(".csv") and "tersaring" in out.filename
    rows = list(csv.DictReader(io.StringIO(out.data.decode("utf-8-sig")), delimiter=";"))
    assert rows and {r["kegiatan"] for r in rows} == {str(i) for i in kept}
    step1 = next(r for r in rows if r["kegiatan"] == str(target.id) and r["tahap"] == "1" and r["kode_aturan"] == "")
    titles = step1["dokumen"].split(" | ")
    assert titles[0] == "Undangan sosialisasi BuRT di Desa Lok Batu"
    second_doc = next(d for d in target.documents if d.id == second)
    assert titles[1] == " · ".join([load_rules().label(second_doc.doc_type), second_doc.partner or target.partner,
                                    long_date(second_doc.tanggal)])
    assert re.fullmatch(r"\d\d-\d\d-\d{4}( \| \d\d-\d\d-\d{4})*", step1["tanggal_surat"])
    assert not HEX_ID.search(step1["dokumen"]) and step1["id_dokumen"] == " ".join(target.steps[0].documents)
    pdf = service.export_audit(settings, "pdf", filters=filters)
    assert pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    with pytest.raises(Exception, match="csv-id"):
        service.export_audit(settings, "docx")


def test_unlinked_evidence_is_listed_by_title_with_its_likely_activity(report, rules, tmp_path):
    """The whole audit also lists step evidence linked to no activity: by title, nomor and date
    (read from the archive's fields), with the likely activity and its score (a decimal)."""
    import dataclasses

    from openpyxl import load_workbook

    from archive.audit import UnlinkedDocument

    lonely = (UnlinkedDocument("ccccccccccc1", "jadwal_pembinaan", 5, title=rules.label("jadwal_pembinaan"),
                               candidate=1, candidate_partner="Desa Lok Batu", score=0.55,
                               reason="teks menyebut Desa Lok Batu"),
              UnlinkedDocument("ccccccccccc2", "daftar_hadir", 1, title="IMG_20240213_101532"))
    full = dataclasses.replace(report, unlinked=lonely)
    stored = {"ccccccccccc1": {"nomor": "400/9/DPK/2024", "tanggal": "2024-05-06"},
              "ccccccccccc2": {"perihal": "Daftar hadir sosialisasi Desa Halong", "tanggal": "2024-03-02"}}
    ctx = build_context(full, rules, perihal={}, printed_at=PRINTED, stored=stored)
    wb = load_workbook(io.BytesIO(audit_xlsx(full, ctx)))
    assert wb.sheetnames == ["Ringkasan", "Temuan", "Dokumen", "Belum tertaut", "Keterangan"]
    rows = list(wb["Belum tertaut"].iter_rows(values_only=True))
    assert rows[1] == (f"{rules.label('jadwal_pembinaan')} · 6 Mei 2024", rules.label("jadwal_pembinaan"), 5,
                       "400/9/DPK/2024", "6 Mei 2024", "#1 Desa Lok Batu", 0.55, "teks menyebut Desa Lok Batu",
                       "ccccccccccc1")
    assert rows[2][0] == "Daftar hadir sosialisasi Desa Halong" and rows[2][5] is None and rows[2][6] is None
    text = " ".join("\n".join(pdf_pages(audit_pdf(full, ctx), tmp_path)).split())
    assert "Bukti tahap SOP yang belum tertaut ke kegiatan" in text
    assert "#1 Desa Lok Batu (skor 0,55)" in text and "No. 400/9/DPK/2024, 6 Mei 2024" in text
    assert "IMG_20240213_101532" not in text and not HEX_ID.search(text)
