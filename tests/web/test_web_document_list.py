"""The document list like paperless-ngx's (issue 18 item 3) over the committed samples archived by
the real pipeline (a private copy: SQLite, Whoosh, Flask test client with CSRF on): thumbnails,
readable titles, sortable columns, filters, the total count and clamped paging; bulk edit through
the audited correction and link paths; saved views private and shared; pages at screen size."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from web_helpers import PASSWORD, ROLES, csrf_from, login, make_settings

from archive import service
from web.app import create_app

pytestmark = [pytest.mark.slow]

ROW_ID = re.compile(r'<tr data-id="([0-9a-f]+)"')


@pytest.fixture(scope="module")
def settings(sample_archive, tmp_path_factory):
    s = make_settings(sample_archive.copy(tmp_path_factory.mktemp("doclist")))
    for role in ROLES:
        service.add_user(s, role, role, password=PASSWORD)
    return s


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})


@pytest.fixture(scope="module")
def docs(settings, sample_archive):
    """Every archived sample as its detail record (what the list is checked against)."""
    ids = [line["id"] for line in sample_archive.lines if line.get("status") == "ingested"]
    assert len(ids) >= 10
    return {i: service.get_document(settings, i) for i in ids}


def _client(app, role):
    c = app.test_client()
    assert login(c, role).status_code == 302
    return c


@pytest.fixture(scope="module")
def clerk(app):
    return _client(app, "pelaksana")


def _ids(html: str) -> list[str]:
    return ROW_ID.findall(html)


def _count(html: str) -> int:
    m = re.search(r'id="doc-count"[^>]*><strong>(\d+)</strong>', html)
    assert m, "no total count"
    return int(m.group(1))


def _list(client, **args) -> str:
    resp = client.get("/dokumen?" + urlencode(args))
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def _partner(settings, doc) -> str:
    act = service.activity_of(settings, doc.id)
    return doc.value("partner") or (act.summary.partner if act else "")


def test_the_list_counts_every_document_with_thumbnails_and_readable_titles(clerk, docs):
    html = _list(clerk)
    assert _count(html) == len(docs)
    assert f"<strong>{len(docs)}</strong> dokumen" in html
    assert len(_ids(html)) == len(docs)
    for doc_id in docs:
        assert f'/dokumen/{doc_id}/gambar-kecil/1"' in html
    titles = re.findall(r'class="doc-title-link">([^<]*)</a>', html)
    untitled = [d for d in docs.values() if not d.value("perihal")]
    assert untitled, "some samples have no perihal"
    for d in untitled:  # type · partner · date instead of a camera file name
        title = re.search(rf'/dokumen/{d.id}" class="doc-title-link">([^<]*)</a>', html).group(1)
        label = next((t.label_id for t in service.document_types() if t.id == d.doc_type), None)
        assert title != d.filename.rsplit(".", 1)[0], title
        assert title.startswith(label) if label else " · " in title
    assert not any(t.startswith("IMG_") for t in titles)
    # the document page says the same
    d = untitled[0]
    page = clerk.get(f"/dokumen/{d.id}").get_data(as_text=True)
    assert re.search(r'<h1 class="doc-title">([^<]*)</h1>', page).group(1) == service.readable_title(d)


@pytest.mark.parametrize("key,value", [
    ("tanggal", lambda d: d.value("tanggal")),
    ("nomor", lambda d: (d.value("nomor") or "").casefold() or None),
    ("tahap", lambda d: d.sop_step),
    ("ditambah", lambda d: d.created_at),
])
def test_sorting_both_ways_puts_missing_values_last_and_ties_in_id_order(clerk, docs, key, value):
    for direction in ("asc", "desc"):
        html = _list(clerk, urut=key, arah=direction)
        order = _ids(html)
        assert sorted(order) == sorted(docs)
        keys = [value(docs[i]) for i in order]
        known = [k for k in keys if k is not None]
        assert keys[:len(known)] == known, "documents without a value come last"
        assert known == sorted(known, reverse=direction == "desc")
        for a, b in zip(order, order[1:]):  # stable: equal values keep id order
            if value(docs[a]) == value(docs[b]):
                assert a < b
        sort_dir = "ascending" if direction == "asc" else "descending"
        assert re.search(rf'aria-sort="{sort_dir}" data-sort="{key}"', html)
        assert html.count("aria-sort=") == 1


def test_partner_filter_is_case_insensitive_and_partial(clerk, settings, docs):
    html = _list(clerk, mitra="kusambi")
    expected = {i for i, d in docs.items() if "kusambi" in _partner(settings, d).casefold()}
    assert expected and set(_ids(html)) == expected
    assert _count(html) == len(expected) < len(docs)
    assert 'value="kusambi"' in html  # the form shows the active filter


def test_type_step_date_review_and_activity_filters(clerk, settings, docs):
    some_type = next(d.doc_type for d in docs.values() if d.doc_type)
    html = _list(clerk, jenis=some_type)
    assert set(_ids(html)) == {i for i, d in docs.items() if d.doc_type == some_type}

    step = next(d.sop_step for d in docs.values() if d.sop_step)
    html = _list(clerk, tahap=step)
    assert set(_ids(html)) == {i for i, d in docs.items() if d.sop_step == step}

    dated = sorted(d.value("tanggal") for d in docs.values() if d.value("tanggal"))
    low, high = dated[1], dated[-2]
    html = _list(clerk, dari=low, sampai=high)
    assert set(_ids(html)) == {i for i, d in docs.items() if d.value("tanggal") and low <= d.value("tanggal") <= high}
    # a clerk's date form works too
    y, m, day = low.split("-")
    assert _ids(_list(clerk, dari=f"{int(day)}-{m}-{y}", sampai=high)) == _ids(html)

    html = _list(clerk, ditinjau=1)
    assert _count(html) == service.review_count(settings)
    assert set(_ids(html)) == {item.document.id for item in service.review_queue(settings)}

    act = service.list_activities(settings)[0]
    members = {d.id for d in service.get_activity(settings, act.id).documents}
    assert set(_ids(_list(clerk, kegiatan=act.id))) == members
    unlinked = {i for i in docs if service.activity_of(settings, i) is None}
    assert set(_ids(_list(clerk, kegiatan="tanpa"))) == unlinked


def test_paging_is_clamped_and_keeps_the_filters(clerk, docs):
    html = _list(clerk, hal=99, urut="nomor")
    assert len(_ids(html)) == len(docs) and "Halaman 99" not in html  # one page of 25
    assert _ids(html) == _ids(_list(clerk, urut="nomor"))
    html = _list(clerk, hal="abc")
    assert len(_ids(html)) == len(docs)


def _bulk(client, ids, **form):
    page = _list(client)
    data = {"csrf_token": csrf_from(page), "dokumen": ids, "kembali": "urut=nomor", **form}
    return client.post("/dokumen/ubah-bersama", data=data)


def test_bulk_edit_of_type_and_partner_is_audited_per_document(clerk, settings, docs):
    two = sorted(docs)[:2]
    target = next(t.id for t in service.document_types() if all(docs[i].doc_type != t.id for i in two))
    resp = _bulk(clerk, two, kolom="doc_type", nilai_jenis=target)
    assert resp.status_code == 302 and "urut=nomor" in resp.headers["Location"]
    page = clerk.get(resp.headers["Location"]).get_data(as_text=True)
    assert "2 dari 2 dokumen diubah" in page
    step = next(t.step for t in service.document_types() if t.id == target)
    for i in two:
        d = service.get_document(settings, i)
        assert d.doc_type == target and d.sop_step == step
        entry = next(e for e in service.audit_log(settings, doc_id=i, limit=10) if e.action == "document.correct")
        assert entry.action == "document.correct" and entry.user == "pelaksana"
        assert entry.detail["doc_type"]["new"] == target
    # the same change again changes nothing
    resp = _bulk(clerk, two, kolom="doc_type", nilai_jenis=target)
    assert "0 dari 2 dokumen diubah" in clerk.get(resp.headers["Location"]).get_data(as_text=True)

    resp = _bulk(clerk, two, kolom="partner", nilai_mitra="Desa Uji Bersama")
    assert resp.status_code == 302
    assert set(_ids(_list(clerk, mitra="uji bersama"))) == set(two)
    for i in two:
        assert service.get_document(settings, i).fields["partner"].set_by == "pelaksana"


def test_bulk_move_to_an_activity_uses_the_audited_link(clerk, settings, docs):
    act = service.list_activities(settings)[-1]
    outside = [i for i in sorted(docs) if (service.activity_of(settings, i) or None) is None
               or service.activity_of(settings, i).summary.id != act.id][:2]
    resp = _bulk(clerk, outside, kolom="activity", nilai_kegiatan=str(act.id))
    assert resp.status_code == 302
    for i in outside:
        assert service.activity_of(settings, i).summary.id == act.id
        actions = [e.action for e in service.audit_log(settings, doc_id=i, limit=5)]
        assert any(a.startswith("activity.") for a in actions), actions
    resp = _bulk(clerk, outside[:1], kolom="activity", nilai_kegiatan="tanpa")
    assert service.activity_of(settings, outside[0]) is None


def test_bulk_edit_needs_edit_permission_and_csrf(app, clerk, docs):
    auditor = _client(app, "auditor")
    page = _list(auditor)
    assert 'id="bulk-form"' not in page and 'name="dokumen"' not in page
    resp = auditor.post("/dokumen/ubah-bersama", data={"csrf_token": csrf_from(page), "dokumen": sorted(docs)[:1],
                                                       "kolom": "sop_step", "nilai_tahap": "1"})
    assert resp.status_code == 403
    resp = clerk.post("/dokumen/ubah-bersama", data={"dokumen": sorted(docs)[:1], "kolom": "sop_step",
                                                     "nilai_tahap": "1"})
    assert resp.status_code == 400


def _save(client, name, query, shared=False):
    page = _list(client)
    data = {"csrf_token": csrf_from(page), "nama": name, "kembali": query}
    if shared:
        data["bersama"] = "1"
    return client.post("/dokumen/tampilan", data=data)


def test_saved_views_are_private_or_shared_and_only_the_owner_deletes(app, clerk, settings):
    other = _client(app, "sekretaris")
    resp = _save(clerk, "Kusambi menurut nomor", "mitra=kusambi&urut=nomor&arah=asc&hal=3")
    assert resp.status_code == 302 and "mitra=kusambi" in resp.headers["Location"] and "hal=" not in resp.headers["Location"]
    page = clerk.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Kusambi menurut nomor" in page and 'aria-current="page"' in page
    assert "Kusambi menurut nomor" not in _list(other)  # private

    assert _save(clerk, "Perlu ditinjau bersama", "ditinjau=1", shared=True).status_code == 302
    seen = _list(other)
    assert "Perlu ditinjau bersama" in seen and "Kusambi menurut nomor" not in seen
    shared = next(v for v in service.list_views(settings, "sekretaris") if v.shared)
    assert shared.owner == "pelaksana" and shared.query == {"ditinjau": "1"}
    # someone else cannot delete it; the owner can
    resp = other.post(f"/dokumen/tampilan/{shared.id}/hapus", data={"csrf_token": csrf_from(seen)})
    assert resp.status_code == 403
    private = next(v for v in service.list_views(settings, "pelaksana") if not v.shared)
    resp = other.post(f"/dokumen/tampilan/{private.id}/hapus", data={"csrf_token": csrf_from(seen)})
    assert resp.status_code == 404
    resp = clerk.post(f"/dokumen/tampilan/{shared.id}/hapus", data={"csrf_token": csrf_from(_list(clerk))})
    assert resp.status_code == 302
    assert "Perlu ditinjau bersama" not in _list(other)
    assert _save(clerk, "   ", "ditinjau=1").status_code == 400


def test_pages_are_served_small_at_screen_size_with_the_full_png_on_demand(clerk, settings, docs):
    doc_id = sorted(docs)[0]
    png = clerk.get(f"/dokumen/{doc_id}/halaman/1")
    small = clerk.get(f"/dokumen/{doc_id}/layar/1?w=1200")
    assert small.status_code == 200 and small.mimetype == "image/webp" and small.data[8:12] == b"WEBP"
    assert len(small.data) * 4 < len(png.data)
    again = clerk.get(f"/dokumen/{doc_id}/layar/1?w=1100")  # rounded up to 1200: the kept file
    assert again.data == small.data
    assert len(clerk.get(f"/dokumen/{doc_id}/layar/1?w=400").data) < len(small.data)
    page = clerk.get(f"/dokumen/{doc_id}").get_data(as_text=True)
    assert f"/dokumen/{doc_id}/layar/1?w=1200" in page and f"/dokumen/{doc_id}/halaman/1" in page
    assert 'id="zoom-200"' in page and 'aria-pressed="true"' in page
    assert 'class="pages zoom-200"' in clerk.get(f"/dokumen/{doc_id}?zoom=200").get_data(as_text=True)
    report = service.verify(settings)
    assert report.ok, report  # the kept images are recorded derivatives, not orphans
