"""bench/activities.py scores a register page's tanggal as "none expected" (issue 17: a table's first date
is not a letter date), and a letter's tanggal against its truth."""
from dataclasses import dataclass, field

from bench.activities import document_outcome

REGISTER_PAGE = ("BUKU AGENDA SURAT MASUK\nNo. Agenda  Tanggal Terima  Asal Surat  Nomor Surat\n"
                 "12  03-05-2024  Desa Lok Batu  140/21/DS/2024\n")
LETTER_PAGE = "Paringin, 3 Mei 2024\nNomor : 045/12/DISPUS/V/2024\nHal : Sosialisasi\n"


@dataclass
class Archived:
    """What the archive shows for one document (the fields the scorer reads)."""
    doc_type: str | None
    sop_step: int | None
    values: dict = field(default_factory=dict)
    needs_review: bool = False

    def value(self, name: str):
        return self.values.get(name)


def _truth(doc_type: str, step: int, page: str, tanggal: str, nomor: str | None = None) -> dict:
    return {"doc_type": doc_type, "sop_step": step, "pages": [page], "tanggal": tanggal, "nomor": nomor}


def test_a_register_page_that_gets_its_first_entry_date_is_wrongly_filled() -> None:
    truth = _truth("agenda_surat_masuk", 0, REGISTER_PAGE, "2024-05-03")
    taken = document_outcome(truth, Archived("agenda_surat_masuk", 0, {"tanggal": "2024-05-03"}))
    assert taken["fields"]["tanggal"]["outcome"] == "wrong" and taken["wrongly_filled"]
    empty = document_outcome(truth, Archived("agenda_surat_masuk", 0, {}))
    assert empty["fields"]["tanggal"]["outcome"] == "absent_ok" and not empty["wrongly_filled"]


def test_a_letter_is_scored_against_its_date() -> None:
    truth = _truth("undangan_sosialisasi", 1, LETTER_PAGE, "2024-05-03", "045/12/DISPUS/V/2024")
    right = document_outcome(truth, Archived("undangan_sosialisasi", 1,
                                             {"tanggal": "2024-05-03", "nomor": "045/12/DISPUS/V/2024"}))
    assert right["fields"]["tanggal"]["outcome"] == "exact" and right["all_right"]
    missing = document_outcome(truth, Archived("undangan_sosialisasi", 1, {"nomor": "045/12/DISPUS/V/2024"}))
    assert missing["fields"]["tanggal"]["outcome"] == "missing" and not missing["wrongly_filled"]
