"""A step document that lost its addressee and names a kecamatan only as the place of its event joins that
kecamatan's activity (issue 17): a phone photo of the Dinas's invitation to a Camat that lost the left of the page
(the "Kepada Yth. Camat ..." block) still says "Tempat : Aula Kecamatan X". Every address names a kecamatan, so a
kecamatan in a text is never taken as the partner it names (``mentions_partner``); it counts here only when the
text names no partner of another kind (not even in an address), one kecamatan with an activity in the period,
no other activity of the period lies in that kecamatan, and that activity lacks the document's step. Linked below
a partner written (``KECAMATAN_ONLY``, asking for a check). Invitations of the harder generator, both modes."""
from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest

from archive import db
from archive.activities import audit
from archive.linking import KECAMATAN_ONLY, KECAMATAN_PLACE_CONFIDENCE, read_reason
from samples.generate import make_activity_v2, make_document
from tests.archive.test_activities_world import add_document

BOTH_BACKENDS = True
SEEDS = [(f"kecplace{i}-{mode}", mode) for mode in (True, False) for i in range(3)]


def _without_addressee(text: str) -> str:
    """The invitation as a photo that lost its addressee block: the "Kepada" / "Yth. Camat X" lines, the "di"
    line and the place under it."""
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if "Yth" in ln)
    start = at - 1 if lines[at - 1].strip() == "Kepada" else at
    end = next((i for i in range(at + 1, at + 4) if re.fullmatch(r"di-?", lines[i].strip())), at)
    return "\n".join(lines[:start] + lines[end + 2 if end > at else at + 1:])


def _invitation(seed: str, mode: bool):
    act = make_activity_v2(random.Random(seed), mode, "kecamatan")
    spec = make_document("undangan_sosialisasi", random.Random(f"inv-{seed}"), mode, act, harder=True)
    text = _without_addressee("\n".join(spec.page_texts()))
    return act.partner, spec.meta["tanggal"], text


def _arrive(settings, doc_id, doc_type, *, tanggal, partner, text):
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, tanggal=tanggal, partner=partner, text=text)


def _world(settings, seed: str, mode: bool, *, desa_there: bool = False, desa_invited: bool = False,
           has_step: bool = False,
           place: str | None = None, dated: bool = True):
    """The kecamatan's request and reply (steps 2 and 3) after the invitation's date, a TBM's activity of the same
    year elsewhere, then the invitation without its addressee; the invitation's link row."""
    kec, day, text = _invitation(seed, mode)
    other = make_activity_v2(random.Random(f"tbm-{seed}"), mode, "tbm").partner
    _arrive(settings, "t1", "undangan_sosialisasi", tanggal=day - timedelta(days=5), partner=other.name,
            text=f"Undangan\nKepada Yth. Ketua {other.name}")
    if has_step:
        _arrive(settings, "k1", "daftar_hadir", tanggal=day + timedelta(days=7), partner=kec.name,
                text=f"DAFTAR HADIR\nSosialisasi di Aula {kec.name}")
    _arrive(settings, "k2", "surat_permohonan_kerja_sama", tanggal=day + timedelta(days=20), partner=kec.name,
            text=f"PEMERINTAH KABUPATEN BALANGAN\n{kec.name.upper()}\nPermohonan kerja sama\nCamat {kec.kecamatan}")
    _arrive(settings, "k3", "surat_balasan", tanggal=day + timedelta(days=40), partner=kec.name,
            text=f"Balasan\nKepada Yth. Camat {kec.kecamatan}")
    if desa_there:  # a village of that kecamatan with an activity of the same period
        desa = make_activity_v2(random.Random(f"desa-{seed}"), mode, "desa").partner
        if desa_invited:  # its own invitation (step 1) filed already
            _arrive(settings, "d0", "undangan_sosialisasi", tanggal=day - timedelta(days=2), partner=desa.name,
                    text=f"Undangan\nKepada Yth. Kepala {desa.name}\n{desa.name}, Kecamatan {kec.kecamatan}")
        _arrive(settings, "d1", "surat_permohonan_kerja_sama", tanggal=day + timedelta(days=3), partner=desa.name,
                text=f"Permohonan\nKepada Yth. Kepala {desa.name}\n{desa.name}, Kecamatan {kec.kecamatan}")
    if place is not None:  # the event at a village's hall (the copy to the Camat, if any, lost too)
        text = re.sub(r"(?m)^(Tempat\s*:).*$", rf"\1 {place}, Kecamatan {kec.kecamatan}", text)
        text = "\n".join(ln for ln in text.splitlines() if "Camat" not in ln)
    _arrive(settings, "inv", "undangan_sosialisasi", tanggal=day if dated else None, partner=None, text=text)
    report = audit(settings)
    with db.session_scope(settings) as session:
        rows = {r.document_id: (r.activity_id, r.reason, r.confidence) for r in session.scalars(db.select(db.ActivityLinkRow))}
    return report, rows


@pytest.mark.parametrize("seed,mode", SEEDS)
def test_an_invitation_naming_only_the_kecamatan_joins_its_activity(settings, seed, mode):
    _, rows = _world(settings, seed, mode)
    activity, reason, confidence = rows.get("inv", (None, None, 0.0))
    assert activity is not None and activity == rows["k2"][0] == rows["k3"][0], seed
    assert read_reason(reason).template == KECAMATAN_ONLY and confidence == KECAMATAN_PLACE_CONFIDENCE < 0.55


@pytest.mark.parametrize("seed,mode", SEEDS[::2])
def test_not_when_a_village_of_that_kecamatan_has_an_activity_then(settings, seed, mode):
    _, rows = _world(settings, seed, mode, desa_there=True)
    assert rows.get("inv", (None,))[0] is None


@pytest.mark.parametrize("seed,mode", SEEDS[::2])
def test_a_village_of_that_kecamatan_whose_step_is_filed_is_no_rival(settings, seed, mode):
    _, rows = _world(settings, seed, mode, desa_there=True, desa_invited=True)
    assert rows.get("inv", (None,))[0] == rows["k2"][0] is not None
    assert rows["d0"][0] == rows["d1"][0] != rows["k2"][0]


@pytest.mark.parametrize("seed,mode", SEEDS[::2])
def test_not_when_the_kecamatans_activity_shows_the_step(settings, seed, mode):
    _, rows = _world(settings, seed, mode, has_step=True)
    assert rows.get("inv", (None,))[0] != rows["k2"][0]


@pytest.mark.parametrize("seed,mode", SEEDS[::2])
def test_not_when_the_place_is_a_village_of_it(settings, seed, mode):
    desa = make_activity_v2(random.Random(f"place-{seed}"), mode, "desa").partner
    _, rows = _world(settings, seed, mode, place=f"Balai {desa.name}")
    assert rows.get("inv", (None,))[0] is None, rows.get("inv")


@pytest.mark.parametrize("seed,mode", SEEDS[:2])
def test_not_when_undated(settings, seed, mode):
    _, rows = _world(settings, seed, mode, dated=False)
    assert rows.get("inv", (None,))[0] is None


@pytest.mark.parametrize("seed,mode", SEEDS)
def test_the_cut_invitation_names_no_camat_as_addressee(seed, mode):
    kec, _, text = _invitation(seed, mode)
    assert "Yth. Camat" not in text and f"Kecamatan {kec.kecamatan}" in text
