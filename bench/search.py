"""Search benchmark: a generated corpus of BuRT letters with OCR-style noise, queries with known
relevant documents (misspelt, OCR-damaged, stemmed, partial nomor, phrases), our Indonesian /
OCR-tolerant index side by side with a plain Whoosh StandardAnalyzer index.

Reports recall@10 and MRR per query kind, p50/p95 query latency, index size and indexing rate
at each corpus size.  Everything is generated from a seed (nothing copied from samples/).

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
# OCR confusions (our own raw OCR shows e→c, rn↔m, l/1/I, O/0, t→l, n↔u, ','↔'.').
CONFUSIONS = (("e", "c"), ("c", "e"), ("rn", "m"), ("m", "rn"), ("l", "1"), ("i", "l"), ("l", "i"),
              ("t", "l"), ("n", "u"), ("u", "n"), ("a", "o"), ("h", "b"), ("o", "0"), ("0", "O"), ("1", "l"),
              (".", ","), ("s", "5"))


def ocr_noise(word: str, rnd: random.Random) -> str:
    """One OCR-style confusion somewhere in ``word`` (unchanged if none applies)."""
    options = [(i, a, b) for a, b in CONFUSIONS for i in range(len(word)) if word.startswith(a, i)]
    if not options:
        return word
    i, a, b = rnd.choice(options)
    return word[:i] + b + word[i + len(a):]


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


def make_doc(i: int, rnd: random.Random, partners: list[str], noise: float) -> Doc:
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
        return [w if keep_exact or rnd.random() >= noise else ocr_noise(w, rnd) for w in words]

    before = damage(words_before, False)
    nomor_ocr = next((w for w in before if "/" in w), nomor)
    if person_noised:
        person_part = [person_words[0], ocr_noise(person_words[1], rnd)] + person_words[2:]
        phrase = None
    else:
        person_part = person_words
        phrase = " ".join(person_words[:4])
    text = " ".join(before + person_part + damage(words_after, False))
    return Doc(id=f"d{i:06d}", topic=topic, partner=partner, person=person, person_noised=person_noised, seq=i + 1,
               year=year, nomor=nomor, nomor_ocr=nomor_ocr, tanggal=f"{year}-{month + 1:02d}-{day:02d}",
               text=text, phrase=phrase)


def confuse_digits(s: str, rnd: random.Random) -> str:
    """A nomor as a clerk reads it off a bad copy: some 0→O, 1→l."""
    return "".join(("O" if c == "0" else "l") if c in "01" and rnd.random() < 0.5 else c for c in s)


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
    for d in rnd.sample(docs, min(per_kind, len(docs))):  # partial nomor, read with confusions
        queries.append(Query("partial_nomor", confuse_digits(f"{d.seq:06d}/DISPERSIP/{d.year}", rnd), {d.id}))
    for d in rnd.sample(clean, min(per_kind, len(clean))):  # an exact phrase
        queries.append(Query("phrase", f'"{d.phrase}"', {d.id}))
    return queries


def make_corpus(n: int, seed: int = 42, noise: float = 0.08, per_kind: int = 60) -> Corpus:
    rnd = random.Random(seed)
    partners = make_partners(rnd, max(50, n // 20))
    docs = [make_doc(i, rnd, partners, noise) for i in range(n)]
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


def bench_size(n: int, work: Path, procs: int, per_kind: int) -> dict:
    t0 = time.perf_counter()
    corpus = make_corpus(n, per_kind=per_kind)
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
    print(f"\n## {n} documents, {row['queries']} queries")
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
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="burt-bench-search-"))
    rows = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            rows.append(bench_size(n, work, args.procs if n >= 10000 else 1, args.per_kind))
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
