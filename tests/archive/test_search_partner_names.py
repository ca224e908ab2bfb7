"""Partners normalised to one name in the search (issue 18): the spellings a letter, a clerk and
OCR give one partner are one facet entry and one filter value (real Whoosh, real SQLite, the fake
pipeline's production entry points)."""
from __future__ import annotations

import pytest
from fakes import FakePipeline, text_processor, write_doc

from archive import db, service
from archive.partners import canonical_name
from archive.records import SearchQuery
from archive.settings import load_settings

SPELLINGS = {"a": "Desa Lampihong", "b": "DESA LAMPIHONG", "c": "Ds. Lampihong", "d": "Kepala Desa Lampihong",
             "e": "Perpustakaan Desa Kusambi Hilir", "f": "Desa Kusambi Hilir", "g": "SDN 1 Paringin",
             "h": "SD Negeri 1 Paringin", "i": "SD Negeri 2 Paringin", "j": "Desa Lok Batu"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("partners")
    settings = load_settings(home=tmp / "home", environ={})
    paths = [write_doc(tmp / f"{k}.json", [f"Surat peminjaman buku perpustakaan nomor {n}"], partner=name,
                       doc_type="surat_permohonan", tanggal=f"2024-03-{n + 1:02d}")
             for n, (k, name) in enumerate(SPELLINGS.items())]
    outs = list(service.ingest_paths(settings, paths, processor=FakePipeline(text_processor)))
    assert all(o.status == "ingested" for o in outs), outs
    yield settings, {k: o.id for k, o in zip(SPELLINGS, outs)}
    db.close_db(settings)


def test_one_name_per_partner_whatever_the_spelling():
    assert {canonical_name(n) for n in ("Desa Lampihong", "DESA LAMPIHONG", "Ds. Lampihong")} == {"Desa Lampihong"}
    assert canonical_name("Perpustakaan Desa Kusambi Hilir") == canonical_name("Desa Kusambi Hilir")
    assert canonical_name("SDN 1 Paringin") == canonical_name("SD Negeri 1 Paringin") != \
        canonical_name("SD Negeri 2 Paringin")
    assert canonical_name("Desa Lok Batu") != canonical_name("Kelurahan Batu Piring")
    assert canonical_name("  ") == "" and canonical_name("Kabupaten Balangan") == "Kabupaten Balangan"


def test_the_partner_facet_shows_one_entry_per_partner(world):
    settings, _ids = world
    facet = service.search(settings, SearchQuery(text="peminjaman", limit=50)).facets["partner"]
    assert facet == {"Desa Lampihong": 4, "Desa Kusambi Hilir": 2, "SD 1 Paringin": 2, "SD 2 Paringin": 1,
                     "Desa Lok Batu": 1}, facet


@pytest.mark.parametrize("typed", ["Ds. Lampihong", "DESA LAMPIHONG", "lampihong", "Desa Lampihong"])
def test_any_spelling_filters_the_one_partner(world, typed):
    settings, ids = world
    hits = service.search(settings, SearchQuery(partner=typed, limit=50)).hits
    assert {h.id for h in hits} == {ids[k] for k in "abcd"}


def test_a_school_number_keeps_schools_apart(world):
    settings, ids = world
    hits = service.search(settings, SearchQuery(partner="SDN 1 Paringin", limit=50)).hits
    assert {h.id for h in hits} == {ids["g"], ids["h"]}
