"""Issue 17, held-out grouping (held_out_2001's misses), rebuilt from generated material: partner names and
dates that OCR damaged in ways the linker did not read through.

- A kind word split by a space on a letter-spaced title ("PERPUSTAKAAN KECA MATAN X") is still the kind.
- An addressee read line by line with the number block beside it ("Kepala Perpustakaan Desa" / "Lampiran : -
  Sahabat Gemilang") keeps no label in its name.
- A name cut inside its last word where its line ended ("DI TAMAN BACAAN MASYARAKAT PUSTA") is completed from
  the name the text writes whole ("Aula TBM Pustaka Nusa"), so the activity it starts is the partner's.
- A letter whose year a cited letter of a later year contradicts ("04 Maret 2021" answering ".../III/2024")
  joins the partner's activity of the cited year; it never starts one of the misread year.
- A schedule whose other rows OCR garbled ("Perpustakaan I esa Juai") is linked by its one readable row of a
  partner with an activity in its period.
Each rule has its guard: what must stay apart or unlinked."""
from __future__ import annotations

import dataclasses
import random
import re
from datetime import date

import pytest

from archive.audit import EvidenceDoc, load_rules
from archive.linking import MIN_LOST_CORE, NEW_ACTIVITY, SAME_PARTNER_NO_DATE, decide_link, read_reason
from archive.partners import lists_partner, names_several_partners, normalise_partner, written_longer
from samples.generate import make_activity_v2, make_document
from samples.partners import PARTNER_KINDS, make_partner
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
# One-word kind spellings a partner's name may start with, long enough to be split by OCR.
LONG_KIND_WORDS = ("Kecamatan", "Kelurahan", "Perpustakaan", "Komunitas", "Pesantren")


def _partners():
    for kind in PARTNER_KINDS:
        for seed in range(6):
            yield make_partner(random.Random(f"misread-{kind}-{seed}"), seed % 2 == 1, kind)


def _split_kind_word(name: str, rng: random.Random, lost: int = 0) -> str | None:
    """``name`` with its first long kind word split by a space inside it, or None when it has none; with ``lost``,
    that many letters after the space are lost to it (a photocopy's toner dropout: "KEL RAHAN" for "KELURAHAN")."""
    for word in LONG_KIND_WORDS:
        m = re.search(rf"\b{word}\b", name, re.IGNORECASE)
        if m:
            at = m.start() + rng.randrange(3, len(word) - 2)
            return name[:at] + " " + name[at + lost:]
    return None


def test_a_kind_word_split_by_a_space_is_still_the_kind():
    tried = 0
    for partner in _partners():
        split = _split_kind_word(partner.name, random.Random(partner.name))
        if split is None:
            continue
        tried += 1
        assert normalise_partner(split).key == normalise_partner(partner.name).key, (partner.name, split)
        assert normalise_partner(split.upper()).key == normalise_partner(partner.name).key, split
    assert tried >= 10


def test_a_kind_word_that_lost_a_letter_to_a_blank_is_still_the_kind():
    tried = 0
    for partner in _partners():
        lost = _split_kind_word(partner.name, random.Random(partner.name), lost=1)
        if lost is None:
            continue
        tried += 1
        assert normalise_partner(lost).key == normalise_partner(partner.name).key, (partner.name, lost)
        assert normalise_partner(lost.upper()).key == normalise_partner(partner.name).key, lost
    assert tried >= 10


def test_an_abbreviated_kind_with_its_dot_is_no_lost_letter():
    assert normalise_partner("Kel. Rahan").key == "kelurahan:rahan"  # "Kel." and a name, not "KEL_RAHAN"


def test_two_words_of_a_name_that_do_not_spell_a_kind_stay_apart():
    assert normalise_partner("Desa Lok Batu").core == "lokbatu"
    assert normalise_partner("Ke Camat Batu").kind is None  # "kecamat" spells no kind: no guess
    assert normalise_partner("Paringin Selatan").kind is None
    assert normalise_partner("Desa Kelu Rahan").key == "desa:kelurahan"  # only the first words, once a kind is read


def test_a_library_head_with_its_kind_word_split_joins_the_partners_activity():
    for seed in range(4):
        act = make_activity_v2(random.Random(f"split-{seed}"), seed % 2 == 1, "kecamatan")
        partner = act.partner.name
        split = _split_kind_word(partner, random.Random(seed))
        assert split is not None
        day = date(2024, 3, 18)
        doc = EvidenceDoc(id="list", doc_type="daftar_judul_buku", tanggal=day,
                          partner=f"PERPUSTAKAAN {split.upper()}")
        acts = [_act(1, partner, day.year, ["nota_kesepahaman"]), _act(2, partner, day.year - 3, ["surat_balasan"])]
        got = decide_link(doc, acts, RULES, text=f"DAFTAR JUDUL BUKU\nPERPUSTAKAAN {split.upper()}\n")
        assert got.activity_id == 1, (split, got)


@pytest.mark.parametrize("label", ["Lampiran : -", "Lampiran: -", "LAMPIRAN : —", "Sifat :", "Hal : -", "Lampiran -", "Hal —"])
def test_an_empty_label_read_inside_an_addressee_is_no_part_of_the_name(label):
    tried = 0
    for partner in _partners():
        words = partner.name.split()
        if len(words) < 3:
            continue
        tried += 1
        for cut in range(1, len(words)):
            read = f"Yth. Kepala {' '.join(words[:cut])} {label} {' '.join(words[cut:])}"
            assert normalise_partner(read).key == normalise_partner(partner.name).key, read
    assert tried >= 10


def test_a_label_with_a_value_keeps_its_value_out_of_no_name():
    """Guard: only an empty label is dropped; a name with a number after "Nomor :" is not made whole."""
    assert normalise_partner("Desa Lok Batu Nomor : 12").numbers == ("12",)


def _attendance(partner: str, rng: random.Random) -> tuple[str, str] | None:
    """An attendance list whose title line "DI <PARTNER>" lost the end of its last word (the crop), and whose
    body writes the partner whole ("Tempat : Aula <partner>"); with the name as it was read."""
    words = partner.split()
    last = words[-1]
    if len(last) < 6:
        return None
    kept = last[: rng.randrange(4, len(last) - 1)]
    short = " ".join([*words[:-1], kept])
    text = (f"DAFTAR HADIR PESERTA\nSOSIALISASI PROGRAM BuRT\nDI {short.upper()}\n\n"
            f"Hari/Tanggal : Rabu, 20 Maret 2024\nTempat : Aula {partner}\nPukul : 08.30 WITA\n"
            "No. Nama Lengkap Instansi Paraf\n1 Jumberi Pustakawan Sekolah\n")
    return short, text


def test_a_name_cut_inside_its_last_word_is_completed_from_the_text():
    tried = 0
    for partner in _partners():
        parsed = normalise_partner(partner.name)
        if parsed.kind in ("desa", "kelurahan", "kecamatan") or parsed.numbers or "," in partner.name:
            continue  # places (a village library's village too) and numbered schools are never completed
        made = _attendance(partner.name, random.Random(partner.name))
        if made is None:
            continue
        short, text = made
        tried += 1
        got = written_longer(normalise_partner(short), text)
        assert got is not None and got.key == parsed.key, (short, got)
        doc = EvidenceDoc(id="hadir", doc_type="daftar_hadir", tanggal=date(2024, 3, 20), partner=short)
        decision = decide_link(doc, [], RULES, text=text)
        assert decision.new_partner is not None and normalise_partner(decision.new_partner).key == parsed.key
        assert read_reason(decision.reason).template == NEW_ACTIVITY
        # guard: the title line does not end with the cut name (a noise word follows): no completion
        noisy = text.replace(short.upper() + "\n", short.upper() + " Xq\n")
        assert written_longer(normalise_partner(short), noisy) is None
    assert tried >= 6


def _reply(year_read: int, cited_year: int) -> EvidenceDoc:
    return EvidenceDoc(id="balasan", doc_type="surat_balasan", tanggal=date(year_read, 3, 4),
                       nomor=f"041/355/Dispersip/{year_read}", rujukan=(f"400.14/065/Kec-PS/III/{cited_year}",),
                       partner="Camat Paringin Selatan")


def _reply_text(year_read: int, cited_year: int, body_year: int) -> str:
    return (f"Paringin, 04 Maret {year_read}\nNo. : 041/355/Dispersip/{year_read}\n"
            f"Memperhatikan surat Saudara Nomor 400.14/065/Kec-PS/III/{cited_year} tanggal 1 Maret {year_read},\n"
            f"buku dapat diambil pada tanggal 8 Maret {body_year} di Kantor Dinas.\n")


def test_a_reply_whose_year_a_later_cited_letter_contradicts_joins_the_cited_years_activity():
    acts = [_act(1, "Kecamatan Paringin Selatan", 2024, ["nota_kesepahaman"], date(2024, 2, 7)),
            _act(2, "Kecamatan Paringin Selatan", 2022, ["nota_kesepahaman"], date(2022, 2, 7))]
    got = decide_link(_reply(2021, 2024), acts, RULES, text=_reply_text(2021, 2024, 2024))
    assert got.activity_id == 1 and read_reason(got.reason).template == SAME_PARTNER_NO_DATE


def test_a_reply_of_a_doubted_year_starts_no_activity_of_that_year():
    text = _reply_text(2021, 2024, 2024)
    got = decide_link(_reply(2021, 2024), [], RULES, text=text)
    assert got.activity_id is None and got.new_partner is None
    other = [_act(1, "Kecamatan Juai", 2024, ["nota_kesepahaman"])]  # another partner's activity
    assert decide_link(_reply(2021, 2024), other, RULES, text=text).activity_id is None


def test_a_reply_is_dated_as_read_unless_the_text_also_dates_something_in_the_cited_year():
    acts = [_act(1, "Kecamatan Paringin Selatan", 2024, ["nota_kesepahaman"], date(2024, 2, 7))]
    assert decide_link(_reply(2024, 2024), acts, RULES, text=_reply_text(2024, 2024, 2024)).activity_id == 1
    got = decide_link(_reply(2025, 2024), [], RULES, text=_reply_text(2025, 2024, 2025))  # January, a December letter
    assert got.new_partner is not None and got.new_year == 2025
    # the cited number's year alone (its year may be the misread one): the date as read starts its own activity
    got = decide_link(_reply(2021, 2024), acts, RULES, text=_reply_text(2021, 2024, 2021))
    assert got.activity_id is None and got.new_year == 2021


def _schedule_with_garbled_rows(seed: int):
    """A generated pembinaan schedule of an activity whose other partners' rows lost their kind word
    ("Perpustakaan Desa X" -> "Perpustakaan I esa X", "MI X" -> "NII X"); None when no row lists the partner."""
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"garbled-{seed}"), held_out, rng_kind(seed))
    spec = make_document("jadwal_pembinaan", random.Random(f"garbled-doc-{seed}"), held_out, act, harder=True)
    rows: list[list[str]] = [[]]
    for line in "\n".join(spec.page_texts()).splitlines():
        if re.match(r"\d{1,2}\s", line):
            rows.append([])
        rows[-1].append(line)
    own = [k for k, row in enumerate(rows) if k and lists_partner("\n".join(row), act.partner.name)]
    if len(own) != 1:
        return None
    out = []
    for k, row in enumerate(rows):
        for line in row:
            if k and k != own[0]:
                line = re.sub(r"\bDesa\b", "I esa", line)
                line = re.sub(r"\b(SDN?|SMPN?|SMAN?|MI|MTs|TBM|Komunitas|Kelurahan|Pondok Pesantren)\b", "NII", line)
            out.append(line)
    return act, spec, "\n".join(out)


def _dated_schedules():
    """``_schedule_with_garbled_rows`` of seeds 0-7 whose generated schedule has a date."""
    for seed in range(8):
        made = _schedule_with_garbled_rows(seed)
        if made is not None and made[1].meta["tanggal"] is not None:
            yield made


def rng_kind(seed: int) -> str:
    return ("sekolah", "tbm", "pondok_pesantren", "komunitas")[seed % 4]


def test_a_schedule_whose_other_rows_are_garbled_joins_its_readable_partners_activity():
    tried = 0
    for act, spec, text in _dated_schedules():
        day = spec.meta["tanggal"]
        tried += 1
        assert not names_several_partners(text)  # the other rows name no partner any more
        doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=day)
        acts = [_act(1, act.partner.name, day.year, ["nota_kesepahaman"]),
                _act(2, "Desa Lok Batu", day.year, ["nota_kesepahaman"])]
        assert decide_link(doc, acts, RULES, text=text).activity_id == 1, text
        # guard: the partner's activity of another year is not the schedule's
        other_year = [_act(1, act.partner.name, day.year - 2, ["nota_kesepahaman"])]
        assert decide_link(doc, other_year, RULES, text=text).activity_id is None
    assert tried >= 4


def _letters_dropped(words: list[str]) -> list[str]:
    """Each word with every second letter lost (a damaged title line: "Ceria Aksara" -> "Cra Asr")."""
    return ["".join(c for k, c in enumerate(w) if k % 2 == 0) for w in words]


def _report(partner: str, read: str) -> str:
    return (f"LAPORAN PENDAMPINGAN MASYARAKAT\nPROGRAM BUKU RUMAH TANGGA (BuRT)\n{read.upper()}\n\n"
            f"Pendampingan dilaksanakan pada hari Senin, 30 Juni 2025 di {partner}, diikuti oleh 33 orang\n"
            "warga dan pengelola perpustakaan.\n")


def _lost_letter_cases():
    for partner in _partners():
        parsed = normalise_partner(partner.name)
        if parsed.kind in ("desa", "kelurahan", "kecamatan"):
            continue
        own = parsed.display.split()
        read = partner.name.replace(parsed.display, " ".join(_letters_dropped(own)))
        if read == partner.name or len(normalise_partner(read).display.split()) != len(own):
            continue  # no letter lost, or a word lost reads as an address word ("Rt")
        if len(normalise_partner(read).core) < MIN_LOST_CORE:
            continue  # too few letters left to tell
        yield partner.name, read


def test_a_name_read_with_letters_lost_joins_the_activity_the_body_names():
    tried = 0
    day = date(2025, 7, 1)
    for partner, read in _lost_letter_cases():
        doc = EvidenceDoc(id="laporan", doc_type="laporan_pendampingan", tanggal=day, partner=read)
        acts = [_act(1, partner, 2025, ["nota_kesepahaman"])]
        if decide_link(doc, acts, RULES, text=_report(read, read)).activity_id == 1:
            continue  # the name match itself already reads it as the partner: nothing to test
        tried += 1
        assert decide_link(doc, acts, RULES, text=_report(partner, read)).activity_id == 1, (partner, read)
        # guards: the partner's activity of another year; a text naming the read name twice (its own partner)
        assert decide_link(doc, [_act(1, partner, 2023, ["nota_kesepahaman"])], RULES,
                           text=_report(partner, read)).activity_id is None
        twice = _report(partner, read) + f"Tembusan: {read}\n"
        assert decide_link(doc, acts, RULES, text=twice).activity_id is None
    assert tried >= 10


def test_a_name_read_with_letters_lost_fitting_two_activities_joins_neither():
    day = date(2025, 7, 1)
    doc = EvidenceDoc(id="laporan", doc_type="laporan_pendampingan", tanggal=day, partner="TBM Cahy Ilm")
    acts = [_act(1, "TBM Cahaya Ilmu", 2025, ["nota_kesepahaman"]), _act(2, "TBM Cahaya Ilmiah", 2025, ["nota_kesepahaman"])]
    text = _report("TBM Cahaya Ilmu", "TBM Cahy Ilm") + "bersama TBM Cahaya Ilmiah.\n"
    assert decide_link(doc, acts, RULES, text=text).activity_id is None
    assert decide_link(doc, acts[:1], RULES, text=text).activity_id == 1


def test_an_undated_schedule_is_linked_by_the_dates_of_its_rows():
    """A schedule whose signature date OCR lost: its rows' dates of the year most of them agree on must all
    lie in the one listed partner's activity period. One row read in another year is outvoted; rows that do not
    agree on a year, or one date alone (a garbled signature date, a single row read), leave it for a person."""
    tried = 0
    for act, spec, text in _dated_schedules():
        year = spec.meta["tanggal"].year
        undated = re.sub(r"\n[A-Z][a-z]+, \d{1,2} [A-Z][a-z]+ \d{4}\n", "\n", text)  # the place-and-date line
        rows = re.findall(r"\b\d{2}-\d{2}-(\d{4})\b", undated)
        if undated == text or not rows or any(int(y) != year for y in rows):
            continue
        tried += 1
        doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=None)
        acts = [_act(1, act.partner.name, year, ["nota_kesepahaman"]), _act(2, "Desa Lok Batu", year, ["nota_kesepahaman"]),
                _act(3, act.partner.name, year - 1, ["nota_kesepahaman"])]  # the partner's activity of the year before
        assert decide_link(doc, acts, RULES, text=undated).activity_id == 1, undated
        misread = re.sub(rf"\b(\d{{2}}-\d{{2}}-){year}\b", rf"\g<1>{year + 70}", undated, count=1)
        assert decide_link(doc, acts, RULES, text=misread).activity_id == 1, misread  # outvoted
        half = re.sub(rf"\b(\d{{2}}-\d{{2}}-){year}\b", rf"\g<1>{year + 70}", undated, count=(len(rows) + 1) // 2)
        assert decide_link(doc, acts, RULES, text=half).activity_id is None  # no year most rows agree on
        one = re.sub(r"\b\d{2}-\d{2}-\d{4}\b", "", undated, count=len(rows) - 1)
        assert decide_link(doc, acts, RULES, text=one).activity_id is None  # one row date read alone
        lone = re.sub(r"\b\d{2}-\d{2}-\d{4}\b", "", undated) + f"\nParingin, 5 Juni {year}\n"
        assert decide_link(doc, acts, RULES, text=lone).activity_id is None  # one date alone decides nothing
        assert decide_link(dataclasses.replace(doc, doc_type="daftar_judul_buku"), acts, RULES,
                           text=undated).activity_id is None  # only a schedule is dated by its rows
    assert tried >= 3
