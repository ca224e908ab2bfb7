"""Every search feature on a small generated corpus (real Whoosh, real SQLite)."""
from __future__ import annotations

import pytest
from fakes import FakePipeline, text_processor, write_doc

from archive import db, service
from archive.records import SearchQuery
from archive.settings import load_settings

CORPUS = {
    "undangan": (["Undangan sosialisasi Buku Rumah Tangga (BuRT) di Perpustakaan Desa Lok Batu. "
                  "Kegiatan dilaksanakan pada hari Senin pukul 09.00 WITA."],
                 dict(doc_type="undangan_sosialisasi", sop_step=1, nomor="005/045/DISPERSIP/2024",
                      tanggal="2024-03-05", perihal="Undangan Sosialisasi BuRT", partner="Desa Lok Batu")),
    "ocr_noisy": (["Laporan sosialisasi kcgiatan pcrpustakaan desa, pesorta hadir 30 orang."],
                  dict(doc_type="laporan_sosialisasi", sop_step=1, tanggal="2024-03-20", partner="Desa Lok Batu")),
    "mou": (["Nota Kesepahaman antara Dinas Perpustakaan dan SDN 1 Paringin tentang kerja sama "
             "pengembangan perpustakaan sekolah. PIHAK PERTAMA dan PIHAK KEDUA sepakat."],
            dict(doc_type="nota_kesepahaman", sop_step=2, nomor="400.14.5/012/DISPERSIP/2023",
                 tanggal="2023-07-11", perihal="Nota Kesepahaman Kerja Sama", partner="SDN 1 Paringin")),
    "permohonan": (["Surat permohonan kerja sama peminjaman koleksi buku untuk perpustakaan desa."],
                   dict(doc_type="surat_permohonan_kerja_sama", sop_step=2, tanggal="2023-05-02",
                        partner="Desa Tebing Tinggi", nomor="045/12/DESA-TT/2023")),
    "kerjasama_split": (["Balasan: kami bersedia bekerja dan sama-sama menjaga koleksi perpustakaan."],
                        dict(doc_type="surat_balasan", sop_step=3, tanggal="2022-11-30", partner="Desa Tebing Tinggi")),
    "daftar_buku": (["Daftar judul buku yang dipinjamkan: Ensiklopedia Anak, Kamus Bahasa Indonesia."],
                    dict(doc_type="daftar_judul_buku", sop_step=4, tanggal="2024-01-15", partner="SDN 1 Paringin")),
    "jadwal": (["Jadwal pembinaan perpustakaan sekolah dan desa bulan Agustus."],
               dict(doc_type="jadwal_pembinaan", sop_step=5, tanggal="2024-08-01")),
}
for i in range(12):  # filler so pagination has pages
    CORPUS[f"agenda{i:02d}"] = ([f"Agenda surat masuk nomor urut {i} buku agenda perpustakaan arsip"],
                                dict(doc_type="agenda_surat_masuk", tanggal=f"2021-0{1 + i % 9}-1{i % 10}"))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    settings = load_settings(home=tmp / "home", environ={})
    paths, ids = [], {}
    for key, (pages, meta) in CORPUS.items():
        paths.append(write_doc(tmp / f"{key}.json", pages, **meta))
    for key, out in zip(CORPUS, service.ingest_paths(settings, paths, processor=FakePipeline(text_processor))):
        assert out.status == "ingested"
        ids[key] = out.id
    yield settings, ids
    db.close_db(settings)


def search(settings, text="", **kw):
    return service.search(settings, SearchQuery(text=text, **kw))


def ids_of(result):
    return [h.id for h in result.hits]


def test_stemming_finds_other_forms(world):
    settings, ids = world
    # "pustaka" is the root of "perpustakaan"; "dipinjamkan" and "peminjaman" share "pinjam".
    assert ids["mou"] in ids_of(search(settings, "pustaka", limit=50))
    got = ids_of(search(settings, "pinjam"))
    assert ids["daftar_buku"] in got and ids["permohonan"] in got


@pytest.mark.parametrize("query", ["perpustakaan", "perpustakan", "pcrpustakaan"])
def test_ocr_variants_find_each_other(world, query):
    settings, ids = world
    got = ids_of(search(settings, query, limit=50))
    assert ids["ocr_noisy"] in got and ids["undangan"] in got


def test_misspelt_query_finds_noisy_document(world):
    settings, ids = world
    assert ids_of(search(settings, "kegiatan peserta"))[0] == ids["ocr_noisy"]


def test_exact_phrase_ranks_first_and_stop_list_keeps_kerja_sama(world):
    settings, ids = world
    got = ids_of(search(settings, "kerja sama"))
    assert got[0] in (ids["mou"], ids["permohonan"]) and ids["kerjasama_split"] in got
    assert ids_of(search(settings, '"kerja sama peminjaman"')) == [ids["permohonan"]]
    assert ids_of(search(settings, "pihak kedua"))[0] == ids["mou"]


def test_snippet_highlights_and_escapes(world):
    settings, ids = world
    hit = search(settings, "pcrpustakaan").hits[0]
    assert '<mark class="match">' in hit.snippet and "</mark>" in hit.snippet
    hit = search(settings, "peminjaman").hits[0]  # the stem matches "peminjaman" and "dipinjamkan"
    assert '<mark class="match">peminjaman</mark>' in hit.snippet.lower()
    from archive.search.results import _snippet
    assert _snippet("Surat <b>perpustakaan</b> & desa", {"perpustakaan"}) == \
        'Surat &lt;b&gt;<mark class="match">perpustakaan</mark>&lt;/b&gt; &amp; desa'


def test_facets_and_filters(world):
    settings, ids = world
    res = search(settings, "perpustakaan", limit=50)
    assert res.facets["sop_step"]["1"] == 2
    assert res.facets["partner"]["Desa Lok Batu"] == 2
    assert res.facets["doc_type"]["agenda_surat_masuk"] == 12
    step2 = search(settings, "perpustakaan", sop_step=2)
    assert set(ids_of(step2)) == {ids["mou"], ids["permohonan"]}
    assert ids_of(search(settings, "", doc_type="jadwal_pembinaan")) == [ids["jadwal"]]
    assert set(ids_of(search(settings, "", partner="SDN 1 Paringin"))) == {ids["mou"], ids["daftar_buku"]}
    assert set(ids_of(search(settings, "", year=2023))) == {ids["mou"], ids["permohonan"]}


def test_date_range_inclusive(world):
    settings, ids = world
    got = set(ids_of(search(settings, "", date_from="2024-03-05", date_to="2024-03-20")))
    assert got == {ids["undangan"], ids["ocr_noisy"]}
    assert ids["jadwal"] in ids_of(search(settings, "", date_from="2024-08-01"))


@pytest.mark.parametrize("nomor", ["400.14.5/012/DISPERSIP/2023", "4OO,l4.5/Ol2/DlSPERSIP/2023",
                                   "400.14.5 / 012 / dispersip / 2023"])
def test_nomor_exact_with_ocr_confusions(world, nomor):
    settings, ids = world
    assert ids_of(search(settings, nomor))[0] == ids["mou"]
    assert ids_of(search(settings, "", nomor=nomor)) == [ids["mou"]]


def test_nomor_with_a_slash_read_as_i(world):
    settings, ids = world
    # the document's nomor is 045/12/DESA-TT/2023; OCR (or a clerk copying it) read "/" as I or l
    assert ids_of(search(settings, "045/12/DESA-TTI2023"))[0] == ids["permohonan"]
    assert ids_of(search(settings, "", nomor="045l12/DESA-TT/2023")) == [ids["permohonan"]]


def test_partial_nomor(world):
    settings, ids = world
    assert ids_of(search(settings, "012/DISPERSIP"))[0] == ids["mou"]
    assert ids_of(search(settings, "", nomor="045/12/DESA-TT")) == [ids["permohonan"]]


def test_pagination_and_sort_by_date(world):
    settings, ids = world
    first = search(settings, "agenda", limit=5, page=1)
    third = search(settings, "agenda", limit=5, page=3)
    assert first.total == 12 and len(first.hits) == 5 and len(third.hits) == 2
    assert not set(ids_of(first)) & set(ids_of(third))
    by_date = search(settings, "perpustakaan", sort="date", limit=50)
    dates = [h.tanggal for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)
    oldest = search(settings, "perpustakaan", sort="date_asc", limit=50).hits[0].tanggal
    assert oldest == min(dates)


def test_more_like_this(world):
    settings, ids = world
    similar = [h.id for h in service.more_like_this(settings, ids["agenda00"])]
    assert similar and ids["agenda00"] not in similar
    assert all(s.startswith(tuple(ids[k] for k in ids if k.startswith("agenda"))) for s in similar[:5])


def test_did_you_mean(world):
    settings, ids = world
    assert search(settings, "agendaa suratt").suggestion == "agenda surat"
    assert search(settings, "agenda surat").suggestion is None


def test_suggest_prefix(world):
    settings, ids = world
    assert service.suggest(settings, "perpus")[0] == "perpustakaan"
    assert service.suggest(settings, "buku age")[0] == "buku agenda"
    assert service.suggest(settings, "") == []


def test_to_json_shape(world):
    settings, ids = world
    data = search(settings, "sosialisasi").to_json()
    assert {"total", "hits", "facets", "page", "limit"} <= set(data)
    assert set(data["hits"][0]) == {"id", "file", "title", "score", "snippet", "doc_type", "sop_step", "tanggal"}


def test_bad_query_inputs(world):
    from archive.errors import InvalidQueryError
    settings, _ = world
    with pytest.raises(InvalidQueryError):
        search(settings, "", date_from="kemarin")
    with pytest.raises(InvalidQueryError):
        search(settings, "x", sort="random")
    assert search(settings, "yang dan di").total == 0  # only stop words
    assert search(settings, "").total == len(CORPUS)  # browse everything


def test_time_limit_returns_what_was_scored_and_keeps_filters(world, monkeypatch):
    from archive.search import results as search_module
    settings, ids = world
    monkeypatch.setattr(search_module, "SEARCH_TIME_LIMIT_S", 0.0)
    res = search(settings, "perpustakaan", sop_step=2, limit=50)  # stops at once: no error, no stray hits
    assert set(ids_of(res)) <= {ids["mou"], ids["permohonan"]}
    monkeypatch.setattr(search_module, "SEARCH_TIME_LIMIT_S", 5.0)
    assert set(ids_of(search(settings, "perpustakaan", sop_step=2))) == {ids["mou"], ids["permohonan"]}
