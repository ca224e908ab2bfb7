"""Issue 17, held-out grouping (held_out_1707's splits), rebuilt from generated material:

- An addressee read short: the last word of the partner's name went to the next line beside the number
  block ("Yth. Ketua TBM Aksara" / "Lampiran: - Lentera"). The body writes the name whole ("dipusatkan di
  TBM Aksara Lentera."), so the letter starts (or joins) the activity of the whole name, not one of its own.
- A desa's kop under its kecamatan ("KECAMATAN X" / "PEMERINTAH DESA Y") whose fields gave the kecamatan as
  the partner: the desa wrote the letter.
- A kind alone on a line followed by a section heading ("TAMAN BACAAN MASYARAKAT" / "A. Pendahuluan", the
  report's name line lost) is no partner: never "Taman Bacaan Masyarakat A. Pendahuluan".
- A schedule row naming a village library by its own name after "Desa" (its "Perpustakaan" lost) lists it.
"""
from __future__ import annotations

import random
import re
from datetime import timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.evidence import document_partner
from archive.linking import decide_link
from archive.partners import lists_partner, normalise_partner, partner_in_text, same_partner, written_longer
from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
INSTANSI = RULES.instansi


def _fields(md) -> tuple[dict, list[dict]]:
    data = md.to_json()
    return {k: data[k] for k in md.FIELD_NAMES}, data["pihak"]


def _letter(doc_type: str, kind: str, seed: int, tag: str):
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"{tag}-{kind}-{seed}"), held_out, kind)
    spec = make_document(doc_type, random.Random(f"{tag}-doc-{kind}-{seed}"), held_out, act, harder=True)
    for page in spec.pages:
        page.blocks.clear()  # side-by-side blocks row by row, as OCR reads them where it does not part them
    return act.partner.name, "\n".join(spec.page_texts()), spec.meta["tanggal"]


def _cut_addressee(text: str, partner: str) -> str | None:
    """``text`` with the last word of the addressee's name moved to the start of the next line, as OCR
    reads an addressee block set beside the number block; None when no addressee line ends in the name."""
    last = normalise_partner(partner).display.split()[-1]
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if re.search(r"\b(?:Yth|Kepada)\b", line) and line.rstrip().lower().endswith(last.lower()):
            lines[i] = line.rstrip()[: -len(last)].rstrip()
            lines[i + 1] = f"{last} {lines[i + 1]}"
            return "\n".join(lines)
    return None


def test_an_addressee_read_short_starts_the_activity_of_its_whole_name():
    tried = 0
    for kind, seed in ((k, s) for k in ("tbm", "komunitas", "pondok_pesantren") for s in range(8)):
        partner, text, day = _letter("surat_hasil_koordinasi", kind, seed, "short")
        damaged = _cut_addressee(text, partner)
        if damaged is None:
            continue
        fields, pihak = _fields(extract_metadata(damaged))
        read, _, sure = document_partner(fields, pihak, INSTANSI, damaged)
        if not read or not sure or same_partner(read, partner):
            continue  # the name was read whole from elsewhere (or not at all)
        if len(normalise_partner(read).core) < 4:
            continue
        tried += 1
        doc = EvidenceDoc(id="x", doc_type="surat_hasil_koordinasi", tanggal=day, partner=read)
        first = decide_link(doc, [], RULES, text=damaged)
        assert first.activity_id is None and first.new_partner and same_partner(first.new_partner, partner), \
            (partner, read, first)
        # with the activity of the whole name already there, it joins it
        ours = _act(1, partner, day.year, ["nota_kesepahaman"], first=day - timedelta(days=3))
        assert decide_link(doc, [ours], RULES, text=damaged).activity_id == 1
        # an activity bearing the short name as read keeps it (another partner of that name)
        own = _act(2, read, day.year, ["nota_kesepahaman"], first=day - timedelta(days=3))
        assert decide_link(doc, [own], RULES, text=damaged).activity_id == 2
    assert tried


def test_a_name_is_completed_only_by_longer_names_of_its_kind_that_agree():
    head = "No. : 041/269/Dispersip Yth. Ketua TBM Aksara\nLampiran : - Lentera\nPerihal : Hasil Koordinasi\n"
    body = "kerja sama dengan TBM Aksara Lentera.\n1. Layanan BuRT dipusatkan di TBM Aksara Lentera, Desa Guha."
    got = written_longer(normalise_partner("Ketua TBM Aksara"), head + body)
    assert got is not None and got.key == normalise_partner("TBM Aksara Lentera").key
    # the added word not where the short name's line ended: a word after the name (noise, a title)
    assert written_longer(normalise_partner("Ketua TBM Aksara"), body) is None
    assert written_longer(normalise_partner("MI Raudhatul Jannah"),
                          "DI MI RAUDHATUL JANNAH\nBalangan\nHari : Senin\nTempat : Aula MI Raudhatul Jannah Kergbatan") is None
    # two longer names that differ from their first added word: neither
    assert written_longer(normalise_partner("TBM Aksara"),
                          head + "di TBM Aksara Lentera.\ndan TBM Aksara Bunda.") is None
    # another kind, places and numbered schools are never completed
    assert written_longer(normalise_partner("TBM Aksara"), "Komunitas Aksara Lentera.") is None
    assert written_longer(normalise_partner("Desa Batu"), "bertempat di Desa Batu Piring.") is None
    assert written_longer(normalise_partner("SD Negeri 1 Paringin"), "di SD Negeri 1 Paringin Selatan.") is None
    assert written_longer(normalise_partner("TBM Aksara"), "kerja sama dengan TBM Aksara.") is None


def test_a_desa_letter_under_its_kecamatan_line_is_the_desas():
    tried = 0
    for seed in range(6):
        partner, text, _ = _letter("surat_permintaan_peminjaman", "desa", seed, "kop")
        kecamatan = partner_in_text(text.splitlines()[0], INSTANSI)
        if not kecamatan or normalise_partner(kecamatan).kind != "kecamatan":
            continue  # this layout does not open with the kecamatan
        tried += 1
        read, _, sure = document_partner({"partner": kecamatan}, [], INSTANSI, text)
        assert sure and same_partner(read or "", partner), (partner, read)
        # a kecamatan's own letter keeps the kecamatan
        own = "\n".join(ln for ln in text.splitlines() if "DESA" not in ln.upper())
        read, _, _ = document_partner({"partner": kecamatan}, [], INSTANSI, own)
        assert normalise_partner(read or "").kind == "kecamatan", read
    assert tried


def test_a_section_heading_under_a_kind_line_is_no_partner():
    tried = 0
    for seed in range(4):
        partner, text, _ = _letter("laporan_pendampingan", "tbm", seed, "rep")
        name_line = normalise_partner(partner).display.upper()
        lines = text.splitlines()
        at = [i for i, ln in enumerate(lines) if ln.strip().endswith(name_line) and ln.isupper()]
        if not at:
            continue
        tried += 1
        lines[at[0]] = lines[at[0]].replace(name_line, "").rstrip()  # the name's words lost, the kind kept
        head = partner_in_text("\n".join(lines), INSTANSI)
        assert head is None or "pendahuluan" not in head.lower(), head
        assert partner_in_text(text, INSTANSI) and same_partner(partner_in_text(text, INSTANSI) or "", partner)
    assert tried


def test_a_schedule_row_naming_a_village_library_by_its_own_name_lists_it():
    tried = 0
    for seed in range(6):
        partner, text, _ = _letter("jadwal_pembinaan", "perpustakaan_desa", seed, "row")
        library = normalise_partner(partner)
        if library.village == library.core:
            continue
        first = library.display.split()[0]
        # the row's "Perpustakaan" lost (the cell may wrap after any word of the name)
        lost = re.sub(rf"Perpustakaan (Desa {re.escape(first)}\b)", r"\1", text, flags=re.IGNORECASE)
        if lost == text:
            continue
        tried += 1
        assert lists_partner(lost, partner), (partner, lost)
        # the desa of that name is not a library of another name
        assert not lists_partner(lost, f"Perpustakaan Desa Cahaya Ilmu, Desa {library.village_display}")
    assert tried
