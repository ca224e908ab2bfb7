"""The document list's service (issue 18 item 3) on documents archived through the production paths
with the fake pipeline (real SQLite, or PostgreSQL where configured; real Whoosh): sorting both ways
with missing values last and ties in id order, every filter, the count and clamped paging, bulk edit
audited per document, saved views private and shared, and pages at screen size."""
from __future__ import annotations

import pytest
from fakes import write_doc

from archive import service
from archive.errors import DocumentNotFoundError, InvalidChangeError

BOTH_BACKENDS = True

SPECS = [  # name, doc_type, fields
    ("a", "surat_balasan", {"nomor": "003/DISPERSIP/2024", "tanggal": "2024-05-03", "partner": "Desa Lok Batu",
                            "perihal": "Balasan peminjaman"}),
    ("b", "undangan_sosialisasi", {"nomor": "001/DISPERSIP/2024", "tanggal": "2024-02-10",
                                   "partner": "Perpustakaan Desa Kusambi Hilir"}),
    ("c", "daftar_hadir", {"tanggal": "2024-02-10", "partner": "Desa Kusambi Hilir"}),
    ("d", None, {"nomor": "010/X/2023"}),
    ("e", "surat_balasan", {"nomor": "002/DISPERSIP/2024", "tanggal": "2024-07-01", "partner": "Desa Tebing Tinggi"}),
]


@pytest.fixture
def archived(settings, processor, tmp_path):
    files = [write_doc(tmp_path / f"{name}.json", [f"Surat {name} perpustakaan"], doc_type=t,
                       sop_step=next((x.step for x in service.document_types() if x.id == t), None), **fields)
             for name, t, fields in SPECS]
    outs = list(service.ingest_paths(settings, files, processor=processor))
    assert all(o.status == "ingested" for o in outs), outs
    return {name: o.id for (name, _t, _f), o in zip(SPECS, outs)}


def _ids(settings, **args) -> list[str]:
    return [r.id for r in service.document_list(settings, service.document_filters(args), page_size=100).rows]


def test_sorting_puts_missing_values_last_both_ways_and_ties_in_id_order(settings, archived):
    n = {v: k for k, v in archived.items()}
    asc = [n[i] for i in _ids(settings, urut="tanggal", arah="asc")]
    desc = [n[i] for i in _ids(settings, urut="tanggal", arah="desc")]
    tie = sorted([archived["b"], archived["c"]])  # the same tanggal: id order both ways
    assert asc[:2] == [n[i] for i in tie] and asc[2:] == ["a", "e", "d"]
    assert desc == ["e", "a"] + [n[i] for i in tie] + ["d"]
    assert [n[i] for i in _ids(settings, urut="nomor", arah="asc")] == ["b", "e", "a", "d", "c"]
    assert [n[i] for i in _ids(settings, urut="nomor", arah="desc")] == ["d", "a", "e", "b", "c"]
    assert [n[i] for i in _ids(settings, urut="mitra", arah="asc")][-1] == "d"  # no partner: last
    steps = [service.get_document(settings, i).sop_step for i in _ids(settings, urut="tahap", arah="asc")]
    known = [s for s in steps if s is not None]
    assert known == sorted(known) and steps[len(known):] == [None] * (len(steps) - len(known))


def test_filters_count_and_clamped_paging(settings, archived):
    n = {v: k for k, v in archived.items()}
    assert {n[i] for i in _ids(settings, mitra="KUSAMBI")} == {"b", "c"}
    assert {n[i] for i in _ids(settings, mitra="lok bat")} == {"a"}
    assert {n[i] for i in _ids(settings, jenis="surat_balasan")} == {"a", "e"}
    assert {n[i] for i in _ids(settings, tahap="1")} == {"b", "c"}
    assert {n[i] for i in _ids(settings, dari="2024-02-11", sampai="2024-06-30")} == {"a"}
    assert {n[i] for i in _ids(settings, dari="10-02-2024", sampai="10 Februari 2024")} == {"b", "c"}
    flagged = {item.document.id for item in service.review_queue(settings)}
    assert flagged and set(_ids(settings, ditinjau="1")) == flagged
    assert set(_ids(settings, jenis="bukan_jenis")) == set(archived.values())  # an unknown type is no filter

    f = service.document_filters({"hal": "99", "urut": "nomor", "arah": "asc"})
    page = service.document_list(settings, f, page_size=2)
    assert (page.total, page.pages, page.page) == (5, 3, 3) and [n[r.id] for r in page.rows] == ["c"]
    assert page.filters.query() == {"urut": "nomor", "hal": "3"}
    assert service.document_list(settings, service.document_filters({"hal": "-1"}), page_size=2).page == 1


def test_readable_titles_fall_back_to_type_partner_and_date(settings, archived):
    rows = {r.id: r for r in service.document_list(settings, service.document_filters({}), page_size=10).rows}
    assert rows[archived["a"]].title == "Balasan peminjaman"
    assert rows[archived["c"]].title == "Daftar hadir · Desa Kusambi Hilir · 10 Februari 2024"
    assert rows[archived["d"]].title == "d"  # nothing known: the file name
    assert service.readable_title(service.get_document(settings, archived["c"])) == rows[archived["c"]].title


def test_bulk_edit_is_audited_per_document_and_all_or_nothing(settings, archived):
    two = [archived["a"], archived["e"]]
    assert service.bulk_edit(settings, two, "doc_type", "berita_acara_serah_terima", user="ani") == 2
    for i in two:
        d = service.get_document(settings, i)
        assert (d.doc_type, d.sop_step) == ("berita_acara_serah_terima", 4)
        entry = next(e for e in service.audit_log(settings, doc_id=i) if e.action == "document.correct")
        assert entry.user == "ani" and entry.detail["doc_type"] == {"old": "surat_balasan",
                                                                   "new": "berita_acara_serah_terima"}
    assert set(_ids(settings, jenis="berita_acara_serah_terima")) == set(two)  # and the list follows
    assert service.bulk_edit(settings, two, "doc_type", "berita_acara_serah_terima", user="ani") == 0
    assert service.bulk_edit(settings, two + [archived["b"]], "partner", "Desa Baru", user="ani") == 3
    assert set(_ids(settings, mitra="desa baru")) == set(two + [archived["b"]])
    with pytest.raises(DocumentNotFoundError):
        service.bulk_edit(settings, [archived["c"], "000000000000"], "sop_step", 6, user="ani")
    assert service.get_document(settings, archived["c"]).sop_step == 1  # nothing changed
    with pytest.raises(InvalidChangeError):
        service.bulk_edit(settings, two, "filename", "x", user="ani")


def test_bulk_activity_change_links_and_unlinks_audited(settings, archived):
    act = service.create_activity(settings, "Desa Uji", "2024", user="ani")
    two = [archived["b"], archived["d"]]
    assert service.bulk_edit(settings, two, "activity", act.id, user="ani") == 2
    assert set(_ids(settings, kegiatan=str(act.id))) == set(two)
    for i in two:
        assert any(e.action.startswith("activity.") and e.user == "ani" for e in service.audit_log(settings, doc_id=i))
    assert service.bulk_edit(settings, two, "activity", None, user="ani") == 2
    assert set(two) <= set(_ids(settings, kegiatan="tanpa"))


def test_saved_views_private_and_shared(settings):
    mine = service.save_view(settings, " Kusambi  terbaru ", {"mitra": "kusambi", "hal": "4", "bogus": "x"}, user="ani")
    assert mine.name == "Kusambi terbaru" and mine.query == {"mitra": "kusambi"} and not mine.shared
    shared = service.save_view(settings, "Perlu ditinjau", {"ditinjau": "1", "urut": "tanggal"}, user="ani",
                               shared=True)
    assert [v.name for v in service.list_views(settings, "ani")] == ["Kusambi terbaru", "Perlu ditinjau"]
    assert [v.id for v in service.list_views(settings, "budi")] == [shared.id]
    with pytest.raises(InvalidChangeError) as refused:
        service.delete_view(settings, shared.id, user="budi")
    assert refused.value.code == "view_not_yours" and refused.value.http_status == 403
    with pytest.raises(InvalidChangeError) as hidden:
        service.delete_view(settings, mine.id, user="budi")
    assert hidden.value.code == "view_not_found"
    assert service.delete_view(settings, shared.id, user="ani").id == shared.id
    assert service.list_views(settings, "budi") == []
    with pytest.raises(InvalidChangeError):
        service.save_view(settings, "  ", {}, user="ani")


def test_a_page_at_screen_size_is_made_once_and_recorded(settings, archived):
    doc_id = archived["a"]
    first = service.page_screen_image(settings, doc_id, 1, 1000)
    assert first.name == "screen-0001-w1200.webp" and first.read_bytes()[8:12] == b"WEBP"
    stamp = first.stat().st_mtime_ns
    assert service.page_screen_image(settings, doc_id, 1, 1200) == first and first.stat().st_mtime_ns == stamp
    assert "screen-0001-w1200.webp" in service.get_document(settings, doc_id).derivatives
    assert service.verify(settings).ok
    with pytest.raises(DocumentNotFoundError):
        service.page_screen_image(settings, doc_id, 9, 800)
