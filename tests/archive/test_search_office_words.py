"""Search in the office's words (issue 18): synonyms and abbreviations as data, type and step
labels, a suggestion whenever nothing is found, partner filters by part of the name, clamped
pages, the perihal as the snippet of a browse.  Real SQLite and Whoosh; OCR is replaced by the
documents' text at the pipeline seam (``fakes.text_processor``)."""
from __future__ import annotations

import pytest
from fakes import FakePipeline, text_processor, write_doc

from archive import db, service
from archive.records import SearchQuery
from archive.search.query import partner_values
from archive.search.synonyms import Aliases, label_phrases, load_groups, office_aliases
from archive.settings import load_settings
from archive.textnorm import words

CORPUS = {
    # an MoU whose text never says "MoU" or "kerjasama"
    "mou": (["NOTA KESEPAHAMAN antara Dinas Perpustakaan dan Kearsipan dengan Pemerintah Desa Sungai Pumpung "
             "tentang pengembangan layanan baca. Para pihak sepakat menjalankan program bersama."],
            dict(doc_type="nota_kesepahaman", sop_step=2, nomor="400.14/031/DISPERSIP/2024",
                 tanggal="2024-02-19", perihal="Pengembangan Layanan Baca", partner="Desa Sungai Pumpung")),
    "pks": (["PERJANJIAN KERJA SAMA tentang pengelolaan pojok baca sekolah antara Dinas dan SMP Negeri 2 Awayan."],
            dict(doc_type="nota_kesepahaman", sop_step=2, tanggal="2024-03-04", partner="SMP Negeri 2 Awayan")),
    "bast": (["Berita acara serah terima 40 eksemplar buku bacaan anak kepada Perpustakaan Desa Sungai Pumpung."],
             dict(doc_type="berita_acara_serah_terima", sop_step=4, tanggal="2024-05-02",
                  perihal="Serah Terima Buku Bacaan", partner="Perpustakaan Desa Sungai Pumpung")),
    "sk": (["Surat Keputusan Kepala Dinas tentang penetapan pengelola pojok baca desa."],
           dict(doc_type="lainnya", tanggal="2024-01-08", perihal="Penetapan Pengelola Pojok Baca")),
    "balasan": (["Menanggapi permohonan saudara, buku dapat dipinjam selama tiga bulan."],
                dict(doc_type="surat_balasan", sop_step=3, tanggal="2024-04-10", perihal="Tanggapan Permohonan",
                     partner="SD Negeri Lok Batu")),
}
for i in range(14):  # filler so paging has pages
    CORPUS[f"agenda{i:02d}"] = ([f"Buku agenda halaman {i}, catatan surat masuk dan arsip harian"],
                                dict(doc_type="agenda_surat_masuk", tanggal=f"2023-0{1 + i % 9}-1{i % 10}"))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("office-words")
    settings = load_settings(home=tmp / "home", environ={})
    paths, ids = [], {}
    for key, (pages, meta) in CORPUS.items():
        paths.append(write_doc(tmp / f"{key}.json", pages, **meta))
    for key, out in zip(CORPUS, service.ingest_paths(settings, paths, processor=FakePipeline(text_processor))):
        assert out.status == "ingested"
        ids[key] = out.id
    yield settings, ids
    db.close_db(settings)


def found(settings, text="", **kw):
    return [h.id for h in service.search(settings, SearchQuery(text=text, limit=50, **kw)).hits]


@pytest.mark.parametrize("text", ["MoU", "mou", "nota kesepahaman", "perjanjian kerja sama", "PKS"])
def test_every_name_of_an_agreement_finds_both_agreements(world, text):
    settings, ids = world
    hits = found(settings, text)
    assert ids["mou"] in hits and ids["pks"] in hits, text


@pytest.mark.parametrize("text", ["kerjasama", "kerja sama"])
def test_kerjasama_is_kerja_sama_and_finds_the_agreements(world, text):
    settings, ids = world
    hits = found(settings, text)
    assert ids["mou"] in hits and ids["pks"] in hits


def test_abbreviations_find_the_spelt_out_words(world):
    settings, ids = world
    assert ids["bast"] in found(settings, "BAST")
    assert ids["sk"] in found(settings, "SK")
    assert ids["sk"] in found(settings, "SK pojok baca")  # an abbreviation inside a longer query


def test_a_type_label_finds_the_documents_of_that_type(world):
    settings, ids = world
    assert found(settings, "surat balasan")[:1] == [ids["balasan"]]


def test_a_step_name_finds_the_documents_of_that_step(world):
    settings, ids = world
    assert ids["balasan"] in found(settings, "peminjaman kolektif")


def test_there_is_always_a_suggestion_when_nothing_is_found(world):
    settings, _ = world
    for text in ("qwxzv", "qwxzv zzkq", "xylofonik"):
        result = service.search(settings, SearchQuery(text=text))
        assert result.total == 0 and result.suggestion, text
        assert service.search(settings, SearchQuery(text=result.suggestion)).total > 0, text


def test_partner_filter_ignores_case_and_matches_part_of_the_name(world):
    settings, ids = world
    assert found(settings, partner="lok batu") == [ids["balasan"]]
    assert found(settings, partner="LOK BATU") == [ids["balasan"]]
    both = found(settings, partner="sungai pumpung")  # "Desa …" and "Perpustakaan Desa …"
    assert set(both) == {ids["mou"], ids["bast"]}
    assert found(settings, partner="Desa Tidak Ada") == []


def test_partner_values_match_whole_words_in_order():
    names = ["Desa Lok Batu", "SD Negeri Lok Batu", "Desa Batu Piring", "Lokbatu"]
    assert partner_values("lok batu", names) == ["Desa Lok Batu", "SD Negeri Lok Batu"]
    assert partner_values("  LOK  batu. ", names) == ["Desa Lok Batu", "SD Negeri Lok Batu"]
    assert partner_values("", names) == []


def test_a_page_past_the_last_is_the_last_page(world):
    settings, _ = world
    last = service.search(settings, SearchQuery(text="agenda", limit=5))
    pages = -(-last.total // 5)
    far = service.search(settings, SearchQuery(text="agenda", limit=5, page=99))
    assert pages > 1 and far.page == pages and far.hits
    assert len(far.hits) == last.total - 5 * (pages - 1)


def test_without_words_the_perihal_is_the_snippet(world):
    settings, ids = world
    result = service.search(settings, SearchQuery(doc_type="berita_acara_serah_terima"))
    [hit] = result.hits
    assert hit.id == ids["bast"] and hit.snippet == "Serah Terima Buku Bacaan"


def test_the_table_is_data_and_refuses_a_lonely_phrase():
    groups = load_groups()
    assert ["kerja sama", "kerjasama"] in groups and any("mou" in g for g in groups)
    with pytest.raises(ValueError):
        load_groups('groups = [["sk"]]')


def test_label_phrases_split_a_label_into_its_names():
    assert label_phrases("Nota kesepahaman (MoU) / perjanjian kerja sama") == [
        "nota kesepahaman", "mou", "perjanjian kerja sama"]
    assert "kerja sama" in label_phrases("Kerja sama dengan pihak terkait atau stakeholder lainnya")


def test_longest_phrase_wins_and_other_words_stay_alone():
    aliases = Aliases([["bast", "berita acara serah terima"], ["ba", "berita acara"]], [])
    spans = aliases.spans(words("berita acara serah terima desa"))
    assert [(s, e) for s, e, _ in spans] == [(0, 4), (4, 5)]
    assert spans[0][2].phrases == (("bast",),) and spans[1][2] is None


def test_the_office_table_knows_the_types_through_their_synonyms():
    aliases = office_aliases()
    assert ("doc_type", "nota_kesepahaman") in aliases.expansion(["mou"]).filters
    assert ("doc_type", "berita_acara_serah_terima") in aliases.expansion(["bast"]).filters
    assert ("sop_step", "2") in aliases.expansion(["kerjasama"]).filters
