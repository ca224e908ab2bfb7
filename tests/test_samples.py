"""The sample generator and the committed sample set (samples/).

Fast tests work on laid-out documents (no rendering) or on tiny page images; the slow test
runs real Tesseract on a clean generated page to prove the ground truth is what a reader
should produce.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
import shutil

import numpy as np
import pytest
from PIL import Image, ImageOps

from samples.capture import CAMSCANNER_FOOTER, CAPTURE_KINDS, capture
from samples.documents import DOC_TYPES
from samples.generate import (
    COMMITTED,
    COMMITTED_SEED,
    SAMPLES_DIR,
    TRUTH_KEYS,
    TRUTH_SUFFIX,
    committed_activities,
    generate_set,
    main,
    make_document,
    render_pages,
    write_capture,
)
from samples.pools import HELD_OUT_NAMES, HELD_OUT_PARTNERS, TRAIN_NAMES, TRAIN_PARTNERS

ARCHITECTURE_TYPES = {  # docs/architecture.md, "Document types"
    "undangan_sosialisasi": 1, "laporan_sosialisasi": 1, "daftar_hadir": 1, "surat_permohonan_kerja_sama": 2,
    "nota_kesepahaman": 2, "surat_hasil_koordinasi": 2, "surat_permintaan_peminjaman": 3, "surat_balasan": 3,
    "daftar_judul_buku": 4, "berita_acara_serah_terima": 4, "surat_permintaan_pembinaan": 5,
    "jadwal_pembinaan": 5, "surat_koordinasi_pendampingan": 6, "laporan_pendampingan": 6,
    "agenda_surat_masuk": None, "lainnya": None,
}
SAMPLE_EXTS = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}


def committed_truths() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES_DIR.glob(f"*{TRUTH_SUFFIX}"))]


@pytest.fixture(scope="module")
def small_pages() -> list[Image.Image]:
    """Two small rendered pages (an MoU), enough for every capture kind."""
    spec = make_document("nota_kesepahaman", random.Random("small"), stamp=False)
    return [p.resize((p.width // 4, p.height // 4)) for p in render_pages(spec)][:2]


# --------------------------------------------------------------------------- generator
def test_doc_types_match_architecture():
    assert DOC_TYPES == ARCHITECTURE_TYPES


@pytest.mark.parametrize("doc_type", list(ARCHITECTURE_TYPES))
def test_every_type_lays_out_text_and_metadata(doc_type):
    spec = make_document(doc_type, random.Random(f"t-{doc_type}"))
    texts = spec.page_texts()
    assert texts and all(t.strip() for t in texts)
    assert spec.sop_step == ARCHITECTURE_TYPES[doc_type]
    assert isinstance(spec.meta["tanggal"], dt.date)
    if spec.meta["nomor"]:
        assert spec.meta["nomor"] in "\n".join(texts)
    if spec.sop_step is not None:
        assert spec.partner and spec.activity


@pytest.mark.parametrize("held_out", [False, True])
def test_text_stays_on_the_page_and_never_overlaps(held_out):
    """Items on one row do not collide and stay inside the sheet (the truth must be readable)."""
    from samples.layout import text_width
    for doc_type in ARCHITECTURE_TYPES:
        for seed in range(2):
            spec = make_document(doc_type, random.Random(f"o{seed}"), held_out=held_out)
            for page in spec.pages:
                rows: dict[int, list] = {}
                for item in page.text_items():
                    rows.setdefault(item.y, []).append(item)
                    right = item.x + (item.justify_width or text_width(item.text, item.size, item.style, item.family))
                    assert 40 <= item.x and right <= page.width - 40, (doc_type, item.text)
                for items in rows.values():
                    items.sort(key=lambda i: i.x)
                    for a, b in zip(items, items[1:]):
                        end = a.x + (a.justify_width or text_width(a.text, a.size, a.style, a.family))
                        assert end <= b.x + 2, (doc_type, a.text, b.text)


def test_generator_is_deterministic_and_seed_sensitive():
    a = make_document("undangan_sosialisasi", random.Random(11))
    b = make_document("undangan_sosialisasi", random.Random(11))
    c = make_document("undangan_sosialisasi", random.Random(12))
    assert a.page_texts() == b.page_texts() and a.meta == b.meta
    assert a.page_texts() != c.page_texts()


def test_wording_varies_with_the_seed():
    openings, halls = set(), set()
    for s in range(16):
        spec = make_document("surat_balasan", random.Random(s))
        lines = spec.page_texts()[0].splitlines()
        openings |= {ln.split()[0] for ln in lines if ln.startswith(("Menindaklanjuti", "Memperhatikan", "Membalas"))}
        halls.add(spec.meta["perihal"])
    assert len(openings) >= 2 and len(halls) >= 2


def test_letters_follow_tata_naskah_dinas():
    text = make_document("surat_hasil_koordinasi", random.Random(3)).page_texts()[0]
    assert "PEMERINTAH KABUPATEN BALANGAN" in text and "DINAS PERPUSTAKAAN DAN KEARSIPAN" in text
    assert "Yth." in text and "NIP" in text
    nip = [ln for ln in text.splitlines() if ln.startswith("NIP")][0].replace(" ", "")[3:]
    assert len(nip) == 18 and nip.isdigit()


def test_mou_has_two_numbers_date_in_words_and_two_parties():
    spec = make_document("nota_kesepahaman", random.Random(5))
    text = "\n".join(spec.page_texts())
    assert 2 <= len(spec.pages) <= 3
    assert text.count("NOMOR :") == 2
    d = spec.meta["tanggal"]
    assert f"({d:%d-%m-%Y})" in text and "PIHAK PERTAMA" in text and "PIHAK KEDUA" in text
    assert "Pasal 1" in text


def test_held_out_pools_are_disjoint():
    assert not {p.name for p in TRAIN_PARTNERS} & {p.name for p in HELD_OUT_PARTNERS}
    assert not set(TRAIN_NAMES) & set(HELD_OUT_NAMES)
    train = {make_document(t, random.Random(f"h{i}")).partner for i, t in enumerate(list(DOC_TYPES) * 3)}
    held = {make_document(t, random.Random(f"h{i}"), held_out=True).partner
            for i, t in enumerate(list(DOC_TYPES) * 3)}
    train.discard(None)
    held.discard(None)
    assert held and train and not train & held
    assert held <= {p.name for p in HELD_OUT_PARTNERS}


def test_held_out_uses_other_phrasings():
    train = {ln for s in range(20) for ln in make_document("surat_balasan", random.Random(s)).page_texts()[0]
             .splitlines()}
    held = {ln for s in range(20) for ln in
            make_document("surat_balasan", random.Random(s), held_out=True).page_texts()[0].splitlines()}
    assert not {ln for ln in held if ln.startswith(("Menindaklanjuti", "Memperhatikan", "Membalas"))} & train


def test_held_out_uses_other_layout_variants():
    def number_labels(held_out: bool) -> set[str]:
        return {ln.split()[0] for s in range(12)
                for ln in make_document("surat_balasan", random.Random(s), held_out=held_out).page_texts()[0]
                .splitlines() if ln.startswith(("No.", "Nomor"))}
    assert number_labels(False) == {"Nomor"}
    assert number_labels(True) == {"No."}


def test_activity_dates_follow_sop_order():
    act = committed_activities()["kh"]
    rng = random.Random(0)
    steps: dict[int, list[dt.date]] = {}
    for t, step in DOC_TYPES.items():
        if step:
            steps.setdefault(step, []).append(make_document(t, rng, activity=act).meta["tanggal"])
    for s in range(1, 6):
        assert max(steps[s]) <= min(steps[s + 1]), s


# --------------------------------------------------------------------------- capture kinds
@pytest.mark.parametrize("kind", [k for k in CAPTURE_KINDS if k != "phone_photo"])
def test_capture_kinds_write_readable_files(kind, small_pages):
    a = capture(small_pages, kind, random.Random(9))
    b = capture(small_pages, kind, random.Random(9))
    assert a.files == b.files  # deterministic bytes
    assert sum(len(p) for p in a.file_pages) == len(small_pages)
    assert len(a.params["pages"]) == len(small_pages)
    for data in a.files:
        if a.ext == "pdf":
            assert data.startswith(b"%PDF") and b"/Font" not in data  # image only, no text layer
            assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1
        else:
            im = Image.open(io.BytesIO(data))
            im.load()
    for p in a.params["pages"]:
        assert len(p["corners"]) == 4 and p["rotation"] in (0, 90, 180, 270)


def test_tiff_is_multipage_group4(small_pages):
    cap = capture(small_pages, "tiff_multipage", random.Random(1))
    im = Image.open(io.BytesIO(cap.files[0]))
    assert im.n_frames == len(small_pages) and im.info.get("compression") == "group4"


def test_upside_down_and_rotated_pages_turn_back(small_pages):
    clean = capture(small_pages[:1], "clean_scan", random.Random(2)).images[0]
    ud = capture(small_pages[:1], "upside_down", random.Random(2))
    assert ud.params["pages"][0]["rotation"] == 180
    assert ud.images[0].rotate(180).tobytes() == clean.tobytes()
    r = capture(small_pages[:1], "rotated_90", random.Random(4))
    page = r.params["pages"][0]
    restored = r.images[0].rotate(-page["rotation"], expand=True)  # clockwise by `rotation`
    assert restored.size == small_pages[0].size


def test_flatbed_skew_records_its_angle(small_pages):
    cap = capture(small_pages[:1], "flatbed_skew", random.Random(6))
    p = cap.params["pages"][0]
    assert 1.0 <= abs(p["skew_degrees"]) <= 6.0
    (x0, y0), (x1, y1) = p["corners"][0], p["corners"][1]
    measured = -math.degrees(math.atan2(y1 - y0, x1 - x0))
    assert abs(measured - p["skew_degrees"]) < 0.5


def test_phone_photo_exif_and_corners(small_pages):
    cap = capture(small_pages[:1], "phone_photo", random.Random(8), orientation=6, long_side=700)
    im = Image.open(io.BytesIO(cap.files[0]))
    assert im.format == "JPEG" and im.getexif()[0x0112] == 6
    shown = ImageOps.exif_transpose(im)
    p = cap.params["pages"][0]
    assert list(shown.size) == p["size"]
    xs, ys = [c[0] for c in p["corners"]], [c[1] for c in p["corners"]]
    assert 0 <= min(xs) and max(xs) < shown.width and 0 <= min(ys) and max(ys) < shown.height
    # the sheet (paper) is brighter than the table around it
    grey = shown.convert("L")
    cx, cy = sum(xs) // 4, sum(ys) // 4
    assert grey.getpixel((cx, cy)) > grey.getpixel((2, 2))


def test_camscanner_pages_carry_the_footer_but_truth_does_not(small_pages):
    cap = capture(small_pages, "camscanner_pdf", random.Random(3))
    assert cap.params["pages"][0]["footer"] == CAMSCANNER_FOOTER
    assert "CamScanner".encode("utf-16-be") in cap.files[0]  # the PDF's Creator, as the real app writes
    corner = cap.images[0].crop((cap.images[0].width // 2, cap.images[0].height - 30, cap.images[0].width,
                                 cap.images[0].height)).convert("L")
    assert corner.getextrema()[0] < 150  # footer ink at the bottom right
    spec = make_document("nota_kesepahaman", random.Random("small"), stamp=False)
    assert "CamScanner" not in "\n".join(spec.page_texts())


def test_stamp_is_drawn_in_colour_but_not_in_the_truth():
    spec = make_document("surat_balasan", random.Random(21), stamp=False)
    pages = [p.resize((p.width // 3, p.height // 3)) for p in render_pages(spec)]
    anchors = [(a[0] // 3, a[1] // 3) if a else None for a in spec.stamp_anchors()]
    cap = capture(pages, "stamped", random.Random(1), anchors=anchors)
    rgb = cap.images[0].convert("RGB")
    arr = np.asarray(rgb).astype(int)
    blue = int(((arr[..., 2] > arr[..., 0] + 40) & (arr[..., 2] > arr[..., 1] + 20)).sum())
    assert blue > 200
    assert "KABUPATEN BALANGAN *" not in "\n".join(spec.page_texts())


def test_multi_page_documents_in_single_page_formats_get_one_file_per_page(small_pages, tmp_path):
    spec = make_document("nota_kesepahaman", random.Random("small"), stamp=False)
    cap = capture(small_pages, "png", random.Random(1))
    paths = write_capture(tmp_path, "mou", spec, cap)
    assert [p.name for p in paths] == ["mou-1.png", "mou-2.png"]
    truths = [json.loads((tmp_path / (p.name + TRUTH_SUFFIX)).read_text(encoding="utf-8")) for p in paths]
    assert [t["page_numbers"] for t in truths] == [[1], [2]]
    assert [t["pages"][0] for t in truths] == spec.page_texts()[:2]
    assert all(t["page_count"] == len(spec.pages) for t in truths)


# --------------------------------------------------------------------------- committed set
def test_every_committed_sample_has_truth_with_the_schema():
    files = [p for p in SAMPLES_DIR.iterdir() if p.suffix.lower() in SAMPLE_EXTS]
    truths = committed_truths()
    assert 15 <= len(files) == len(truths)
    for p in files:
        assert (p.parent / (p.name + TRUTH_SUFFIX)).exists(), p.name
    for t in truths:
        assert set(TRUTH_KEYS) <= set(t), t["file"]
        assert (SAMPLES_DIR / t["file"]).exists()
        assert t["doc_type"] in DOC_TYPES and t["sop_step"] == DOC_TYPES[t["doc_type"]]
        assert t["capture"] in CAPTURE_KINDS
        assert t["pages"] and all(isinstance(x, str) and x.strip() for x in t["pages"])
        dt.date.fromisoformat(t["tanggal"])
        assert isinstance(t["pihak"], list)
        assert "CamScanner" not in "\n".join(t["pages"])


def test_committed_set_covers_steps_kinds_and_types():
    truths = committed_truths()
    assert {t["sop_step"] for t in truths} >= {1, 2, 3, 4, 5, 6, None}
    assert {t["capture"] for t in truths} == set(CAPTURE_KINDS)
    types = {t["doc_type"] for t in truths}
    assert {"nota_kesepahaman", "daftar_judul_buku", "jadwal_pembinaan", "daftar_hadir", "agenda_surat_masuk",
            "lainnya"} <= types
    mou = [t for t in truths if t["doc_type"] == "nota_kesepahaman"][0]
    assert 2 <= mou["page_count"] <= 3
    tiff = [t for t in truths if t["capture"] == "tiff_multipage"][0]
    assert len(tiff["pages"]) >= 2
    assert any(t["stamped"] for t in truths)


def test_committed_activity_is_complete_and_in_sop_order():
    truths = [t for t in committed_truths() if t["activity"] == "burt-2024-desa-kusambi-hilir"]
    by_step: dict[int, list[str]] = {}
    for t in truths:
        by_step.setdefault(t["sop_step"], []).append(t["tanggal"])
    assert set(by_step) == {1, 2, 3, 4, 5, 6}
    for s in range(1, 6):
        assert max(by_step[s]) <= min(by_step[s + 1])


def test_committed_set_is_small():
    total = sum(p.stat().st_size for p in SAMPLES_DIR.iterdir() if p.suffix.lower() in SAMPLE_EXTS)
    assert total < 8_500_000


@pytest.mark.parametrize("harder", [False, True])
def test_every_table_kind_writes_a_row_of_wrapped_cells_as_one_line_cell_after_cell(monkeypatch, harder):
    """Every ruled table the generator draws (daftar hadir, daftar judul buku, jadwal, buku agenda, a
    report's tables, the other documents' lists) writes a row whose cells wrap as a person, the real set's
    transcription and the archive's search read it: one line, each cell whole, left to right; a row of
    one-line cells stays one line as before."""
    from samples.layout import Layout

    drawn: list[list[str]] = []
    table = Layout.table

    def recording(self, headers, rows, *args, **kwargs):
        drawn.extend([list(headers), *map(list, rows)])
        return table(self, headers, rows, *args, **kwargs)

    monkeypatch.setattr(Layout, "table", recording)
    wrapped_in: set[str] = set()
    for doc_type in DOC_TYPES:
        for seed in range(3):
            drawn.clear()
            spec = make_document(doc_type, random.Random(f"wrapcell-{doc_type}-{seed}"), bool(seed % 2), harder=harder)
            lines = {"".join(line.split()) for text in spec.page_texts() for line in text.splitlines()}
            for row in drawn:
                whole = "".join("".join(c.split()) for c in row)
                if whole:  # each printed row, wrapped or not, is one truth line, its cells in column order
                    assert whole in lines, (doc_type, seed, row)
            if drawn and any(p.table_rows for p in spec.pages):
                wrapped_in.add(doc_type)
    assert {"daftar_judul_buku", "jadwal_pembinaan", "agenda_surat_masuk"} <= wrapped_in, wrapped_in


def test_committed_truth_matches_the_generator():
    """The committed texts are what generate_committed lays out today (regenerable, no drift)."""
    truths = {(t["doc_type"], t["index"]): t for t in committed_truths()}
    acts = committed_activities()
    for i, (stem, doc_type, kind, act_key, _kw, options) in enumerate(COMMITTED):
        rng = random.Random(f"{COMMITTED_SEED}-{i}-{stem}")
        spec = make_document(doc_type, rng, False, acts[act_key] if act_key else None,
                             stamp=False if kind == "stamped" else None, **options)
        t = truths[(doc_type, i)]
        assert spec.meta["nomor"] == t["nomor"]
        if len(t["pages"]) == len(spec.pages):
            assert spec.page_texts() == t["pages"], stem


# --------------------------------------------------------------------------- slow
@pytest.mark.slow
def test_cli_writes_a_held_out_set(tmp_path):
    assert main(["--seed", "5", "--out", str(tmp_path), "--count", "2", "--held-out", "--kinds", "png"]) == 0
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in tmp_path.glob(f"*{TRUTH_SUFFIX}")]
    assert truths and all(t["held_out"] for t in truths)


@pytest.mark.slow
def test_generate_set_writes_files_and_truth(tmp_path):
    paths = generate_set(tmp_path, seed=3, count=4, kinds=["png", "tiff_multipage", "camscanner_pdf", "clean_scan"])
    assert len(paths) >= 4
    for p in paths:
        truth = json.loads((p.parent / (p.name + TRUTH_SUFFIX)).read_text(encoding="utf-8"))
        assert truth["file"] == p.name and set(TRUTH_KEYS) <= set(truth)


def _cer(truth: str, read: str) -> float:
    a, b = " ".join(truth.split()), " ".join(read.split())
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] / max(1, len(a))


@pytest.mark.slow
def test_tesseract_reads_a_clean_page_as_the_ground_truth():
    if not shutil.which("tesseract"):
        pytest.fail("tesseract is not installed (make install puts it in place)")
    import pytesseract
    spec = make_document("surat_balasan", random.Random("ocr"), stamp=False)
    page = render_pages(spec)[0]
    read = pytesseract.image_to_string(page, lang="ind")
    assert _cer(spec.page_texts()[0], read) < 0.05


def test_readme_table_names_every_committed_file():
    """Regression: the README's provenance table once named files that did not exist."""
    import re
    from pathlib import Path

    here = Path(__file__).resolve().parent.parent / "samples"
    readme = (here / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `([^`]+\.[a-z]{3,4})` \|", readme, flags=re.M))
    committed = {p.name[: -len(".truth.json")] for p in here.glob("*.truth.json")}
    assert table == committed


@pytest.mark.slow
def test_generate_committed_rewrites_the_same_truth_bytes(tmp_path):
    """Regenerating the committed set gives byte-identical truth JSON (capture parameters included), so
    no change of the generator moves the committed set's random draws. (Image bytes also depend on the
    installed numpy/OpenCV/Pillow builds, so they are compared only through these parameters.)"""
    from samples.generate import generate_committed
    paths = generate_committed(tmp_path)
    assert len(paths) == len(COMMITTED)
    for p in paths:
        name = p.name + TRUTH_SUFFIX
        assert (tmp_path / name).read_bytes() == (SAMPLES_DIR / name).read_bytes(), name
