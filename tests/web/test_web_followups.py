"""Web follow-ups on a real archive (fake OCR at the processor seam, real SQLite/Whoosh/Flask):
the review list shows the classifier's confidence."""
from __future__ import annotations

from dataclasses import replace

from archive import service
from tests.archive.fakes import FakePipeline, text_processor, write_doc


def unsure_processor(path, options, out_dir=None, name=None):
    """The fake pipeline, but the classifier abstains at 42 % on a guessed type."""
    result = text_processor(path, options, out_dir=out_dir, name=name)
    return replace(result, classification=replace(result.classification, doc_type="surat_balasan",
                                                  confidence=0.42, abstained=True))


def test_review_list_shows_classification_confidence(client_as, settings, tmp_path):
    src = write_doc(tmp_path / "ragu.json", ["Surat balasan yang kabur"])
    [out] = service.ingest_paths(settings, [src], processor=FakePipeline(unsure_processor))
    [summary] = [d for d in service.list_documents(settings, needs_review=True) if d.id == out.id]
    assert summary.classification_confidence == 0.42
    html = client_as("pelaksana").get("/unggah/tinjau").get_data(as_text=True)
    row = html.split(f"/dokumen/{out.id}#edit")[1].split("</tr>")[0]
    assert "42%" in row and "—" not in row


JOB_STAGES = ("queued", "stored", "reading", "classifying", "indexing", "done", "failed", "duplicate")


def _stage_labels(html: str) -> dict[str, str]:
    import re

    block = html.split('<template id="stage-labels">')[1].split("</template>")[0]
    return dict(re.findall(r'<span data-stage="([a-z]+)">([^<]+)</span>', block))


def test_upload_page_labels_every_job_stage_in_both_languages(client_as):
    client = client_as("pelaksana")
    indonesian = _stage_labels(client.get("/unggah").get_data(as_text=True))
    assert set(JOB_STAGES) <= set(indonesian)
    assert indonesian["reading"].startswith("Membersihkan gambar")
    client.get("/bahasa/en")
    english = _stage_labels(client.get("/unggah").get_data(as_text=True))
    client.get("/bahasa/id")
    assert english["reading"].startswith("Cleaning up") and english["indexing"] == "Saving and indexing"
    assert all(english[s] != indonesian[s] for s in ("stored", "reading", "classifying", "indexing"))
