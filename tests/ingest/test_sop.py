"""The SOP definition: the shipped file loads and says what SOP-BuRT.md says; every validation error names
the bad entry."""
from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from ingest.sop import SopError, load_sop, parse_sop

ARCHITECTURE_TYPES = {
    "undangan_sosialisasi": 1, "laporan_sosialisasi": 1, "daftar_hadir": 1,
    "surat_permohonan_kerja_sama": 2, "nota_kesepahaman": 2, "surat_hasil_koordinasi": 2,
    "surat_permintaan_peminjaman": 3, "surat_balasan": 3,
    "daftar_judul_buku": 4, "berita_acara_serah_terima": 4,
    "surat_permintaan_pembinaan": 5, "jadwal_pembinaan": 5,
    "surat_koordinasi_pendampingan": 6, "laporan_pendampingan": 6,
    "agenda_surat_masuk": None, "lainnya": None,
}


@pytest.fixture(scope="module")
def raw() -> dict:
    return tomllib.loads(resources.files("ingest").joinpath("sop_burt.toml").read_text(encoding="utf-8"))


def test_shipped_sop_has_six_steps_with_the_time_standards():
    sop = load_sop()
    assert [s.number for s in sop.steps] == [1, 2, 3, 4, 5, 6]
    assert [s.time_minutes for s in sop.steps] == [30, 15, 15, 30, 60, 30]
    assert "Peminjaman kolektif" in sop.step(3).name
    assert all(s.signoff_roles == ("sekretaris", "kepala_dinas") for s in sop.steps)
    assert sop.date_order_tolerance_days >= 0


def test_document_types_match_the_architecture_ids_and_steps():
    sop = load_sop()
    assert {t.id: t.step for t in sop.doc_types} == ARCHITECTURE_TYPES
    assert {t.id for t in sop.types_for_step(3)} == {"surat_permintaan_peminjaman", "surat_balasan"}
    assert sop.doc_type("nota_kesepahaman").label_id.startswith("Nota kesepahaman")
    for t in sop.doc_types:
        if t.id != "lainnya":
            assert t.terms, t.id


def test_every_step_requires_evidence_of_its_own_types():
    sop = load_sop()
    for step in sop.steps:
        assert step.evidence
        assert set(step.evidence) == {t.id for t in sop.types_for_step(step.number)}


def test_lookup_of_unknown_step_or_type_raises_key_error():
    sop = load_sop()
    with pytest.raises(KeyError):
        sop.step(7)
    with pytest.raises(KeyError):
        sop.doc_type("surat_cinta")


def test_load_from_a_path_reads_that_file(tmp_path: Path, raw: dict):
    text = resources.files("ingest").joinpath("sop_burt.toml").read_text(encoding="utf-8")
    path = tmp_path / "sop.toml"
    path.write_text(text.replace('time_minutes = 60', 'time_minutes = 45'), encoding="utf-8")
    assert load_sop(path).step(5).time_minutes == 45


def _mutate(raw: dict, change) -> dict:
    data = {k: ([dict(e) for e in v] if isinstance(v, list) and v and isinstance(v[0], dict) else v)
            for k, v in raw.items()}
    change(data)
    return data


def _set(container: str, index: int, key: str, value):
    def change(d):
        d[container][index][key] = value
    return change


def _drop_key(container: str, index: int, key: str):
    def change(d):
        del d[container][index][key]
    return change


BAD = [
    ("duplicate step number", _set("steps", 2, "number", 2), "step 2 is defined twice"),
    ("gap in step numbers", _set("steps", 5, "number", 7), "numbered 1..6"),
    ("duplicate type id", _set("doc_types", 1, "id", "undangan_sosialisasi"), "'undangan_sosialisasi' is defined twice"),
    ("evidence type not defined", _set("steps", 0, "evidence", ["undangan_sosialisasi", "poster"]), "'poster'"),
    ("type refers to a missing step", _set("doc_types", 0, "step", 9), "refers to step 9"),
    ("evidence of another step", _set("steps", 0, "evidence", ["surat_balasan"]), "belongs to step 3"),
    ("unknown sign-off role", _set("steps", 3, "signoff_roles", ["bupati"]), "'bupati'"),
    ("missing time standard", _drop_key("steps", 1, "time_minutes"), "step 2 has no 'time_minutes'"),
    ("time standard not a number", _set("steps", 1, "time_minutes", "15 menit"), "'time_minutes' must be int"),
    ("type without id", _drop_key("doc_types", 4, "id"), "doc_types[4] has no 'id'"),
    ("negative tolerance", lambda d: d.__setitem__("date_order_tolerance_days", -1), "date_order_tolerance_days"),
    ("follow-up step past the last", lambda d: d.__setitem__("follow_up_from_step", 7), "follow_up_from_step"),
    ("follow-up step not a number", lambda d: d.__setitem__("follow_up_from_step", "4"), "follow_up_from_step"),
    ("no steps", lambda d: d.__setitem__("steps", []), "no steps"),
]


@pytest.mark.parametrize("what,change,needle", BAD, ids=[b[0] for b in BAD])
def test_invalid_sop_is_refused_naming_the_bad_entry(raw: dict, what, change, needle):
    with pytest.raises(SopError) as err:
        parse_sop(_mutate(raw, change), "test.toml")
    assert needle in err.value.message
    assert err.value.code == "sop_invalid"


def test_unreadable_and_malformed_files_raise_sop_error(tmp_path: Path):
    with pytest.raises(SopError):
        load_sop(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[steps]\nnumber = ", encoding="utf-8")
    with pytest.raises(SopError) as err:
        load_sop(bad)
    assert "TOML" in err.value.message


def test_signoff_roles_are_configurable(raw: dict):
    data = _mutate(raw, _set("steps", 0, "signoff_roles", ["pelaksana"]))
    data["default_signoff_roles"] = ["kepala_dinas"]
    sop = parse_sop(data)
    assert sop.step(1).signoff_roles == ("pelaksana",)
    assert sop.step(2).signoff_roles == ("kepala_dinas",)
