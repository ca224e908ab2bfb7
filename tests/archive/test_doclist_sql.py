"""The document list filtered, sorted and paged in SQL (issue 18) gives what the rules say, on a
random archive with the awkward cases (missing and emptied fields, partners only from the
activity, equal keys, unlinked documents, mixed case): every sort both ways and every filter is
compared with a plain-Python statement of the rules (the list's earlier implementation), page by
page.  Real SQLite, or PostgreSQL where configured."""
from __future__ import annotations

import random

import pytest

from archive import service
from archive.db import ActivityLinkRow, ActivityRow, Document, FieldRow, session_scope
from archive.doclist import SORTS

BOTH_BACKENDS = True
NOW = "2024-01-01T00:00:00+00:00"
TYPES = ("surat_permohonan", "surat_balasan", "daftar_hadir", "nota_kesepahaman", "unknown_kind", None)
NAMES = ("Desa Lok Batu", "desa lok batu", "SD Negeri Halong", "Perpustakaan Desa Kusambi Hilir", "TBM Juai", "")


@pytest.fixture
def archive(settings):
    """120 documents with random list fields, 8 activities, a third linked, some unlinked by hand."""
    rnd = random.Random(1818)
    service.prepare(settings)
    docs: dict[str, dict] = {}
    with session_scope(settings) as s:
        acts = [ActivityRow(partner=rnd.choice(NAMES[:5]), partner_key=f"k{i}", period="2024", created_at=NOW)
                for i in range(8)]
        s.add_all(acts)
        s.flush()
        acts_by_id = {a.id: (a.partner, a.period) for a in acts}
        for i in range(120):
            doc_id = f"{rnd.randrange(16 ** 12):012x}"
            t = rnd.choice(TYPES)
            created = f"2024-0{rnd.randint(1, 3)}-0{rnd.randint(1, 3)}T00:00:00+00:00"  # many ties
            s.add(Document(id=doc_id, sha256=f"{i:064x}", filename=f"scan {i}.pdf", kind="pdf", size=1,
                           page_count=1, original_path=f"o/{doc_id}.pdf", doc_type=t,
                           sop_step=rnd.choice((None, 1, 2, 2, 5)), needs_review=rnd.random() < 0.3,
                           created_at=created, indexed=True))
            values = {"perihal": rnd.choice((None, "", "Permohonan buku")),
                      "tanggal": rnd.choice((None, "", "2024-02-10", "2024-05-03", "2023-12-31", "2024-05-03")),
                      "nomor": rnd.choice((None, "", "001/DISPERSIP/2024", "003/dispersip/2024", "010/X/2023")),
                      "partner": rnd.choice((None, *NAMES, " Desa Juai "))}
            docs[doc_id] = {"doc_type": t, "fields": {}}
            for name, value in values.items():
                if value is not None:
                    s.add(FieldRow(document_id=doc_id, name=name, value=value or None, confidence=0.9,
                                   set_by="ocr", set_at=NOW))
                    docs[doc_id]["fields"][name] = value or None
        s.flush()
        for doc_id in docs:
            roll = rnd.random()
            if roll < 0.4:
                act = rnd.choice(acts)
                s.add(ActivityLinkRow(document_id=doc_id, activity_id=act.id, linked_at=NOW))
            elif roll < 0.5:  # unlinked by a person
                s.add(ActivityLinkRow(document_id=doc_id, activity_id=None, linked_at=NOW, linked_by="ani"))
    return acts_by_id


def _reference(settings, args: dict) -> list[str]:
    """The rules in plain Python over every document (no paging)."""
    f = service.document_filters(args)
    labels = {t.id: t.label_id for t in service.document_types()}
    rows = []
    with session_scope(settings) as s:
        fields: dict[str, dict] = {}
        for r in s.query(FieldRow):
            fields.setdefault(r.document_id, {})[r.name] = r.value
        links = {r.document_id: r.activity_id for r in s.query(ActivityLinkRow)}
        acts = {a.id: a.partner for a in s.query(ActivityRow)}
        for d in s.query(Document):
            fv = fields.get(d.id, {})
            act = links.get(d.id)
            partner = (fv.get("partner") or "").strip() or (acts[act] if act else None)
            rows.append({"id": d.id, "doc_type": d.doc_type, "step": d.sop_step, "tanggal": fv.get("tanggal"),
                         "nomor": fv.get("nomor"), "partner": partner, "activity": act,
                         "review": bool(d.needs_review), "created": d.created_at})

    def keep(r) -> bool:
        return not ((f.doc_type and r["doc_type"] != f.doc_type) or (f.step and r["step"] != f.step)
                    or (f.partner and f.partner.casefold() not in (r["partner"] or "").casefold())
                    or (f.activity == "tanpa" and r["activity"] is not None)
                    or (f.activity.isdigit() and r["activity"] != int(f.activity))
                    or ((f.date_from or f.date_to) and not r["tanggal"])
                    or (f.date_from and (r["tanggal"] or "") < f.date_from)
                    or (f.date_to and (r["tanggal"] or "")[:10] > f.date_to)
                    or (f.needs_review and not r["review"]))

    def key(r):
        return {"tanggal": r["tanggal"] or None, "nomor": (r["nomor"] or "").casefold() or None,
                "jenis": (labels.get(r["doc_type"] or "") or r["doc_type"] or "").casefold() or None,
                "tahap": r["step"], "mitra": (r["partner"] or "").casefold() or None,
                "ditambah": r["created"] or None}[f.sort]

    kept = sorted((r for r in rows if keep(r)), key=lambda r: r["id"])
    known = sorted((r for r in kept if key(r) is not None), key=key, reverse=f.descending)
    return [r["id"] for r in known] + [r["id"] for r in kept if key(r) is None]


def _paged(settings, args: dict, size: int = 7) -> list[str]:
    first = service.document_list(settings, service.document_filters(args), page_size=size)
    ids = [r.id for r in first.rows]
    for page in range(2, first.pages + 1):
        ids += [r.id for r in service.document_list(settings, service.document_filters({**args, "hal": str(page)}),
                                                    page_size=size).rows]
    assert first.total == len(ids)
    return ids


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_both_ways_matches_the_rules_page_by_page(settings, archive, sort):
    for direction in ("asc", "desc"):
        args = {"urut": sort, "arah": direction}
        assert _paged(settings, args) == _reference(settings, args), (sort, direction)


def test_every_filter_matches_the_rules(settings, archive):
    act = next(iter(archive))
    cases = [{"jenis": "surat_balasan"}, {"tahap": "2"}, {"mitra": "LOK bat"}, {"mitra": "juai"}, {"mitra": "%"},
             {"kegiatan": str(act)}, {"kegiatan": "tanpa"}, {"dari": "2024-01-01"}, {"sampai": "2024-03-01"},
             {"dari": "2024-05-03", "sampai": "2024-05-03"}, {"ditinjau": "1"},
             {"jenis": "surat_permohonan", "mitra": "desa", "urut": "tanggal", "ditinjau": "1"}]
    for args in cases:
        assert _paged(settings, args) == _reference(settings, args), args
    assert _reference(settings, {"mitra": "lok batu"}), "the partner filter case must find something"
