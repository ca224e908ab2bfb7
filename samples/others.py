"""Non-BuRT documents of the harder generator (truth doc_type ``lainnya``).

They share the office's vocabulary on purpose (BuRT, perpustakaan, literasi, sosialisasi,
daftar hadir, undangan), so a classifier has to tell them apart by what they are, not by
their words: an internal meeting invitation, a circular (surat edaran), a leave letter, a
printed social-media post, another agency's letter to the Dinas, and the attendance list of
an event that is not a BuRT socialisation.
"""
from __future__ import annotations

import datetime as dt

from samples import variety
from samples.documents import Ctx, body, kop_dinas, letter_head, roman, sign_dinas, sign_person, title_block
from samples.layout import LogoItem, RuleItem, SignatureItem
from samples.pools import (
    DINAS,
    HELD_OUT_NAMES,
    KEPALA_DINAS_JABATAN,
    TRAIN_NAMES,
    format_nip,
    hari,
    make_person,
    pool,
    tanggal_panjang,
    terbilang,
)

OTHER_KINDS = ("rapat_internal", "surat_edaran", "cuti", "postingan_medsos", "surat_instansi_lain",
               "daftar_hadir_lain")

AGENCIES = {  # (name as in the kop, number format, signer's title); the sender is the name + "Kabupaten Balangan"
    False: [("Dinas Kesehatan", "440/{n}/Dinkes/{y}", "Kepala Dinas Kesehatan"),
            ("Dinas Komunikasi dan Informatika", "500.12/{n}/Diskominfo/{r}/{y}", "Kepala Dinas Kominfo"),
            ("Badan Kepegawaian dan Pengembangan SDM", "800.1/{n}/BKPSDM/{y}", "Kepala BKPSDM")],
    True: [("Dinas Pendidikan", "400.3/{n}/Disdik/{r}/{y}", "Kepala Dinas Pendidikan"),
           ("Badan Pengelolaan Keuangan dan Aset Daerah", "900.1/{n}/BPKAD/{y}", "Kepala BPKAD"),
           ("Dinas Pemberdayaan Masyarakat dan Desa", "400.10/{n}/DPMD/{r}/{y}", "Kepala DPMD")],
}


def _nomor(c: Ctx, d: dt.date) -> str:
    n = c.rng.randint(10, 400)
    return c.pick([f"800.1.11.4/{n}/DISPERSIP/{d.year}", f"000.1.5/{n}/Dispersip-Blg/{roman(d)}/{d.year}",
                   f"005/{n}/DISPERSIP/{roman(d)}/{d.year}", f"900.1/{n:03d}/Dispersip/{d.year}"])


def _sign_date(c: Ctx, d: dt.date, place: str = "Paringin") -> None:
    if variety.date_at_signature(c):
        c.lay.space(20)
        c.lay.line(variety.place_date(c, place, d), x=int(c.lay.width * 0.52))


def rapat_internal(c: Ctx, d: dt.date) -> dict:
    when = d + dt.timedelta(days=c.rng.randint(2, 6))
    while when.weekday() >= 5:
        when += dt.timedelta(days=1)
    topic = c.pick(["Rapat Evaluasi Program BuRT Triwulan", "Rapat Internal Persiapan Sosialisasi BuRT",
                    "Rapat Koordinasi Internal Bidang Layanan", "Rapat Penyusunan Laporan Kinerja Literasi"])
    hal = f"Undangan {topic}"
    nomor = _nomor(c, d)
    to = ["Pejabat Struktural dan Fungsional", "Dinas Perpustakaan dan Kearsipan"]
    kop_dinas(c)
    c.options["title"] = "NOTA DINAS"
    letter_head(c, "Paringin", d, nomor, hal, to, "Tempat")
    body(c, [c.pick([
        f"Dalam rangka {topic.lower()}, dengan ini kami mengundang Saudara untuk hadir pada:",
        f"Sehubungan dengan pelaksanaan {topic.lower()} di lingkungan Dinas, diharapkan kehadiran Saudara pada:"]),
        (("Hari/Tanggal", f"{hari(when)}, {tanggal_panjang(when)}"),
         ("Pukul", c.rng.choice(["09.00 WITA", "13.30 WITA", "14.00 WITA"])),
         ("Tempat", "Ruang Rapat Dinas Perpustakaan dan Kearsipan")),
        "Rapat ini bersifat internal; bahan paparan disiapkan oleh masing-masing bidang.",
        "Demikian disampaikan untuk dilaksanakan."])
    _sign_date(c, d)
    sign_dinas(c, c.act.kepala)
    return {"nomor": nomor, "tanggal": d, "perihal": hal, "pengirim": DINAS, "penerima": " ".join(to),
            "pihak": [DINAS]}


def surat_edaran(c: Ctx, d: dt.date) -> dict:
    lay = c.lay
    nomor = _nomor(c, d)
    topic = c.pick(["Gerakan Membaca Lima Belas Menit Sebelum Bekerja", "Tertib Administrasi Peminjaman Buku",
                    "Pemanfaatan Pojok Baca di Lingkungan Kantor", "Penggunaan Aplikasi Srikandi"])
    kop_dinas(c)
    lay.line("SURAT EDARAN", style="bold", align="center")
    lay.line(f"NOMOR {nomor}", align="center")
    lay.line("TENTANG", align="center")
    title_block(c, [topic.upper()], size=46)
    body(c, ["Dalam rangka mendukung budaya literasi dan tertib administrasi di lingkungan Dinas Perpustakaan "
             "dan Kearsipan Kabupaten Balangan, bersama ini diminta kepada seluruh pegawai untuk:",
             c.rng.sample(["melaksanakan kegiatan membaca bersama setiap hari Jumat pagi;",
                           "mencatat setiap peminjaman buku pada buku induk peminjaman;",
                           "mengembalikan buku program BuRT yang dipinjam untuk keperluan dinas;",
                           "menggunakan aplikasi persuratan untuk setiap surat keluar;",
                           "melaporkan kegiatan literasi bidang setiap akhir bulan."], 3),
             "Demikian surat edaran ini untuk dilaksanakan dengan penuh tanggung jawab."])
    lay.space(20)
    x = int(lay.width * 0.52)
    lay.line("Ditetapkan di Paringin", x=x)
    lay.line(f"pada tanggal {variety.date_v2(c, d)}", x=x)
    sign_dinas(c, c.act.kepala)
    return {"nomor": nomor, "tanggal": d, "perihal": topic, "pengirim": DINAS, "penerima": None,
            "pihak": [DINAS]}


def cuti(c: Ctx, d: dt.date) -> dict:
    lay = c.lay
    staff = make_person(c.rng, c.rng.choice(["Pustakawan Ahli Pertama", "Pengadministrasi Umum",
                                             "Arsiparis Terampil"]), c.held_out, used={c.act.kepala.name})
    days = c.rng.randint(2, 12)
    start = d + dt.timedelta(days=c.rng.randint(3, 10))
    nomor = _nomor(c, d)
    kind = c.pick(["Cuti Tahunan", "Cuti Alasan Penting", "Cuti Sakit", "Cuti Melahirkan"])
    kop_dinas(c)
    lay.line(f"SURAT IZIN {kind.upper()}", style="bold", align="center", underline=True)
    lay.line(f"Nomor : {nomor}", align="center")
    lay.space(40)
    body(c, [f"Diberikan {kind.lower()} untuk Tahun {d.year} kepada Pegawai Negeri Sipil:",
             (("Nama", staff.name), ("NIP", format_nip(staff.nip, c.style["nip_spaced"])),
              ("Pangkat/Gol.", staff.pangkat), ("Jabatan", staff.jabatan),
              ("Unit Kerja", "Dinas Perpustakaan dan Kearsipan")),
             f"selama {days} ({terbilang(days).lower()}) hari kerja terhitung mulai tanggal "
             f"{tanggal_panjang(start)}, sehingga tugas layanan perpustakaan dan program BuRT selama cuti "
             f"diserahkan kepada atasan langsung.",
             "Demikian surat izin cuti ini dibuat untuk dapat digunakan sebagaimana mestinya."])
    lay.space(20)
    lay.line(variety.place_date(c, "Paringin", d), x=int(lay.width * 0.52))
    sign_dinas(c, c.act.kepala)
    return {"nomor": nomor, "tanggal": d, "perihal": f"Surat Izin {kind}", "pengirim": DINAS,
            "penerima": staff.name.split(",")[0], "pihak": [DINAS]}


def surat_instansi_lain(c: Ctx, d: dt.date) -> dict:
    agency, fmt, head_title = c.rng.choice(AGENCIES[c.held_out])
    nomor = fmt.format(n=c.rng.randint(10, 900), y=d.year, r=roman(d))
    hal = c.pick(["Permohonan Data Indeks Pembangunan Literasi Masyarakat", "Undangan Rapat Koordinasi Lintas Sektor",
                  "Permohonan Narasumber Kegiatan Literasi Digital", "Pemberitahuan Jadwal Pelatihan Pegawai"])
    c.options["title"] = {"Undangan": "SURAT UNDANGAN", "Permohonan": "SURAT PERMOHONAN"}.get(
        hal.split()[0], "SURAT PEMBERITAHUAN")
    variety.kop_generic(c, ["PEMERINTAH KABUPATEN BALANGAN", agency.upper()],
                        ["Jalan Jend. A. Yani Km. 5 Paringin, Kabupaten Balangan", "Telepon (0526) 20281xx"])
    letter_head(c, "Paringin", d, nomor, hal, ["Kepala Dinas Perpustakaan dan Kearsipan", "Kabupaten Balangan"],
                "Paringin")
    body(c, [c.pick([
        f"Dalam rangka {hal.lower()}, bersama ini kami mohon bantuan Dinas Perpustakaan dan Kearsipan untuk "
        f"menyampaikan data perpustakaan desa, taman bacaan masyarakat dan kegiatan literasi tahun {d.year - 1}.",
        f"Sehubungan dengan {hal.lower()}, kami mengharapkan partisipasi Saudara sesuai jadwal terlampir."]),
        "Atas perhatian dan kerja samanya diucapkan terima kasih."])
    _sign_date(c, d)
    head = make_person(c.rng, head_title, c.held_out, senior=True, used={c.act.kepala.name})
    sign_person(c, int(c.lay.width * 0.52), [f"{head_title},"], head)
    pengirim = f"{agency} Kabupaten Balangan"
    return {"nomor": nomor, "tanggal": d, "perihal": hal, "pengirim": pengirim, "penerima": KEPALA_DINAS_JABATAN,
            "pihak": [pengirim, DINAS]}


def daftar_hadir_lain(c: Ctx, d: dt.date) -> dict:
    lay = c.lay
    event = c.pick(["RAPAT EVALUASI KINERJA TRIWULAN", "BIMBINGAN TEKNIS PENGELOLAAN ARSIP DINAMIS",
                    "SEMINAR LITERASI DIGITAL MAHASISWA", "PELATIHAN PUSTAKAWAN SEKOLAH"])
    lay.space(60)
    title_block(c, ["DAFTAR HADIR", event], size=48)
    lay.fields([("Hari/Tanggal", f"{hari(d)}, {tanggal_panjang(d)}"),
                ("Tempat", c.rng.choice(["Aula Dinas Perpustakaan dan Kearsipan", "Gedung Serbaguna Paringin"]))],
               label_w=360)
    lay.space(30)
    names = c.rng.sample(pool(TRAIN_NAMES, HELD_OUT_NAMES, c.held_out), c.rng.randint(8, 12))
    rows = [[str(k), nm, c.rng.choice(["Pustakawan", "Arsiparis", "Staf", "Peserta", "Mahasiswa"]), ""]
            for k, nm in enumerate(names, 1)]
    boxes = lay.table(["No", "Nama", "Unsur", "Tanda Tangan"], rows, [0.6, 3.2, 2.6, 2.2], size=42,
                      align=["center", "left", "left", "left"], min_row=95)
    for page, top, h, xs in boxes:
        page.items.append(SignatureItem(xs[3] + 30, top + 10, xs[4] - xs[3] - 80, h - 20, c.seed()))
    return {"nomor": None, "tanggal": d, "perihal": f"Daftar Hadir {event.title()}", "pengirim": None,
            "penerima": None, "pihak": []}


def postingan_medsos(c: Ctx, d: dt.date) -> dict:
    """A social-media post printed from a browser: page header, post, photo box, reactions, comments."""
    lay = c.lay
    p = c.act.partner
    when = f"{variety.date_v2(c, d)} pukul {c.rng.randint(7, 20):02d}.{c.rng.choice([5, 12, 30, 47]):02d}"
    account = c.pick(["Dispersip Balangan", "Perpustakaan Balangan", "Literasi Balangan", "Info Paringin"])
    lay.line(f"{account} - Beranda", size=30)
    lay.add(RuleItem(lay.left, lay.y, lay.width - lay.right, lay.y, 2))
    lay.space(40)
    lay.add(LogoItem(lay.left, lay.y, 110, "sekolah"))
    top = lay.y
    lay.line(account, x=lay.left + 140, style="bold")
    lay.line(when, x=lay.left + 140, size=38)
    lay.y = max(lay.y, top + 130)
    lay.space(20)
    text = c.pick([
        f"Alhamdulillah, hari ini tim BuRT (Buku Rumah Tangga) berkunjung ke {p.name}. Terima kasih kepada warga "
        f"yang antusias meminjam buku. Ayo terus membaca! #BuRT #LiterasiBalangan #GemarMembaca",
        f"Kegiatan membaca bersama di {p.name} berjalan meriah. Program Buku Rumah Tangga hadir untuk keluarga. "
        f"Siapa yang sudah pinjam buku minggu ini? #BuRT #PerpustakaanBalangan",
        f"Sosialisasi literasi keluarga bersama pengelola perpustakaan di Kecamatan {p.kecamatan}. Sampai jumpa "
        f"di kegiatan berikutnya! #LiterasiBalangan #BukuRumahTangga",
        f"Pojok baca baru di {p.name} sudah bisa dikunjungi setiap sore. Yuk ajak anak-anak membaca! "
        f"#BuRT #Balangan",
    ])
    lay.para(text, justify=False)
    lay.space(10)
    photo_h = 900
    lay.ensure(photo_h + 200)
    y0 = lay.y
    lay.add(RuleItem(lay.left, y0, lay.width - lay.right, y0, 4))
    lay.add(RuleItem(lay.left, y0 + photo_h, lay.width - lay.right, y0 + photo_h, 4))
    lay.add(RuleItem(lay.left, y0, lay.left, y0 + photo_h, 4))
    lay.add(RuleItem(lay.width - lay.right, y0, lay.width - lay.right, y0 + photo_h, 4))
    for k in range(3):  # people-like shapes in the photo
        lay.add(LogoItem(lay.left + 250 + k * 520, y0 + 250, 300, "sekolah"))
    lay.y = y0 + photo_h + 30
    likes, comments, shares = c.rng.randint(12, 480), c.rng.randint(1, 40), c.rng.randint(0, 25)
    lay.line(f"{likes} suka   {comments} komentar   {shares} kali dibagikan", size=38)
    lay.add(RuleItem(lay.left, lay.y, lay.width - lay.right, lay.y, 2))
    lay.space(30)
    for nm in c.rng.sample(pool(TRAIN_NAMES, HELD_OUT_NAMES, c.held_out), c.rng.randint(2, 4)):
        lay.line(nm, style="bold", size=38)
        lay.para(c.rng.choice(["Mantap, semoga terus berlanjut.", "Kapan ke desa kami?", "Anak saya senang sekali.",
                               "Terima kasih Dispersip!", "Boleh minta info jadwal berikutnya?"]), size=38,
                 justify=False)
    lay.y = lay.height - lay.bottom
    url = c.pick(["https://www.facebook.com/dispersip.balangan/posts/", "https://www.instagram.com/p/",
                  "https://m.facebook.com/story.php?id=", "https://www.instagram.com/literasi/p/"])
    lay.put(lay.left, f"{url}{c.rng.randint(10 ** 8, 10 ** 9)}", size=28)
    lay.put(lay.width - lay.right - 100, "1/1", size=28)
    return {"nomor": None, "tanggal": d, "perihal": None, "pengirim": None, "penerima": None, "pihak": [],
            "akun": account}


def lainnya_v2(c: Ctx) -> dict:
    """One non-BuRT document of a kind drawn from OTHER_KINDS (recorded as extra ``lainnya_kind``)."""
    kind = c.options.get("other_kind") or c.rng.choice(OTHER_KINDS)
    d = c.act.start + dt.timedelta(days=c.rng.randint(0, 150))  # any day of the programme year
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    meta = globals()[kind](c, d)
    meta["lainnya_kind"] = kind
    return meta


