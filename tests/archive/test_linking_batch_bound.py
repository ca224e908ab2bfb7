"""The linking pass where a batch ends decides again only what the batch can change (issue 17).

An archive keeps many documents unlinked for good: its other letters, circulars, posts, agenda pages (a type
that is evidence of no SOP step) with no partner field. The linker reads nothing of theirs but their nomor and
rujukan (``_by_reference``) and the documents uploaded beside them (``_continued_upload``), so a batch can link
one only by a letter that cites it or that it cites, or by a document uploaded next to it. Deciding every one of
them again at every batch's end cost time that grew with the archive, not with the batch. Checked on the state
right after ingest (``audit`` decides every unlinked document again, as before)."""
from __future__ import annotations

import pytest
from fakes import write_doc

from archive import linking, service
from archive.linking import BY_REFERENCE, CONTINUES_UPLOAD, read_reason
from tests.archive.test_linking_continued_pages import _agreement
from tests.archive.test_linking_second_pass import _ingest, _links

PARTNER = "Desa Batu Merah Lestari"
NOMOR = "000.4.7.1/51/Bid.LPP/DISPERSIP/IV/2024"


def _mou(tmp_path, name="mou.json", text=None, partner=PARTNER, tanggal="2024-04-10"):
    text = text or (f"NOTA KESEPAHAMAN\nANTARA\nDINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN BALANGAN\nDENGAN\n"
                    f"PEMERINTAH {partner.upper()}\nNomor: {NOMOR}\ntentang Program Buku Rumah Tangga")
    return write_doc(tmp_path / name, [text], doc_type="nota_kesepahaman", sop_step=2, nomor=NOMOR,
                     tanggal=tanggal, partner=partner)


def _other(tmp_path, name: str, text: str, **meta):
    """A letter of no SOP step and no partner field (a circular, an invitation to another matter)."""
    return write_doc(tmp_path / name, [text], doc_type="lainnya", **meta)


@pytest.fixture
def decided(monkeypatch):
    """The documents the linker decides (``_auto_link_in``, the real one, run as before)."""
    seen: list[str] = []
    real = linking._auto_link_in

    def recording(session, doc_id, rules, cache=None):
        seen.append(doc_id)
        return real(session, doc_id, rules, cache)

    monkeypatch.setattr(linking, "_auto_link_in", recording)
    return seen


def test_a_letter_of_an_earlier_batch_citing_the_mou_is_linked_when_the_mou_arrives(settings, processor, tmp_path):
    first = _ingest(settings, processor, [_other(
        tmp_path, "balasan.json", f"Menindaklanjuti surat Nomor {NOMOR} perihal kerja sama, kami sampaikan ...",
        rujukan=[NOMOR])])
    assert first["balasan.json"] not in _links(settings)  # nothing it cites is archived yet
    second = _ingest(settings, processor, [_mou(tmp_path)])
    links = _links(settings)
    assert links[first["balasan.json"]][0] == links[second["mou.json"]][0]
    assert read_reason(links[first["balasan.json"]][1]).template == BY_REFERENCE


def test_a_letter_of_an_earlier_batch_cited_by_a_later_letter_is_linked(settings, processor, tmp_path):
    cited = "090/17/Umum/DISPERSIP/III/2024"
    first = _ingest(settings, processor, [_other(tmp_path, "surat.json", "Surat edaran ...", nomor=cited)])
    mou = write_doc(tmp_path / "mou.json", [f"NOTA KESEPAHAMAN ... {PARTNER} ... menindaklanjuti surat {cited}"],
                    doc_type="nota_kesepahaman", sop_step=2, nomor=NOMOR, tanggal="2024-04-10", partner=PARTNER,
                    rujukan=[cited])
    second = _ingest(settings, processor, [mou])
    links = _links(settings)
    assert links[first["surat.json"]][0] == links[second["mou.json"]][0]


def test_letters_the_batch_cannot_change_are_not_decided_again(settings, processor, tmp_path, decided):
    """Unlinked documents of an earlier batch: a circular that nothing of the next batch cites and that was
    uploaded beside no document linked now is not decided again; a step report (it may join by partner), and
    the two letters uploaded just before the next batch (its first document's neighbours) are."""
    report = write_doc(tmp_path / "laporan.json", [
        "LAPORAN HASIL KEGIATAN\nSOSIALISASI PROGRAM BUKU RUMAH TANGGA\nA. Waktu dan Tempat\n"
        f"Kegiatan dilaksanakan pada hari Selasa, 5 Maret 2024 di Balai {PARTNER}.\nParingin, 6 Maret 2024"],
        doc_type="laporan_sosialisasi", sop_step=1, tanggal="2024-03-06")
    first = _ingest(settings, processor, [
        _other(tmp_path, "edaran.json", "SURAT EDARAN tentang jam kerja selama bulan Ramadhan", nomor="800/5/Sek/2024"),
        _other(tmp_path, "nota.json", "NOTA DINAS pengadaan alat tulis kantor"),
        _other(tmp_path, "daftar.json", "DAFTAR HADIR apel pagi"),
        report,  # its neighbours (nota, daftar; undangan, cuti) are reached once it joins
        _other(tmp_path, "undangan.json", "UNDANGAN rapat evaluasi kinerja triwulan"),
        _other(tmp_path, "cuti.json", "SURAT IZIN CUTI tahunan pegawai")])
    assert not set(first.values()) & set(_links(settings))
    decided.clear()
    second = _ingest(settings, processor, [_mou(tmp_path)])
    assert first["edaran.json"] not in decided
    assert {first["laporan.json"], first["undangan.json"], first["cuti.json"]} <= set(decided)
    links = _links(settings)
    assert links[first["laporan.json"]][0] == links[second["mou.json"]][0]  # the report joins, as before
    service.audit(settings)  # the whole archive decided again: the circular stays unlinked all the same
    assert first["edaran.json"] not in _links(settings)


def test_a_continued_page_of_an_earlier_batch_joins_the_page_uploaded_next_to_it(settings, processor, tmp_path):
    """Page 2 of an agreement, typed as no step (its articles and signatures, the partner unreadable), uploaded
    at the end of one batch; its page 1 opens the next. The neighbour is reached, and page 2 joins."""
    partner, tanggal, page_one, page_two = _agreement("desa", 0, "bound")
    first = _ingest(settings, processor, [_other(tmp_path, "hal2.json", page_two)])
    second = _ingest(settings, processor, [_mou(tmp_path, "hal1.json", page_one, partner, str(tanggal))])
    links = _links(settings)
    assert links[first["hal2.json"]][0] == links[second["hal1.json"]][0]
    assert read_reason(links[first["hal2.json"]][1]).template == CONTINUES_UPLOAD
