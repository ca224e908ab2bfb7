"""The harder sample generator: tuning and held-out halves, partners, layouts, non-BuRT papers, degradations.

Fast: documents are laid out without rendering, degradation plans are drawn without pixels, and
the pixel models run on quarter-size pages. One small set per mode is written to disk.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import random
import re

import numpy as np
import pytest
from PIL import Image

from samples import degrade, variety
from samples.documents import DOC_TYPES
from samples.generate import TRUTH_KEYS, TRUTH_SUFFIX, generate_set, main, make_activity_v2, make_document, render_pages
from samples.others import OTHER_KINDS
from samples.partners import KECAMATAN, PARTNER_KINDS, make_partner
from samples.pools import MONTHS, tanggal_panjang


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _other(held_out: bool) -> bool:
    return not held_out


# --------------------------------------------------------------------------- the split itself
def test_every_categorical_factor_splits_into_disjoint_halves():
    for table in (variety.FACTORS, degrade.MODELS):
        for name, (tuning, held) in table.items():
            assert tuning and held, name
            assert not set(tuning) & set(held), name


def test_every_numeric_factor_splits_into_interleaved_disjoint_bands():
    for name, (tuning, held) in degrade.BANDS.items():
        for lo, hi in tuning:
            for lo2, hi2 in held:
                assert hi <= lo2 or hi2 <= lo, (name, (lo, hi), (lo2, hi2))
    lo = min(b[0] for half in degrade.BANDS["dpi"] for b in half)
    hi = max(b[1] for half in degrade.BANDS["dpi"] for b in half)
    assert (lo, hi) == (70, 301)  # 70-300 dpi between the two modes
    q = [b for half in degrade.BANDS["jpeg_quality"] for b in half]
    assert min(b[0] for b in q) == 30 and max(b[1] for b in q) == 96
    for name, halves in degrade.BANDS.items():  # neither mode is systematically harder: means within 15 %
        means = [sum((lo + hi) / 2 for lo, hi in half) / len(half) for half in halves]
        span = max(b[1] for h in halves for b in h) - min(b[0] for h in halves for b in h)
        assert abs(means[0] - means[1]) <= 0.15 * span, (name, means)


@pytest.mark.parametrize("held_out", [False, True])
def test_drawn_plans_only_use_their_modes_half(held_out):
    seen: dict[str, set] = {}
    for kind in degrade.PROFILES:
        for s in range(60):
            p = degrade.plan(kind, random.Random(f"{kind}-{s}"), held_out)
            for name, value in degrade.factors_of(p).items():
                seen.setdefault(name, set()).add(value)
                if name in degrade.BANDS:
                    assert degrade.in_bands(name, value, held_out), (name, value)
                    assert not degrade.in_bands(name, value, _other(held_out)), (name, value)
                else:
                    assert value in degrade.MODELS[name][int(held_out)], (name, value)
    # every model variant of the mode is drawn somewhere
    for name, halves in degrade.MODELS.items():
        assert set(halves[int(held_out)]) <= seen[name], name
    assert {"dpi", "jpeg_quality", "blur", "noise", "shadow", "perspective"} <= set(seen)


@pytest.mark.parametrize("held_out", [False, True])
def test_every_layout_and_label_of_the_mode_appears(held_out):
    seen: dict[str, set] = {}
    for s in range(80):
        t = ["surat_balasan", "surat_permohonan_kerja_sama", "undangan_sosialisasi", "lainnya"][s % 4]
        spec = make_document(t, random.Random(f"lay-{s}"), held_out, harder=True)
        for name, value in spec.extra["layout"].items():
            assert value in variety.FACTORS[name][int(held_out)], (name, value)
            seen.setdefault(name, set()).add(value)
    for name, halves in variety.FACTORS.items():
        assert seen[name] == set(halves[int(held_out)]), name


# --------------------------------------------------------------------------- partners
def test_every_partner_kind_is_made_with_its_own_name_shape():
    shapes = {"desa": r"^Desa \w", "kelurahan": r"^Kelurahan \w", "kecamatan": r"^Kecamatan \w",
              "sekolah": r"^(SD Negeri \d|SMP Negeri \d|MI \w|MTs \w)", "pondok_pesantren": r"^Pondok Pesantren \w",
              "perpustakaan_desa": r"^Perpustakaan Desa [\w ]+, Desa \w", "tbm": r"^Taman Bacaan Masyarakat \w",
              "komunitas": r"^Komunitas \w"}
    assert set(shapes) == set(PARTNER_KINDS)
    for held_out in (False, True):
        for kind in PARTNER_KINDS:
            for s in range(5):
                p = make_partner(random.Random(f"{kind}{s}"), held_out, kind)
                assert p.kind == kind and re.match(shapes[kind], p.name), p.name
                assert p.kecamatan in KECAMATAN[held_out]
    school = {make_partner(random.Random(f"s{s}"), False, "sekolah").name.split()[0] for s in range(60)}
    assert {"SD", "SMP", "MI", "MTs"} <= school


def test_partner_and_village_names_never_cross_modes():
    def names(held_out):
        ps = [make_partner(random.Random(f"n{s}"), held_out) for s in range(300)]
        return {p.name for p in ps}, {p.village for p in ps if p.village}
    (tn, tv), (hn, hv) = names(False), names(True)
    assert not tn & hn and not tv & hv
    assert len(tn) > 200  # combinatorics, not a short list
    assert not set(KECAMATAN[False]) & set(KECAMATAN[True]) and len(KECAMATAN[False] + KECAMATAN[True]) == 8


@pytest.mark.parametrize("kind", PARTNER_KINDS)
def test_partner_letters_of_every_kind_carry_the_partner(kind):
    act = make_activity_v2(random.Random(f"pk-{kind}"), False, kind)
    spec = make_document("surat_permohonan_kerja_sama", random.Random(kind), activity=act, harder=True)
    text = _norm("\n".join(spec.page_texts()))
    assert spec.partner == act.partner.name and spec.extra["partner_kind"] == kind
    assert spec.meta["pengirim"] == act.partner.name
    assert _norm(act.partner.head_title) in text


# --------------------------------------------------------------------------- truth agrees with the page
def _date_forms(d: dt.date) -> list[str]:
    m = MONTHS[d.month - 1]
    return [tanggal_panjang(d), f"{d.day:02d} {m} {d.year}", f"{d.day} {m.upper()} {d.year}", f"{d:%d-%m-%Y}"]


@pytest.mark.parametrize("held_out", [False, True])
def test_truth_nomor_tanggal_perihal_are_on_the_page(held_out):
    for k, doc_type in enumerate(list(DOC_TYPES) * 3):
        spec = make_document(doc_type, random.Random(f"truth-{k}"), held_out, harder=True)
        text = "\n".join(spec.page_texts())
        flat = _norm(text)
        m = spec.meta
        if m["nomor"]:
            # a number wider than its column breaks after a slash onto the next line, as a typist's cell breaks it
            assert m["nomor"] in text.replace("/\n", "/"), (doc_type, m["nomor"])
            assert m["nomor"] not in spec.extra.get("cited_nomor", [])
        assert any(_norm(f) in flat for f in _date_forms(m["tanggal"])), (doc_type, m["tanggal"])
        if m["perihal"] and doc_type not in ("daftar_hadir", "laporan_sosialisasi", "laporan_pendampingan",
                                             "daftar_judul_buku", "jadwal_pembinaan", "agenda_surat_masuk",
                                             "berita_acara_serah_terima", "nota_kesepahaman"):
            assert _norm(m["perihal"]) in flat, (doc_type, m["perihal"])


def _rows(items) -> list[str]:
    """Items joined left to right per row, rows top down."""
    return [" ".join(i.text.strip() for i in sorted(items, key=lambda i: i.x) if i.y == y)
            for y in sorted({i.y for i in items})]


def test_side_by_side_blocks_are_read_left_block_first():
    """The truth of a number block beside the addressee, and of two signatures side by side, reads the
    left block to its end, then the right one (the real set's transcription rule), never row by row."""
    seen = 0
    for k in range(60):
        spec = make_document("undangan_sosialisasi", random.Random(f"side-{k}"), True, harder=True)
        if spec.extra["layout"]["layout"] != "D_side_by_side":
            continue
        seen += 1
        page = spec.pages[0]
        (top, bottom, (col,)), = page.blocks
        block = [i for i in page.text_items() if top <= i.y < bottom and i.text.strip()]

        left, right = _rows([i for i in block if i.x < col]), _rows([i for i in block if i.x >= col])
        lines = spec.page_texts()[0].splitlines()
        start = lines.index(left[0])
        assert lines[start:start + len(left) + len(right)] == left + right
        assert spec.meta["perihal"] in " ".join(lines)
    assert seen >= 3
    spec = make_document("nota_kesepahaman", random.Random("side-mou"), True, harder=True)
    text = spec.page_texts()[-1]
    assert "PIHAK PERTAMA,\n" in text and "PIHAK KEDUA," in text.split("PIHAK PERTAMA,\n", 1)[1].split("NIP")[1]


def test_perihal_spreads_over_two_lines_and_bodies_cite_other_numbers():
    two_line = cited = 0
    for s in range(40):
        spec = make_document("surat_balasan" if s % 2 else "undangan_sosialisasi", random.Random(f"p{s}"),
                             harder=True)
        lines = spec.page_texts()[0].splitlines()
        hal = spec.meta["perihal"]
        if not any(hal in ln for ln in lines):
            two_line += 1
        for n in spec.extra.get("cited_nomor", []):
            assert n in spec.page_texts()[0] and n != spec.meta["nomor"]
            cited += 1
    assert two_line >= 5 and cited >= 5


@pytest.mark.parametrize("other_kind", OTHER_KINDS)
def test_non_burt_documents_are_lainnya_in_office_vocabulary(other_kind):
    spec = make_document("lainnya", random.Random(other_kind), harder=True, other_kind=other_kind)
    assert spec.doc_type == "lainnya" and spec.sop_step is None and spec.activity is None and spec.partner is None
    assert spec.extra["lainnya_kind"] == other_kind
    text = _norm("\n".join(spec.page_texts()))
    assert any(w in text for w in ("burt", "perpustakaan", "literasi", "daftar hadir", "undangan"))


# --------------------------------------------------------------------------- pixels
@pytest.fixture(scope="module")
def quarter_page() -> list[Image.Image]:
    spec = make_document("surat_balasan", random.Random("px"), harder=True, stamp=False)
    return [p.resize((p.width // 4, p.height // 4)) for p in render_pages(spec)][:1]


@pytest.mark.parametrize("kind", degrade.PROFILES)
@pytest.mark.parametrize("held_out", [False, True])
def test_every_profile_writes_a_readable_degraded_file(kind, held_out, quarter_page):
    p = degrade.plan(kind, random.Random(f"px-{kind}"), held_out)
    if "photo_long_side" in p:
        p["photo_long_side"] = 900  # a small photo keeps the test fast
    cap = degrade.apply(quarter_page, p, random.Random(1), src_dpi=75)
    img = Image.open(io.BytesIO(cap.files[0])) if cap.ext != "pdf" else cap.images[0]
    img.load()
    assert cap.params["degradation"] is p and len(cap.params["pages"]) == 1
    clean = np.asarray(quarter_page[0].convert("L"), np.float32)
    got = np.asarray(cap.images[0].convert("L"), np.float32)
    assert got.shape != clean.shape or np.abs(got - clean).mean() > 2  # it did something
    if kind == "fax":
        assert cap.images[0].mode == "1"
    if kind == "messenger_photo":
        assert abs(max(img.size) - p["messenger"]["long_side"]) <= 2
    if kind in ("flatbed_scan", "low_res_scan", "photocopy"):
        expect = quarter_page[0].height * p["dpi"] / 75
        assert abs(img.height - expect) < 0.1 * expect


def test_plan_and_capture_are_deterministic(quarter_page):
    def small_photo() -> dict:
        return dict(degrade.plan("phone_photo", random.Random(3), True), photo_long_side=900)
    a = degrade.apply(quarter_page, small_photo(), random.Random(4))
    b = degrade.apply(quarter_page, small_photo(), random.Random(4))
    assert a.files == b.files and a.params == b.params


# --------------------------------------------------------------------------- sets on disk
def _truths(folder) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob(f"*{TRUTH_SUFFIX}"))]


def test_small_sets_of_both_modes_record_disjoint_factors(tmp_path):
    kinds = ["fax", "low_res_scan", "photocopy"]
    tune = generate_set(tmp_path / "t", seed=5, count=3, kinds=kinds, harder=True)
    held = generate_set(tmp_path / "h", seed=5, count=3, held_out=True, kinds=kinds, harder=True)
    assert len(tune) >= 3 and len(held) >= 3
    values: dict[bool, dict[str, set]] = {False: {}, True: {}}
    for mode, folder in ((False, tmp_path / "t"), (True, tmp_path / "h")):
        for t in _truths(folder):
            assert set(TRUTH_KEYS) <= set(t) and t["held_out"] is mode and t["generator_version"] == 2
            for group in ("layout", "degradation"):
                for name, v in t["factors"][group].items():
                    values[mode].setdefault(name, set()).add(v)
    for name in set(values[False]) & set(values[True]):
        if name in degrade.BANDS:
            assert all(degrade.in_bands(name, v, False) for v in values[False][name]), name
            assert all(degrade.in_bands(name, v, True) for v in values[True][name]), name
        else:
            assert not values[False][name] & values[True][name], name


def test_cli_makes_the_harder_set_by_default_and_the_classic_one_on_request(tmp_path):
    assert main(["--seed", "2", "--out", str(tmp_path / "h"), "--count", "1", "--kinds", "fax"]) == 0
    assert main(["--seed", "2", "--out", str(tmp_path / "c"), "--count", "1", "--kinds", "png", "--classic"]) == 0
    (hard,), (classic,) = _truths(tmp_path / "h"), _truths(tmp_path / "c")
    assert hard["generator_version"] == 2 and "factors" in hard and hard["capture"] == "fax"
    assert classic["generator_version"] == 1 and "factors" not in classic


@pytest.mark.parametrize("other_kind", OTHER_KINDS)
def test_non_burt_perihal_truth_is_the_printed_subject_whole(other_kind):
    """The truth's subject is what the page prints as the subject, not a part of it ("Izin Cuti …" for a
    printed "SURAT IZIN CUTI …"): where a line ends with it, nothing but a Hal label stands before it (a body
    sentence that names it goes on after it)."""
    for s in range(4):
        spec = make_document("lainnya", random.Random(f"{other_kind}-{s}"), harder=True, other_kind=other_kind)
        hal = spec.meta["perihal"]
        if not hal:
            continue
        for line in (_norm(ln) for page in spec.page_texts() for ln in page.splitlines()):
            at = line.find(_norm(hal))
            if at >= 0 and not line[at + len(_norm(hal)):].strip(" .,;:"):
                assert re.fullmatch(r"(?:(?:hal|perihal)\s*)?[:;]?\s*", line[:at]), (other_kind, line, hal)
