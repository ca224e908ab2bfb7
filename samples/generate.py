"""Realistic BuRT sample documents with ground truth, deterministic from a seed.

Public API (kept stable; see samples/README.md):

- ``make_document(doc_type, rng, held_out=False, activity=None) -> DocumentSpec``
- ``render_pages(spec, stamp=None) -> list[PIL.Image.Image]``
- ``capture(images, kind, rng, **kw) -> Capture``  (re-exported from ``samples.capture``)
- ``truth_for(spec, capture, file_name, pages=None) -> dict``
- ``generate_set(out_dir, seed, count, held_out=False, kinds=None, doc_types=None) -> list[Path]``
- ``generate_committed(out_dir) -> list[Path]``

CLI: ``python samples/generate.py --seed 7 --out DIR [--held-out] [--count N] [--kinds a,b]``
and ``python samples/generate.py --committed`` (rewrites the committed set in samples/).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``samples`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from samples import degrade, variety  # noqa: E402
from samples.capture import CAMSCANNER_FOOTER, CAPTURE_KINDS, Capture, capture  # noqa: E402,F401
from samples.documents import DAY_OFFSET, DOC_TYPES, TEMPLATES, Activity, Ctx, make_activity  # noqa: E402
from samples.layout import Layout, PageSpec, draw_stamp, render_page  # noqa: E402
from samples.others import lainnya_v2  # noqa: E402
from samples.partners import NON_CIVIL_KINDS, PARTNER_KINDS, make_partner  # noqa: E402
from samples.pools import TRAIN_PARTNERS, make_person  # noqa: E402

log = logging.getLogger(__name__)

GENERATOR_VERSION = 1
HARDER_VERSION = 2  # generator_version of documents made with harder=True
SAMPLES_DIR = Path(__file__).resolve().parent
TRUTH_SUFFIX = ".truth.json"
TRUTH_KEYS = ("file", "capture", "capture_params", "pages", "doc_type", "sop_step", "nomor", "tanggal",
              "perihal", "pengirim", "penerima", "partner", "pihak", "activity")


@dataclass
class DocumentSpec:
    """A laid-out document: its pages (text items with positions) and its metadata truth."""

    doc_type: str
    sop_step: int | None
    pages: list[PageSpec]
    meta: dict
    partner: str | None
    activity: str | None
    held_out: bool
    style: dict
    stamped: bool = False
    stamp_text: tuple[str, str] = ("DINAS PERPUSTAKAAN DAN KEARSIPAN * KABUPATEN BALANGAN *", "BALANGAN")
    extra: dict = field(default_factory=dict)

    def page_texts(self) -> list[str]:
        """Ground truth text per page: lines in reading order, no stamp text, no app footer."""
        return [p.text() for p in self.pages]

    def stamp_anchors(self) -> list[tuple[int, int] | None]:
        return [p.stamp_anchor for p in self.pages]


def _as_rng(rng: random.Random | int | str) -> random.Random:
    return rng if isinstance(rng, random.Random) else random.Random(str(rng))


def _style(c_rng: random.Random, held_out: bool, partner_letter: bool) -> dict:
    """Layout variants; list positions split by mode (even: training, odd: held out)."""
    def pick(options: list):
        return c_rng.choice(options[int(held_out)::2] or options)
    return {
        "kop": pick(["logo_left", "logo_left_small", "centered", "centered_small"]),
        "letter": pick(["modern", "modern_samerow", "classic", "classic_samerow"]),
        "labels": pick([("Nomor", "Sifat", "Lampiran", "Hal"), ("No.", "Sifat", "Lamp.", "Perihal"),
                        ("Nomor", "Sifat", "Lampiran", "Perihal"), ("No.", "Sifat", "Lampiran", "Hal")]),
        "yth": pick(["Yth.", "Kepada Yth."]),
        "date_flush": c_rng.random() < 0.5,
        "date_place": pick([True, False, True, True]),  # some letters omit the place (the kop gives it)
        "first_indent": pick([90, 0, 0, 130]),
        "nip_spaced": c_rng.random() < 0.3,
        "underline": c_rng.random() < 0.7,
        "family": (pick(["serif", "dejavu", "sans", "sans"]) if partner_letter else pick(["serif", "dejavu"])),
        "paper": "F4" if c_rng.random() < 0.25 else "A4",
    }


PARTNER_TYPES = {"surat_permohonan_kerja_sama", "surat_permintaan_peminjaman", "surat_permintaan_pembinaan"}
STAMP_CENTRE = {"desa": "KEPALA DESA", "kelurahan": "LURAH", "kecamatan": "CAMAT", "sekolah": "KEPALA SEKOLAH",
                "pondok_pesantren": "PIMPINAN", "perpustakaan_desa": "PERPUSDES", "tbm": "KETUA", "komunitas": "KETUA"}


def make_activity_v2(rng: random.Random, held_out: bool = False, kind: str | None = None,
                     start: dt.date | None = None) -> Activity:
    """An activity of the harder generator: a partner of any kind (samples.partners), named from the mode's half."""
    partner = make_partner(rng, held_out, kind)
    act = make_activity(rng, held_out, partner, start)
    if partner.kind in NON_CIVIL_KINDS and partner.kind != "desa":
        act.partner_head = make_person(rng, partner.head_title, held_out, civil=False,
                                       used={act.kepala.name, act.kabid.name})
    return act


def make_document(doc_type: str, rng: random.Random | int | str, held_out: bool = False,
                  activity: Activity | None = None, stamp: bool | None = None, harder: bool = False,
                  **options) -> DocumentSpec:
    """Lay out one document of ``doc_type`` (an id from docs/architecture.md).

    ``activity`` shares partner, signers, numbers and SOP-ordered dates between the documents
    of one BuRT activity; without it a fresh one is drawn from the mode's pools.
    ``stamp`` forces (True/False) a cap over the signature; None lets ``rng`` decide.
    ``options`` are template knobs (``rows=24`` for a two-page daftar judul buku; ``other_kind`` for a
    harder ``lainnya``). ``harder`` uses the harder generator (samples/README.md): layouts, kop styles and
    label spellings of ``samples.variety``, partners of every kind, non-BuRT documents of several kinds.
    """
    if doc_type not in DOC_TYPES:
        raise ValueError(f"unknown doc_type {doc_type!r}; expected one of {', '.join(DOC_TYPES)}")
    rng = _as_rng(rng)
    if harder:
        return _make_document_v2(doc_type, rng, held_out, activity, stamp, options)
    act = activity or make_activity(rng, held_out)
    style = _style(rng, held_out, doc_type in PARTNER_TYPES)
    lay = Layout(paper=style["paper"], family=style["family"])
    if style["paper"] == "F4":
        lay.bottom += 150
    ctx = Ctx(rng, held_out, act, lay, style, options=options)
    meta = TEMPLATES[doc_type](ctx)
    pages = [p for p in lay.pages if p.items]
    step = DOC_TYPES[doc_type]
    partner = act.partner.name if step is not None else None
    if doc_type in PARTNER_TYPES:
        p = act.partner
        ring = (f"PEMERINTAH {p.name.upper()} * KEC. {p.kecamatan.upper()} *" if p.kind == "desa"
                else f"{p.name.upper()} * KAB. BALANGAN *")
        stamp_text = (ring, "KEPALA DESA" if p.kind == "desa" else "KEPALA SEKOLAH")
    else:
        stamp_text = ("DINAS PERPUSTAKAAN DAN KEARSIPAN * KABUPATEN BALANGAN *", "BALANGAN")
    stamped = rng.random() < 0.3 if stamp is None else stamp
    extra = {k: v for k, v in meta.items() if k not in ("nomor", "tanggal", "perihal", "pengirim", "penerima",
                                                        "pihak")}
    return DocumentSpec(doc_type, step, pages, meta, partner, act.key if step is not None else None, held_out,
                        style, stamped and any(p.stamp_anchor for p in pages), stamp_text, extra)


def _make_document_v2(doc_type: str, rng: random.Random, held_out: bool, activity: Activity | None,
                      stamp: bool | None, options: dict) -> DocumentSpec:
    act = activity or make_activity_v2(rng, held_out)
    style = variety.style_v2(rng, held_out)
    lay = Layout(paper=style["paper"], family=style["family"])
    if style["paper"] == "F4":
        lay.bottom += 150
    ctx = Ctx(rng, held_out, act, lay, style, options=dict(options))
    meta = lainnya_v2(ctx) if doc_type == "lainnya" else TEMPLATES[doc_type](ctx)
    pages = [p for p in lay.pages if p.items]
    step = DOC_TYPES[doc_type]
    p = act.partner
    if doc_type in PARTNER_TYPES:
        stamp_text = (f"{p.short.upper()} * KAB. BALANGAN *", STAMP_CENTRE.get(p.kind, "KETUA"))
    else:
        stamp_text = ("DINAS PERPUSTAKAAN DAN KEARSIPAN * KABUPATEN BALANGAN *", "BALANGAN")
    stamped = rng.random() < 0.3 if stamp is None else stamp
    extra = {k: v for k, v in meta.items() if k not in ("nomor", "tanggal", "perihal", "pengirim", "penerima",
                                                        "pihak")}
    extra["layout"] = dict(style["factors"])
    extra["partner_kind"] = p.kind if step is not None else None
    if ctx.options.get("cited"):
        extra["cited_nomor"] = list(ctx.options["cited"])
    return DocumentSpec(doc_type, step, pages, meta, p.name if step is not None else None,
                        act.key if step is not None else None, held_out, style,
                        stamped and any(pg.stamp_anchor for pg in pages), stamp_text, extra)


def render_pages(spec: DocumentSpec, stamp: bool | None = None, seed: int = 0) -> list[Image.Image]:
    """Clean 300 dpi RGB page images; with ``stamp`` (default ``spec.stamped``) a cap over the signature."""
    stamp = spec.stamped if stamp is None else stamp
    images = [render_page(p) for p in spec.pages]
    if stamp:
        rng = random.Random(f"stamp-{seed}-{spec.meta.get('nomor')}")
        for i, p in enumerate(spec.pages):
            if p.stamp_anchor:
                images[i] = draw_stamp(images[i], p.stamp_anchor[0] + 170, p.stamp_anchor[1], rng,
                                       spec.stamp_text[0], spec.stamp_text[1])
    return images


def truth_for(spec: DocumentSpec, cap: Capture, file_name: str, pages: list[int] | None = None) -> dict:
    """The ground-truth record for one output file (keys in TRUTH_KEYS plus a few extras)."""
    pages = list(range(len(spec.pages))) if pages is None else pages
    texts = spec.page_texts()
    params = dict(cap.params)
    params["pages"] = [cap.params["pages"][i] for i in pages]
    tanggal = spec.meta.get("tanggal")
    return {
        "file": file_name,
        "capture": cap.kind,
        "capture_params": params,
        "pages": [texts[i] for i in pages],
        "page_numbers": [i + 1 for i in pages],
        "page_count": len(spec.pages),
        "doc_type": spec.doc_type,
        "sop_step": spec.sop_step,
        "nomor": spec.meta.get("nomor"),
        "tanggal": tanggal.isoformat() if isinstance(tanggal, dt.date) else tanggal,
        "perihal": spec.meta.get("perihal"),
        "pengirim": spec.meta.get("pengirim"),
        "penerima": spec.meta.get("penerima"),
        "partner": spec.partner,
        "pihak": spec.meta.get("pihak", []),
        "activity": spec.activity,
        "held_out": spec.held_out,
        "stamped": spec.stamped or cap.kind == "stamped",
        "extra": spec.extra,
        "generator_version": HARDER_VERSION if spec.style.get("v2") else GENERATOR_VERSION,
        **({"factors": {"layout": spec.extra.get("layout", {}),
                        "degradation": degrade.factors_of(cap.params["degradation"])
                        if "degradation" in cap.params else {}}} if spec.style.get("v2") else {}),
    }


def write_capture(out_dir: Path, stem: str, spec: DocumentSpec, cap: Capture, meta: dict | None = None
                  ) -> list[Path]:
    """Write the capture's file(s) and a ``<file>.truth.json`` beside each; returns the file paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    many = len(cap.files) > 1
    for k, (data, pages) in enumerate(zip(cap.files, cap.file_pages), 1):
        name = f"{stem}-{k}.{cap.ext}" if many else f"{stem}.{cap.ext}"
        path = out_dir / name
        path.write_bytes(data)
        truth = truth_for(spec, cap, name, pages)
        truth.update(meta or {})
        (out_dir / (name + TRUTH_SUFFIX)).write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
        written.append(path)
    return written


def make_capture(spec: DocumentSpec, kind: str, rng: random.Random, **kw) -> Capture:
    """Render ``spec`` and capture it as ``kind``; ``stamped`` puts the cap on the signature anchors.

    For a document of the harder generator, ``kind`` may be a profile of ``samples.degrade.PROFILES``
    (``phone_photo`` and ``camscanner_pdf`` then mean the profiles, not the classic kinds): its parameters
    are drawn from the document's mode (tuning or held-out) and recorded in the truth.
    """
    if spec.style.get("v2") and kind in degrade.PROFILES:
        plan = degrade.plan(kind, rng, spec.held_out)
        return degrade.apply(render_pages(spec), plan, rng)
    if kind == "stamped":
        anchors = spec.stamp_anchors()
        if not any(anchors):
            anchors = None
        return capture(render_pages(spec, stamp=False), kind, rng, anchors=anchors, ring_text=spec.stamp_text[0],
                       centre=spec.stamp_text[1])
    return capture(render_pages(spec), kind, rng, **kw)


def generate_set(out_dir: Path | str, seed: int, count: int, held_out: bool = False,
                 kinds: list[str] | None = None, doc_types: list[str] | None = None,
                 harder: bool = False) -> list[Path]:
    """``count`` generated documents in ``out_dir`` (file + truth JSON each), cycling types and kinds.

    Documents are grouped in activities of len(doc_types) so the ``activity`` key means something.
    ``harder`` uses the harder generator and its capture profiles (see ``generate_set_v2``).
    """
    if harder:
        return generate_set_v2(out_dir, seed, count, held_out, kinds, doc_types)
    out_dir = Path(out_dir)
    kinds = list(kinds or CAPTURE_KINDS)
    for k in kinds:
        if k not in CAPTURE_KINDS:
            raise ValueError(f"unknown capture kind {k!r}")
    types = list(doc_types or DOC_TYPES)
    order = random.Random(f"order-{seed}-{held_out}")
    written: list[Path] = []
    act = None
    for i in range(count):
        if i % len(types) == 0:
            order.shuffle(types)
            act = make_activity(random.Random(f"act-{seed}-{i}-{held_out}"), held_out)
        doc_type = types[i % len(types)]
        rng = random.Random(f"{seed}-{i}-{held_out}")
        spec = make_document(doc_type, rng, held_out, act if DOC_TYPES[doc_type] else None)
        kind = kinds[i % len(kinds)]
        cap = make_capture(spec, kind, rng)
        written += write_capture(out_dir, f"doc{i:04d}_{kind}", spec, cap, {"seed": seed, "index": i})
        log.info("generated %s (%s, %s)", doc_type, kind, written[-1].name)
    return written


BURT_TYPES = sorted((t for t, s in DOC_TYPES.items() if s is not None), key=lambda t: (DAY_OFFSET[t], t))


def generate_set_v2(out_dir: Path | str, seed: int, count: int, held_out: bool = False,
                    kinds: list[str] | None = None, doc_types: list[str] | None = None) -> list[Path]:
    """The harder generator's set: activities of 3-8 BuRT documents (SOP order) with partners of every kind
    in turn, each followed by one or two non-BuRT documents and sometimes an agenda page; capture profiles
    of ``samples.degrade`` in turn, their factors from the mode's half."""
    out_dir = Path(out_dir)
    kinds = list(kinds or degrade.PROFILES)
    for k in kinds:
        if k not in degrade.PROFILES and k not in CAPTURE_KINDS:
            raise ValueError(f"unknown capture kind {k!r}")
    for t in doc_types or []:
        if t not in DOC_TYPES:
            raise ValueError(f"unknown doc_type {t!r}")
    order = random.Random(f"order2-{seed}-{held_out}")
    written: list[Path] = []
    i = a = 0
    while i < count:
        act = make_activity_v2(random.Random(f"act2-{seed}-{a}-{held_out}"), held_out,
                               PARTNER_KINDS[(a + seed) % len(PARTNER_KINDS)])
        if doc_types:
            batch = list(doc_types)
        else:
            burt = sorted(order.sample(BURT_TYPES, order.randint(3, 8)), key=BURT_TYPES.index)
            batch = burt + ["lainnya"] * order.choice([1, 1, 2]) + \
                (["agenda_surat_masuk"] if order.random() < 0.3 else [])
        for doc_type in batch:
            if i >= count:
                break
            rng = random.Random(f"v2-{seed}-{i}-{held_out}")
            spec = make_document(doc_type, rng, held_out, act, harder=True)  # lainnya: may mention the partner
            kind = kinds[i % len(kinds)]
            cap = make_capture(spec, kind, rng)
            written += write_capture(out_dir, f"doc{i:04d}_{kind}", spec, cap, {"seed": seed, "index": i})
            log.info("generated %s (%s, %s)", doc_type, kind, written[-1].name)
            i += 1
        a += 1
    return written


# --------------------------------------------------------------------------- the committed set
COMMITTED_SEED = 2024
# (file stem, doc_type, capture kind, activity, capture kwargs); generated in this order (SOP order),
# so later letters can cite earlier numbers.
COMMITTED = [
    ("CamScanner_{d:%d-%m-%Y}_09.14", "undangan_sosialisasi", "camscanner_pdf", "kh", {}, {}),
    ("IMG_{d:%Y%m%d}_101532", "daftar_hadir", "phone_photo", "kh", {"orientation": 1}, {}),
    ("Scan_laporan_sosialisasi_0001", "laporan_sosialisasi", "clean_scan", "kh", {}, {}),
    ("IMG_{d:%Y%m%d}_143010", "surat_permohonan_kerja_sama", "phone_photo", "kh", {"orientation": 6}, {}),
    ("CamScanner_{d:%d-%m-%Y}_15.02", "nota_kesepahaman", "camscanner_pdf", "kh", {}, {}),
    ("scan0007", "surat_hasil_koordinasi", "flatbed_skew", "kh", {}, {}),
    ("scan0011", "surat_permintaan_peminjaman", "upside_down", "kh", {}, {}),
    ("IMG_{d:%Y%m%d}_091102", "agenda_surat_masuk", "phone_photo", "kh", {"orientation": 1}, {}),
    ("surat_balasan_peminjaman_scan", "surat_balasan", "stamped", "kh", {}, {}),
    ("Scan_BAST_{d:%Y%m%d}", "berita_acara_serah_terima", "rotated_90", "kh", {}, {}),
    ("DOC0419", "daftar_judul_buku", "tiff_multipage", "kh", {}, {"rows": 30}),
    ("permohonan_pembinaan", "surat_permintaan_pembinaan", "png", "kh", {}, {}),
    ("scan0023", "jadwal_pembinaan", "flatbed_skew", "kh", {}, {}),
    ("IMG_{d:%Y%m%d}_080455", "surat_koordinasi_pendampingan", "phone_photo", "kh", {"orientation": 8}, {}),
    ("CamScanner_{d:%d-%m-%Y}_10.40", "laporan_pendampingan", "camscanner_pdf", "kh", {}, {}),
    ("surat_cuti_pegawai", "lainnya", "png", "kh", {}, {}),
    ("CamScanner_{d:%d-%m-%Y}_08.31", "surat_permintaan_peminjaman", "camscanner_pdf", "lb", {}, {}),
]


def committed_activities() -> dict[str, Activity]:
    """The two activities of the committed set: Desa Kusambi Hilir (all six steps) and SDN Lok Batu."""
    by_name = {p.name: p for p in TRAIN_PARTNERS}
    kh = make_activity(random.Random(f"{COMMITTED_SEED}-kh"), False, by_name["Desa Kusambi Hilir"],
                       dt.date(2024, 2, 5))
    lb = make_activity(random.Random(f"{COMMITTED_SEED}-lb"), False, by_name["SD Negeri Lok Batu"],
                       dt.date(2024, 3, 4))
    return {"kh": kh, "lb": lb}


def generate_committed(out_dir: Path | str = SAMPLES_DIR) -> list[Path]:
    """Regenerate the committed sample set (same bytes every time)."""
    out_dir = Path(out_dir)
    acts = committed_activities()
    written: list[Path] = []
    for i, (stem, doc_type, kind, act_key, kw, options) in enumerate(COMMITTED):
        rng = random.Random(f"{COMMITTED_SEED}-{i}-{stem}")
        act = acts[act_key] if act_key else None
        spec = make_document(doc_type, rng, False, act, stamp=False if kind == "stamped" else None, **options)
        cap = make_capture(spec, kind, rng, **kw)
        name = stem.format(d=spec.meta["tanggal"])  # phone apps name files by date
        written += write_capture(out_dir, name, spec, cap, {"seed": COMMITTED_SEED, "index": i})
        log.info("committed sample %s", written[-1].name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate BuRT sample documents with ground truth.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="output folder")
    parser.add_argument("--count", type=int, default=len(DOC_TYPES))
    parser.add_argument("--held-out", action="store_true", help="use the disjoint evaluation pools")
    parser.add_argument("--classic", action="store_true",
                        help="the first generator (fewer layouts, partners and degradations) instead of the harder one")
    parser.add_argument("--kinds", help=f"comma-separated capture kinds ({', '.join(CAPTURE_KINDS)})")
    parser.add_argument("--types", help="comma-separated document types")
    parser.add_argument("--committed", action="store_true", help="rewrite the committed set in samples/")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.committed:
        paths = generate_committed(args.out or SAMPLES_DIR)
    else:
        if not args.out:
            parser.error("--out is required (or use --committed)")
        paths = generate_set(args.out, args.seed, args.count, args.held_out,
                             args.kinds.split(",") if args.kinds else None,
                             args.types.split(",") if args.types else None, harder=not args.classic)
    print(f"{len(paths)} file(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
