"""The document list (``/dokumen``) on a 10 000-document archive: one page of 25, per filter and sort.

    .venv/bin/python bench/doclist.py                  # 10 000 documents, SQLite on a tmp home
    .venv/bin/python bench/doclist.py --docs 2000 --repeat 3
    .venv/bin/python bench/doclist.py --database-url postgresql+psycopg://...   # an empty database

The archive is made through the archive's own tables (``archive.db`` rows: documents with a type,
step, created time and review state, their list fields perihal / tanggal / nomor / partner, partly
missing as real captures are, and a third of them linked to one of 200 activities), so it measures
the list's reading, not OCR.  Each case is ``service.document_list`` with the web's page size (25):
the default list, each sort both ways, each filter, a page deep in the list and a combination; the
best of ``--repeat`` runs in ms with the load average beside it (the machine is shared).  Results go
to ``bench/out/doclist.json`` (``--label`` names the run, e.g. before / after).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import service  # noqa: E402
from archive.db import ActivityLinkRow, ActivityRow, Document, FieldRow, session_scope  # noqa: E402
from archive.settings import load_settings  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
PAGE_SIZE = 25  # web/documents.py's LIST_SIZE
TYPES = ("surat_permohonan", "surat_balasan", "undangan_sosialisasi", "daftar_hadir", "nota_kesepahaman",
         "berita_acara_serah_terima", None)
PLACES = ("Lok Batu", "Kusambi Hilir", "Tebing Tinggi", "Halong", "Lampihong", "Juai", "Awayan", "Paringin")
KINDS = ("Desa", "SD Negeri", "Perpustakaan Desa", "TBM")
CASES: tuple[tuple[str, dict[str, str]], ...] = (
    ("default (newest added)", {}),
    ("sort tanggal asc", {"urut": "tanggal", "arah": "asc"}),
    ("sort tanggal desc", {"urut": "tanggal", "arah": "desc"}),
    ("sort nomor asc", {"urut": "nomor", "arah": "asc"}),
    ("sort jenis asc", {"urut": "jenis", "arah": "asc"}),
    ("sort tahap desc", {"urut": "tahap", "arah": "desc"}),
    ("sort mitra asc", {"urut": "mitra", "arah": "asc"}),
    ("filter jenis", {"jenis": "surat_balasan"}),
    ("filter tahap", {"tahap": "2"}),
    ("filter mitra (part, any case)", {"mitra": "LOK bat"}),
    ("filter kegiatan", {"kegiatan": "7"}),
    ("filter tanpa kegiatan", {"kegiatan": "tanpa"}),
    ("filter dates", {"dari": "2024-03-01", "sampai": "2024-06-30"}),
    ("filter ditinjau", {"ditinjau": "1"}),
    ("page 200", {"hal": "200"}),
    ("combined", {"jenis": "surat_balasan", "mitra": "desa", "dari": "2023-01-01", "urut": "tanggal"}),
)


def make_archive(settings, count: int, seed: int = 18) -> None:
    rnd = random.Random(seed)
    service.prepare(settings)
    with session_scope(settings) as s:
        acts = [ActivityRow(partner=f"{rnd.choice(KINDS)} {rnd.choice(PLACES)}", partner_key=f"k{i}",
                            period=str(rnd.choice((2023, 2024, 2025))), created_at="2024-01-01T00:00:00+00:00")
                for i in range(200)]
        s.add_all(acts)
        s.flush()
        links: list[ActivityLinkRow] = []
        for i in range(count):
            doc_id = f"{i:012x}"
            t = rnd.choice(TYPES)
            s.add(Document(id=doc_id, sha256=f"{i:064x}", filename=f"IMG_{20240000 + i}.jpg", kind="jpeg", size=1000,
                           page_count=rnd.randint(1, 4), original_path=f"originals/{doc_id}.jpg", doc_type=t,
                           sop_step=None if t is None else rnd.randint(1, 6), needs_review=rnd.random() < 0.2,
                           created_at=f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T"
                                      f"{rnd.randint(0, 23):02d}:00:{i % 60:02d}+00:00", indexed=True))
            fields = {"perihal": f"Perihal surat nomor {i}" if rnd.random() < 0.7 else None,
                      "tanggal": f"{rnd.choice((2023, 2024))}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
                      if rnd.random() < 0.85 else None,
                      "nomor": f"{rnd.randint(1, 999):03d}/DISPERSIP/{rnd.choice((2023, 2024))}"
                      if rnd.random() < 0.75 else None,
                      "partner": f"{rnd.choice(KINDS)} {rnd.choice(PLACES)}" if rnd.random() < 0.6 else None}
            for name, value in fields.items():
                if value is not None or rnd.random() < 0.5:  # an emptied field keeps its row
                    s.add(FieldRow(document_id=doc_id, name=name, value=value, confidence=0.9, set_by="ocr",
                                   set_at="2024-01-01T00:00:00+00:00"))
            if rnd.random() < 0.33:
                links.append(ActivityLinkRow(document_id=doc_id, activity_id=rnd.choice(acts).id, linked_by="auto",
                                             reason="", confidence=0.9, linked_at="2024-01-01T00:00:00+00:00"))
            if i % 2000 == 1999 or i == count - 1:
                s.flush()  # documents before the links that refer to them
                s.add_all(links)
                s.flush()
                links.clear()


def measure(settings, repeat: int) -> list[dict]:
    out = []
    for name, args in CASES:
        filters = service.document_filters(args)
        best, total = float("inf"), 0
        for _ in range(repeat):
            started = time.perf_counter()
            listing = service.document_list(settings, filters, page_size=PAGE_SIZE)
            best = min(best, time.perf_counter() - started)
            total = listing.total
        out.append({"case": name, "ms": round(best * 1000, 1), "total": total, "load": os.getloadavg()[0]})
        print(f"{name:32s} {best * 1000:8.1f} ms  total {total:6d}  load {os.getloadavg()[0]:.2f}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--database-url", default="")
    ap.add_argument("--label", default="run")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        environ = {"BURT_WORKERS": "1"}
        if a.database_url:
            environ["BURT_DATABASE_URL"] = a.database_url
        settings = load_settings(home=Path(tmp), environ=environ)
        started = time.perf_counter()
        make_archive(settings, a.docs)
        print(f"made {a.docs} documents in {time.perf_counter() - started:.1f} s", flush=True)
        rows = measure(settings, a.repeat)
    OUT.mkdir(exist_ok=True)
    path = OUT / "doclist.json"
    runs = json.loads(path.read_text()) if path.exists() else {}
    runs[a.label] = {"docs": a.docs, "repeat": a.repeat, "uptime": os.getloadavg(), "cases": rows,
                     "database": "postgresql" if a.database_url else "sqlite"}
    path.write_text(json.dumps(runs, indent=1, ensure_ascii=False))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
