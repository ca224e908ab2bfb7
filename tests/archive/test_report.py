"""The audit as PDF (rendered to an image and read back as text), CSV and XLSX."""
import csv
import io
import subprocess
from datetime import date

import numpy as np
import pytest
from PIL import Image

from archive.audit import ActivityEvidence, EvidenceDoc, audit_activities, load_rules
from archive.report import audit_csv, audit_pdf, audit_xlsx, finding_rows


@pytest.fixture(scope="module")
def report():
    rules = load_rules()
    docs = (EvidenceDoc("aaaaaaaaaaa1", "undangan_sosialisasi", date(2024, 3, 1), title="Undangan"),
            EvidenceDoc("aaaaaaaaaaa2", "surat_permintaan_peminjaman", date(2024, 2, 1)))
    acts = [ActivityEvidence(1, "Desa Lok Batu", "desa:lokbatu", "2024", kecamatan="Batumandi", documents=docs),
            ActivityEvidence(2, "SD 1 Paringin", "sd:paringin#1", "2024")]
    return audit_activities(acts, rules, generated_at="2026-11-29T05:00:00+00:00")


def test_pdf_renders_with_text(report, tmp_path):
    pdf = tmp_path / "audit.pdf"
    pdf.write_bytes(audit_pdf(report))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("Laporan Audit SOP BuRT", "Desa Lok Batu", "SD 1 Paringin", "Kurang bukti",
                     "Tidak berurutan", "aaaaaaaaaaa2"):
        assert expected.lower() in text.lower(), expected
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    image = np.asarray(Image.open(next(tmp_path.glob("page*.png"))).convert("L"))
    dark = (image < 128).mean()
    assert 0.005 < dark < 0.5  # ink on the page, not a blank or black page


def test_csv_lists_every_step_and_finding(report):
    rows = list(csv.DictReader(io.StringIO(audit_csv(report).decode("utf-8-sig"))))
    assert len({(r["kegiatan"], r["tahap"]) for r in rows}) == 12
    step_order = [r for r in rows if r["aturan"] == "step_order"]
    assert step_order and step_order[0]["mitra"] == "Desa Lok Batu" and "aaaaaaaaaaa2" in step_order[0]["dokumen"]
    assert all(r["status"] in ("complete", "missing", "out_of_order", "needs_review") for r in rows)
    assert len(rows) == len(finding_rows(report))


def test_xlsx_has_summary_and_findings(report):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(audit_xlsx(report)))
    assert wb.sheetnames == ["Ringkasan", "Temuan"]
    summary = list(wb["Ringkasan"].iter_rows(values_only=True))
    assert summary[1][:4] == (1, "Desa Lok Batu", "2024", "Batumandi")
    assert summary[2][4] == "tidak"  # SD 1 Paringin has no evidence at all
    findings = list(wb["Temuan"].iter_rows(values_only=True))
    assert len(findings) - 1 == len(finding_rows(report))
    assert any(r[7] == "missing_evidence" for r in findings[1:])
