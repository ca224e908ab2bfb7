"""``burt agenda list|export|rebuild`` over a real archive (SQLite) filled through the archive's
pipeline seam (tests/archive/fakes.py), printing the documented JSON shapes."""
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


def test_agenda_commands(tmp_path):
    home = tmp_path / "home"
    settings = load_settings(home=home, environ={"BURT_WORKERS": "1"})
    doc = write_doc(tmp_path / "a.json", ["surat"], doc_type="surat_permintaan_pembinaan", sop_step=5,
                    nomor="045/99/DS-KH/2024", tanggal="2024-05-07", pengirim="Desa Kusambi Hilir",
                    penerima="Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan",
                    perihal="Permohonan Pembinaan Perpustakaan")
    [out] = service.ingest_paths(settings, [doc], processor=FakePipeline(text_processor))
    runner = CliRunner()
    listed = runner.invoke(main, ["--home", str(home), "agenda", "list", "--register", "masuk", "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert data["total"] == 1 and set(data["entries"][0]) == ENTRY_KEYS
    assert data["entries"][0]["document_id"] == out.id and data["entries"][0]["nomor_agenda"] == 1
    assert {"month", "count"} == set(data["months"][0]) and data["years"] == [data["entries"][0]["year"]]
    empty = runner.invoke(main, ["--home", str(home), "agenda", "list", "--register", "keluar", "--json"])
    assert json.loads(empty.stdout)["total"] == 0
    target = tmp_path / "agenda.csv"
    exported = runner.invoke(main, ["--home", str(home), "agenda", "export", "csv", "--out", str(target)])
    assert exported.exit_code == 0 and exported.stdout.strip() == str(target)
    assert "045/99/DS-KH/2024" in target.read_text(encoding="utf-8-sig")
    rebuilt = runner.invoke(main, ["--home", str(home), "agenda", "rebuild", "--json"])
    assert json.loads(rebuilt.stdout) == {"letters": 1, "rows": 0, "linked": 0}
    bad = runner.invoke(main, ["--home", str(home), "agenda", "list", "--month", "13"])
    assert bad.exit_code != 0
