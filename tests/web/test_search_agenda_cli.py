"""``burt search --type agenda``: the buku agenda searched like documents, printed as JSON lines
(docs/cli.md), over a real archive filled through the pipeline seam (tests/archive/fakes.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

from fakes import FakePipeline, text_processor, write_doc  # noqa: E402

from archive import service  # noqa: E402
from archive.settings import load_settings  # noqa: E402
from web.cli import main  # noqa: E402

ENTRY_KEYS = {"id", "register", "origin", "year", "nomor_agenda", "nomor_buku", "tanggal_terima", "nomor_surat",
              "tanggal_surat", "asal_tujuan", "perihal", "keterangan", "document_id", "link_reason", "source",
              "confidences", "raw", "needs_review", "review", "edited", "updated_at", "updated_by"}
OFFICE = "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"


def _letter(tmp_path, name, nomor, pengirim, perihal, penerima=f"Kepala {OFFICE}"):
    return write_doc(tmp_path / name, [f"{pengirim}\nNomor: {nomor}\nPerihal: {perihal}"],
                     doc_type="surat_permintaan_pembinaan", sop_step=5, nomor=nomor, tanggal="2024-05-07",
                     pengirim=pengirim, penerima=penerima, perihal=perihal)


def test_search_type_agenda_prints_json_lines(tmp_path):
    home = tmp_path / "home"
    settings = load_settings(home=home, environ={"BURT_WORKERS": "1"})
    paths = [_letter(tmp_path, "a.json", "045/99/DS-KH/2024", "Desa Kusambi Hilir", "Permohonan Pembinaan Perpustakaan"),
             _letter(tmp_path, "b.json", "470/12/DS-HLG/2024", "Desa Halong", "Permohonan Peminjaman Buku"),
             _letter(tmp_path, "c.json", "000.4.6.3/245/DISPERSIP/2024", OFFICE, "Undangan Sosialisasi",
                     penerima="Kepala Desa Halong")]
    ids = [o.id for o in service.ingest_paths(settings, paths, processor=FakePipeline(text_processor))]
    runner = CliRunner()

    def search(*args):
        out = runner.invoke(main, ["--home", str(home), "search", *args, "--type", "agenda", "--json"])
        assert out.exit_code == 0, out.output
        return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]

    everything = search()
    assert len(everything) == 3 and all(h["kind"] == "agenda" and h["total"] == 3 for h in everything)
    assert all(set(h) == ENTRY_KEYS | {"kind", "total"} for h in everything)
    assert {h["register"] for h in everything} == {"masuk", "keluar"}
    [by_word] = search("peminjaman")
    assert by_word["document_id"] == ids[1] and by_word["asal_tujuan"] == "Desa Halong"
    [by_nomor] = search("O45/99/DS-KH/2O24")  # OCR slips in the nomor typed
    assert by_nomor["document_id"] == ids[0]
    assert [h["document_id"] for h in search("--partner", "halong", "--register", "masuk")] == [ids[1]]
    year = everything[0]["year"]
    assert len(search("--year", str(year))) == 3 and search("--year", str(year - 1)) == []
    month = int(everything[0]["tanggal_terima"][5:7])
    assert len(search("--year", str(year), "--month", str(month))) == 3
    assert search("--month", str(month % 12 + 1)) == []
    assert search("tidak ada kata ini") == []
    plain = runner.invoke(main, ["--home", str(home), "search", "peminjaman", "--type", "agenda"])
    assert plain.exit_code == 0 and "1 baris agenda" in plain.stdout and "470/12/DS-HLG/2024" in plain.stdout
    documents = runner.invoke(main, ["--home", str(home), "search", "peminjaman", "--json"])
    assert set(json.loads(documents.stdout)) >= {"total", "hits"}  # the documents' search is unchanged
