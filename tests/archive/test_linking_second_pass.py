"""The second linking pass where a batch ends (issue 17): each document is linked as it comes, in upload order,
so a step document that may only join an activity (its partner written only in its text, never started from
it) and that comes before the letter that starts its activity is left unlinked by the first pass. When the
batch ends (``burt ingest``, the job runner), every unlinked document is tried again against the activities
that exist now, with the same rules; a later batch that starts the activity links the earlier one's too.
Checked without calling ``audit`` (which links what is left as well): the state right after ingest."""
from __future__ import annotations

from fakes import write_doc

from archive import db, service
from archive.db import ActivityLinkRow, select
from archive.linking import TEXT_NAMES_PARTNER, read_reason

PARTNER = "Desa Batu Merah Lestari"


def _report(tmp_path):
    """A step-1 report whose own head names no partner: the village is written only in its body's venue."""
    return write_doc(tmp_path / "laporan.json", [
        "LAPORAN HASIL KEGIATAN\nSOSIALISASI PROGRAM BUKU RUMAH TANGGA\nA. Waktu dan Tempat\n"
        f"Kegiatan dilaksanakan pada hari Selasa, 5 Maret 2024 di Balai {PARTNER}.\n"
        "B. Hasil\nMasyarakat menyambut baik program BuRT.\nParingin, 6 Maret 2024\nPelaksana Kegiatan"],
        doc_type="laporan_sosialisasi", sop_step=1, tanggal="2024-03-06")


def _mou(tmp_path):
    return write_doc(tmp_path / "mou.json", [
        "NOTA KESEPAHAMAN\nANTARA\nDINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN BALANGAN\nDENGAN\n"
        f"PEMERINTAH {PARTNER.upper()}\nNomor: 000.4.7.1/51/Bid.LPP/DISPERSIP/IV/2024\n"
        "tentang Program Buku Rumah Tangga"],
        doc_type="nota_kesepahaman", sop_step=2, nomor="000.4.7.1/51/Bid.LPP/DISPERSIP/IV/2024",
        tanggal="2024-04-10", partner=PARTNER)


def _links(settings) -> dict[str, tuple[int, str]]:
    with db.session_scope(settings) as session:
        return {r.document_id: (r.activity_id, r.reason) for r in session.scalars(select(ActivityLinkRow))
                if r.activity_id is not None}


def _ingest(settings, processor, paths) -> dict[str, str]:
    return {o.file.rsplit("/", 1)[-1]: o.id for o in service.ingest_paths(settings, paths, processor=processor)
            if o.status == "ingested"}


def test_a_report_before_its_partners_mou_in_one_batch_is_linked_when_the_batch_ends(settings, processor,
                                                                                    tmp_path):
    ids = _ingest(settings, processor, [_report(tmp_path), _mou(tmp_path)])
    links = _links(settings)
    assert ids["mou.json"] in links and ids["laporan.json"] in links
    assert links[ids["laporan.json"]][0] == links[ids["mou.json"]][0]
    assert read_reason(links[ids["laporan.json"]][1]).template == TEXT_NAMES_PARTNER


def test_a_report_of_an_earlier_batch_is_linked_when_the_mou_arrives_in_a_later_one(settings, processor,
                                                                                   tmp_path):
    first = _ingest(settings, processor, [_report(tmp_path)])
    assert first["laporan.json"] not in _links(settings)  # no activity yet: left alone, not started
    second = _ingest(settings, processor, [_mou(tmp_path)])
    links = _links(settings)
    assert links[first["laporan.json"]][0] == links[second["mou.json"]][0]


def test_a_report_naming_another_partner_stays_unlinked(settings, processor, tmp_path):
    """The pass decides with the same rules: a report of a village no activity bears is not pulled in."""
    other = write_doc(tmp_path / "laporan.json", [
        "LAPORAN HASIL KEGIATAN\nSOSIALISASI PROGRAM BUKU RUMAH TANGGA\nA. Waktu dan Tempat\n"
        "Kegiatan dilaksanakan pada hari Selasa, 5 Maret 2024 di Balai Desa Sungai Pandan Hilir.\n"
        "Paringin, 6 Maret 2024"], doc_type="laporan_sosialisasi", sop_step=1, tanggal="2024-03-06")
    ids = _ingest(settings, processor, [other, _mou(tmp_path)])
    assert ids["laporan.json"] not in _links(settings) and ids["mou.json"] in _links(settings)


def test_uploads_run_by_the_job_runner_are_linked_again_when_its_run_ends(settings, processor, tmp_path):
    """The web's uploads: the job runner's run over the jobs due is the batch."""
    import io

    jobs = [service.submit_upload(settings, p.name, io.BytesIO(p.read_bytes()), user="ani")
            for p in (_report(tmp_path), _mou(tmp_path))]
    assert service.run_pending_jobs(settings, processor) == 2
    ids = [service.get_job(settings, j.id).doc_id for j in jobs]
    links = _links(settings)
    assert ids[0] in links and links[ids[0]][0] == links[ids[1]][0]
