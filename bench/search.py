"""Search benchmark: a generated corpus of BuRT letters with OCR-style noise, queries with known
relevant documents (misspelt, OCR-damaged, stemmed, partial nomor, phrases), our Indonesian /
OCR-tolerant index side by side with a plain Whoosh StandardAnalyzer index.

Reports recall@10 and MRR per query kind, p50/p95 query latency, index size and indexing rate
at each corpus size.  Everything is generated from a seed (nothing copied from samples/). The OCR
damage in the documents is drawn from
``bench/data/ocr_confusions.json``: character confusions counted on real captures by
``bench/ocr_confusions.py``, not from the index's own OCR folding.

    .venv/bin/python bench/search.py                 # 1 000, 10 000 and 100 000 documents
    .venv/bin/python bench/search.py --sizes 1000    # quick run
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import index as wh_index  # noqa: E402  (the baseline only)
from whoosh.analysis import StandardAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.qparser import QueryParser  # noqa: E402

from archive import search  # noqa: E402
from archive.records import SearchQuery  # noqa: E402

SYLLABLES = ("ba la ngan pa ri ngin ju ai lok tu te bing ting gi ha lo ka ran sa mu da ra we li bu ki ta ma ni "
             "so ho ro ha mi na ya wa su dan jar ram pit hu tan ta kun").split()
FIRST_NAMES = ("Ahmad Muhammad Siti Nur Rahmah Fitri Rizki Agus Budi Dewi Hendra Indah Joko Lestari Mahmud "
               "Noor Rina Saiful Taufik Wahyu Yusuf Zainal Hasan Husna Ilham Kartini Lukman Maulida Nanda "
               "Puspita Rahman Salman Syarifah Ulfah Wardah Yanti Fauzi Gusti Hamdan Iwan Jamilah").split()
JABATAN = ("kepala desa", "kepala sekolah", "sekretaris desa", "ketua pengelola perpustakaan", "camat",
           "kepala bidang layanan", "pustakawan")
KINDS = ("Desa", "SDN", "SMP Negeri", "Madrasah", "Kelurahan", "TK")
# Topic: (title, main word, other forms of the same root a clerk might type)
TOPICS = (
    ("Peminjaman Koleksi Buku", "peminjaman", ("meminjam", "dipinjamkan", "pinjaman")),
    ("Pembinaan Perpustakaan Desa", "pembinaan", ("membina", "dibina", "binaan")),
    ("Pendampingan Pengelolaan Perpustakaan", "pendampingan", ("mendampingi", "didampingi")),
    ("Sosialisasi Buku Rumah Tangga", "sosialisasi", ("mensosialisasikan", "disosialisasikan")),
    ("Pelatihan Pustakawan", "pelatihan", ("melatih", "dilatih", "latihan")),
    ("Pengadaan Rak Buku", "pengadaan", ("mengadakan", "diadakan")),
    ("Pengolahan Bahan Pustaka", "pengolahan", ("mengolah", "diolah")),
    ("Penyusunan Jadwal Kunjungan", "penyusunan", ("menyusun", "disusun", "susunan")),
    ("Pengembangan Minat Baca", "pengembangan", ("mengembangkan", "dikembangkan")),
    ("Penyerahan Hibah Buku", "penyerahan", ("menyerahkan", "diserahkan")),
    ("Penilaian Lomba Perpustakaan", "penilaian", ("menilai", "dinilai")),
    ("Pendataan Anggota Perpustakaan", "pendataan", ("mendata", "didata")),
    ("Perbaikan Gedung Perpustakaan", "perbaikan", ("memperbaiki", "diperbaiki")),
    ("Pengiriman Buku Bacaan", "pengiriman", ("mengirimkan", "dikirim", "kiriman")),
    ("Penyimpanan Arsip Kegiatan", "penyimpanan", ("menyimpan", "disimpan", "simpanan")),
    ("Pelaporan Hasil Kegiatan", "pelaporan", ("melaporkan", "dilaporkan", "laporan")),
    ("Permohonan Kerja Sama", "permohonan", ("memohon", "dimohon", "mohon")),
    ("Penerimaan Bantuan Buku", "penerimaan", ("menerima", "diterima")),
    ("Penataan Ruang Baca", "penataan", ("menata", "ditata")),
    ("Pencatatan Buku Agenda", "pencatatan", ("mencatat", "dicatat", "catatan")),
    ("Pemeliharaan Koleksi", "pemeliharaan", ("memelihara", "dipelihara")),
    ("Penguatan Literasi Keluarga", "penguatan", ("menguatkan", "memperkuat")),
)
FILLER = (
    "Sehubungan dengan program Buku Rumah Tangga dari Dinas Perpustakaan dan Kearsipan Kabupaten Balangan",
    "kami mengharapkan kehadiran Bapak/Ibu tepat pada waktunya",
    "kegiatan ini bertujuan meningkatkan minat baca masyarakat",
    "koleksi buku akan dicatat dalam buku agenda dan disimpan sebagai arsip",
    "pelaksanaan kegiatan mengikuti tahapan yang telah ditetapkan",
    "surat ini dibuat untuk dipergunakan sebagaimana mestinya",
    "demikian disampaikan atas perhatian dan kerja sama diucapkan terima kasih",
    "para peserta terdiri dari perangkat desa guru dan pengelola perpustakaan",
    "hasil koordinasi akan dituangkan dalam berita acara",
    "bahan bacaan disesuaikan dengan kebutuhan anak anak dan keluarga",
    "tempat kegiatan di balai desa setempat mulai pukul sembilan pagi",
    "dokumentasi kegiatan berupa foto dan daftar hadir dilampirkan",
)
MONTHS = ("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember").split()
MODEL_FILE = Path(__file__).resolve().parent / "data" / "ocr_confusions.json"


class ConfusionModel:
    """OCR damage drawn from character confusions measured on real captures (bench/ocr_confusions.py):
    P(src -> dst at one place) = count / occurrences of src in the aligned truth. Independent of the
    index's own OCR folding (archive.textnorm), which the benchmark measures rather than assumes."""

    def __init__(self, path: Path = MODEL_FILE, scale: float = 1.0):
        data = json.loads(path.read_text(encoding="utf-8"))
        self.about = f"{data['ocr']}, {data['files']} real captures, {data['stats']['aligned_chars']} characters"
        counts = data["source_counts"]
        self.rules: dict[str, list[tuple[str, float]]] = {}
        for src, dst, n in data["confusions"]:
            if counts.get(src):
                self.rules.setdefault(src, []).append((dst, min(1.0, scale * n / counts[src])))
        self.max_src = max((len(k) for k in self.rules), default=0)
        self._cache: dict[str, tuple[float, list[tuple[float, int, str, str]]]] = {}
        self.words = self.damaged = 0  # the corpus's word damage rate, for the report

    def _options(self, word: str) -> tuple[float, list[tuple[float, int, str, str]]]:
        """(chance that the OCR damages ``word``, [(probability, position, src, dst)]), cached per word."""
        got = self._cache.get(word)
        if got is None:
            if len(self._cache) >= 20_000:  # nomor and names are unique per letter: unbounded, it held ~95 KB
                self._cache.clear()         # per generated document (a 1M-document run would need ~95 GB)
            options = []
            for i in range(len(word) + 1):
                for size in range(self.max_src + 1):
                    src = word[i:i + size]
                    if len(src) == size and (size or 0 < i < len(word)):  # insertions inside the word only
                        options += [(p, i, src, dst) for dst, p in self.rules.get(src, ())]
            clean = 1.0
            for p, *_ in options:
                clean *= 1.0 - p
            got = self._cache[word] = (1.0 - clean, options)
        return got

    def damage(self, word: str, rnd: random.Random) -> str:
        """``word`` as the OCR reads it: damaged with its measured chance, by one confusion."""
        chance, options = self._options(word)
        self.words += 1
        if options and rnd.random() < chance:
            self.damaged += 1
            return self.force(word, rnd)
        return word

    def force(self, word: str, rnd: random.Random) -> str:
        """One confusion somewhere in ``word``, chosen by measured frequency (unchanged if none applies)."""
        options = self._options(word)[1]
        if not options:
            return word
        p, i, src, dst = rnd.choices(options, weights=[o[0] for o in options])[0]
        return word[:i] + dst + word[i + len(src):]


def typo(word: str, rnd: random.Random) -> str:
    """A clerk's misspelling: a dropped, doubled or swapped letter."""
    i = rnd.randrange(1, len(word) - 1)
    kind = rnd.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def name_word(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(n)).capitalize()


@dataclass
class Doc:
    id: str
    topic: int
    partner: str
    person: tuple[str, str]
    person_noised: bool
    seq: int
    year: int
    nomor: str  # as printed
    nomor_ocr: str  # as the OCR read it
    tanggal: str
    text: str  # OCR text (noisy)
    phrase: str | None  # an intact exact phrase of this document


@dataclass
class Query:
    kind: str
    text: str
    relevant: set[str]


@dataclass
class Corpus:
    docs: list[Doc]
    queries: list[Query] = field(default_factory=list)


def make_partners(rnd: random.Random, n: int) -> list[str]:
    out = set()
    while len(out) < n:
        kind = rnd.choice(KINDS)
        core = name_word(rnd, rnd.choice((2, 3)))
        out.add(f"{kind} {rnd.randint(1, 9)} {core}" if kind in ("SDN", "SMP Negeri") else f"{kind} {core}")
    return sorted(out)


def make_doc(i: int, rnd: random.Random, partners: list[str], model: ConfusionModel) -> Doc:
    topic = rnd.randrange(len(TOPICS))
    title, main, _ = TOPICS[topic]
    partner = rnd.choice(partners)
    person = (rnd.choice(FIRST_NAMES), name_word(rnd, 3))
    year = rnd.choice((2021, 2022, 2023, 2024, 2025))
    klas = rnd.choice(("400.14.5", "045", "005", "800", "420"))
    nomor = f"{klas}/{i + 1:06d}/DISPERSIP/{year}"
    month = rnd.randrange(12)
    day = rnd.randint(1, 28)
    jabatan = rnd.choice(JABATAN)
    fillers = rnd.sample(FILLER, rnd.randint(3, 6))
    person_noised = i % 4 == 1  # a quarter of the documents have the person's name damaged by OCR
    words_before = (f"PEMERINTAH KABUPATEN BALANGAN DINAS PERPUSTAKAAN DAN KEARSIPAN Nomor : {nomor} "
                    f"Lampiran : - Hal : {title} Kepada Yth. {jabatan} {partner} di tempat. Dengan hormat, "
                    f"{fillers[0]} tentang {main} {title.lower()} di {partner}.").split()
    person_words = f"{person[0]} {person[1]} selaku {jabatan} {partner}".split()
    words_after = (" ".join(fillers[1:]) + f". Paringin, {day} {MONTHS[month]} {year} Kepala Dinas "
                   f"{rnd.choice(FIRST_NAMES)} {name_word(rnd, 3)}").split()

    def damage(words: list[str], keep_exact: bool) -> list[str]:
        return [w if keep_exact else model.damage(w, rnd) for w in words]

    before = damage(words_before, False)
    nomor_ocr = next((w for w in before if "/" in w), nomor)
    if person_noised:
        person_part = [person_words[0], model.force(person_words[1], rnd)] + person_words[2:]
        phrase = None
    else:
        person_part = person_words
        phrase = " ".join(person_words[:4])
    text = " ".join(before + person_part + damage(words_after, False))
    return Doc(id=f"d{i:06d}", topic=topic, partner=partner, person=person, person_noised=person_noised, seq=i + 1,
               year=year, nomor=nomor, nomor_ocr=nomor_ocr, tanggal=f"{year}-{month + 1:02d}-{day:02d}",
               text=text, phrase=phrase)


def make_queries(docs: list[Doc], rnd: random.Random, per_kind: int) -> list[Query]:
    by_pair: dict[tuple[int, str], set[str]] = {}
    for d in docs:
        by_pair.setdefault((d.topic, d.partner), set()).add(d.id)
    queries: list[Query] = []
    clean = [d for d in docs if not d.person_noised]
    noised = [d for d in docs if d.person_noised]
    for d in rnd.sample(clean, min(per_kind, len(clean))):  # clerk's typo in the name
        queries.append(Query("misspelt", f"{d.person[0]} {typo(d.person[1].lower(), rnd)} {TOPICS[d.topic][1]}",
                             {d.id}))
    for d in rnd.sample(noised, min(per_kind, len(noised))):  # name damaged in the document by OCR
        queries.append(Query("ocr_damaged", f"{d.person[0]} {d.person[1]}", {d.id}))
    for d in rnd.sample(docs, min(per_kind, len(docs))):  # another form of the topic word + partner
        form = rnd.choice(TOPICS[d.topic][2])
        core = d.partner.split()[-1]
        queries.append(Query("stemmed", f"{form} {core}", by_pair[(d.topic, d.partner)]))
    misread = [d for d in docs if d.nomor_ocr != d.nomor]
    for d in rnd.sample(misread, min(per_kind, len(misread))):  # partial nomor as printed; the OCR misread it
        queries.append(Query("partial_nomor", f"{d.seq:06d}/DISPERSIP/{d.year}", {d.id}))
    for d in rnd.sample(clean, min(per_kind, len(clean))):  # an exact phrase
        queries.append(Query("phrase", f'"{d.phrase}"', {d.id}))
    return queries


def make_corpus(n: int, seed: int = 42, model: ConfusionModel | None = None, per_kind: int = 60) -> Corpus:
    model = model or ConfusionModel()
    rnd = random.Random(seed)
    partners = make_partners(rnd, max(50, n // 20))
    docs = [make_doc(i, rnd, partners, model) for i in range(n)]
    return Corpus(docs, make_queries(docs, random.Random(seed + 1), per_kind))


def index_dicts(docs: list[Doc]):
    for d in docs:
        yield {"id": d.id, "file": f"{d.id}.pdf", "title": TOPICS[d.topic][0], "content": d.text,
               "doc_type": "lainnya", "sop_step": None, "partner": d.partner, "tanggal": d.tanggal,
               "nomor": d.nomor_ocr}


# --- the two systems ----------------------------------------------------------------------------

def build_ours(docs: list[Doc], where: Path, procs: int) -> float:
    t = time.perf_counter()
    search.rebuild(where, index_dicts(docs), limitmb=256, procs=procs)
    return time.perf_counter() - t


def build_baseline(docs: list[Doc], where: Path, procs: int) -> float:
    t = time.perf_counter()
    where.mkdir(parents=True)
    schema = Schema(id=ID(stored=True, unique=True), content=TEXT(analyzer=StandardAnalyzer(), phrase=True))
    ix = wh_index.create_in(str(where), schema)
    w = ix.writer(limitmb=256, procs=procs, multisegment=procs > 1)
    for d in docs:
        w.add_document(id=d.id, content=f"{TOPICS[d.topic][0]} {d.text}")
    w.commit()
    return time.perf_counter() - t


def run_ours(where: Path, q: Query) -> list[str]:
    res = search.run_query(where, SearchQuery(text=q.text, limit=10, facets=False))
    return [h.id for h in res.hits]


class Baseline:
    def __init__(self, where: Path):
        self.ix = wh_index.open_dir(str(where))
        self.parser = QueryParser("content", self.ix.schema)
        self.searcher = self.ix.searcher()

    def run(self, q: Query) -> list[str]:
        return [h["id"] for h in self.searcher.search(self.parser.parse(q.text), limit=10)]


def score(queries: list[Query], ranked: list[list[str]]) -> dict:
    out: dict[str, dict] = {}
    kinds = sorted({q.kind for q in queries})
    for kind in kinds + ["all"]:
        pairs = [(q, r) for q, r in zip(queries, ranked) if kind in ("all", q.kind)]
        recall = statistics.mean(len(q.relevant & set(r[:10])) / min(len(q.relevant), 10) for q, r in pairs)
        mrr = statistics.mean(next((1 / (i + 1) for i, d in enumerate(r) if d in q.relevant), 0.0) for q, r in pairs)
        out[kind] = {"recall@10": round(recall, 3), "mrr": round(mrr, 3), "queries": len(pairs)}
    return out


def timed(fn, queries: list[Query]) -> tuple[list[list[str]], list[float]]:
    ranked, ms = [], []
    for q in queries:
        t = time.perf_counter()
        ranked.append(fn(q))
        ms.append((time.perf_counter() - t) * 1000)
    return ranked, ms


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1)


def dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def incremental_rate(where: Path, docs: list[Doc], n: int = 20) -> float:
    """Single-document commits into the existing index (what each ingest does): ms per document."""
    extra = [Doc(**{**d.__dict__, "id": d.id + "x"}) for d in docs[:n]]
    t = time.perf_counter()
    for doc in index_dicts(extra):
        search.index_documents(where, [doc])
    return round((time.perf_counter() - t) * 1000 / n, 1)


def bench_size(n: int, work: Path, procs: int, per_kind: int, model: ConfusionModel) -> dict:
    t0 = time.perf_counter()
    corpus = make_corpus(n, model=model, per_kind=per_kind)
    gen_s = time.perf_counter() - t0
    ours_dir, base_dir = work / f"ours-{n}", work / f"base-{n}"
    ours_s = build_ours(corpus.docs, ours_dir, procs)
    base_s = build_baseline(corpus.docs, base_dir, procs)
    search.forget_index(ours_dir)
    for q in corpus.queries[:5]:  # warm-up: open segments, load the vocabulary once
        run_ours(ours_dir, q)
    ranked, ms = timed(lambda q: run_ours(ours_dir, q), corpus.queries)
    base = Baseline(base_dir)
    b_ranked, b_ms = timed(base.run, corpus.queries)
    row = {
        "documents": n, "queries": len(corpus.queries), "generate_s": round(gen_s, 1),
        "noise": {"model": model.about, "words_damaged": round(model.damaged / max(1, model.words), 4)},
        "ours": {"quality": score(corpus.queries, ranked), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95),
                 "index_mb": dir_mb(ours_dir), "build_s": round(ours_s, 1),
                 "build_docs_per_s": round(n / ours_s), "commit_ms_per_doc": incremental_rate(ours_dir, corpus.docs)},
        "baseline": {"quality": score(corpus.queries, b_ranked), "p50_ms": pct(b_ms, 50), "p95_ms": pct(b_ms, 95),
                     "index_mb": dir_mb(base_dir), "build_s": round(base_s, 1),
                     "build_docs_per_s": round(n / base_s)},
    }
    base.searcher.close()
    return row


def print_row(row: dict) -> None:
    n = row["documents"]
    print(f"\n## {n} documents, {row['queries']} queries; OCR noise: {row['noise']['model']}, "
          f"{row['noise']['words_damaged']:.1%} of the words damaged")
    for name in ("ours", "baseline"):
        r = row[name]
        qual = "  ".join(f"{k}: R@10 {v['recall@10']:.3f} MRR {v['mrr']:.3f}" for k, v in r["quality"].items())
        print(f"{name:9} p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  index {r['index_mb']} MB  "
              f"build {r['build_s']} s ({r['build_docs_per_s']} docs/s)")
        print(f"          {qual}")
    print(f"ours: single-document commit into the index {row['ours']['commit_ms_per_doc']} ms/doc")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--procs", type=int, default=2, help="writer processes for the bulk build")
    ap.add_argument("--per-kind", type=int, default=60, help="queries per kind")
    ap.add_argument("--out", default=str(Path(__file__).parent / "out" / "search.json"))
    ap.add_argument("--keep", default=None, help="keep the indexes in this directory")
    ap.add_argument("--noise-scale", type=float, default=1.0,
                    help="multiply the measured confusion rates (1 = as measured on the real captures)")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="burt-bench-search-"))
    rows = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            model = ConfusionModel(scale=args.noise_scale)
            rows.append(bench_size(n, work, args.procs if n >= 10000 else 1, args.per_kind, model))
            print_row(rows[-1])
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
