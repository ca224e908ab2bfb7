"""English translations of the interface (source strings are Indonesian).

``python -m web.translations.english`` re-extracts the strings from ``web/`` (``_``/``gettext`` and,
for module-level labels, ``_l``/``lazy_gettext``), adds the interface strings that come from data
(``data_messages``: the SOP step names), merges this table into ``en/LC_MESSAGES/messages.po`` and
compiles ``messages.mo`` (both committed, so a fresh clone works without a build step). Tests check
the committed .mo matches and that every string has its English.
"""
from __future__ import annotations

from archive import service

ENGLISH: dict[str, str] = {
    # the buku agenda (web/agenda.py, templates/agenda/)
    "Baris agenda disimpan.": "Agenda entry saved.",
    "Buku agenda": "Mail register",
    "Baris buku agenda": "Mail register entry",
    "Buku agenda surat masuk": "Incoming mail register",
    "Buku agenda surat keluar": "Outgoing mail register",
    "No.": "No.",
    "Kembali ke buku agenda": "Back to the mail register",
    "Tanggal terima": "Date received",
    "Nomor surat": "Letter number",
    "Tanggal surat": "Letter date",
    "Asal surat": "From",
    "Tujuan": "To",
    "Keterangan / disposisi": "Notes / disposition",
    "Nomor di buku": "Number in the book",
    "Dokumen surat": "Letter document",
    "diubah manual": "edited by hand",
    "Alasan perubahan": "Reason for the change",
    "Simpan": "Save",
    "Teks baris terbaca": "Row text as read",
    "Surat": "Letter",
    "Halaman buku agenda": "Register book page",
    "hal. %(p)s baris %(r)s": "p. %(p)s row %(r)s",
    "Cetak PDF": "Print PDF",
    "Register": "Register",
    "Surat masuk": "Incoming mail",
    "Surat keluar": "Outgoing mail",
    "Semua tahun": "All years",
    "Bulan": "Month",
    "Semua bulan": "All months",
    "Cari di buku agenda": "Search the register",
    "nomor surat, asal, perihal…": "letter number, sender, subject…",
    "%(n)s baris.": "%(n)s entries.",
    "No. agenda": "Entry no.",
    "Tanggal kirim": "Date sent",
    "Tinjau": "Review",
    "Ubah": "Edit",
    "Lihat": "View",
    "Belum ada baris di buku agenda ini.": "No entries in this register yet.",
    "Baris ini pada halaman": "This row on the page",
    "Januari": "January", "Februari": "February", "Maret": "March", "April": "April", "Mei": "May",
    "Juni": "June", "Juli": "July", "Agustus": "August", "September": "September", "Oktober": "October",
    "November": "November", "Desember": "December",
    # web/*.py
    "Pengguna %(name)s dibuat.": "User %(name)s created.",
    "Token baru untuk %(name)s dibuat; token lama tidak berlaku lagi.":
        "New token for %(name)s issued; the old one no longer works.",
    "Nama pengguna atau kata sandi salah.": "Wrong user name or password.",
    "Terlalu banyak percobaan masuk yang gagal. Tunggu beberapa menit lalu coba lagi.":
        "Too many failed login attempts. Wait a few minutes and try again.",
    "Pengguna %(name)s dinonaktifkan.": "User %(name)s disabled.",
    "Pengguna %(name)s diaktifkan kembali.": "User %(name)s enabled again.",
    "Peran %(name)s diubah.": "Role of %(name)s changed.",
    "Kata sandi %(name)s diganti.": "Password of %(name)s replaced.",
    "Kata sandi baru untuk %(name)s (salin sekarang, tidak ditampilkan lagi):":
        "New password for %(name)s (copy it now, it is not shown again):",
    "Akun": "Account",
    "Ubah peran": "Change role",
    "Kata sandi baru": "New password",
    "Nonaktifkan": "Disable",
    "Aktifkan": "Enable",
    "Pengesahan dicabut": "Sign-off withdrawn",
    "Isi nama pengguna dan kata sandi.": "Enter your user name and password.",
    "Anda telah keluar.": "You have logged out.",
    "Tidak ada perubahan.": "Nothing changed.",
    "Perubahan disimpan dan dicatat di riwayat.": "Changes saved and recorded in the history.",
    "Permintaan tidak valid.": "Invalid request.",
    "Silakan masuk terlebih dahulu.": "Please log in first.",
    "Anda tidak memiliki hak akses untuk halaman atau tindakan ini.":
        "You are not allowed to use this page or action.",
    "Halaman atau data tidak ditemukan.": "Page or data not found.",
    "Metode permintaan tidak diizinkan.": "Request method not allowed.",
    "Berkas terlalu besar untuk diunggah.": "The file is too large to upload.",
    "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.":
        "The form expired or is invalid. Reload the page and try again.",
    "Permintaan tidak dapat diproses.": "The request cannot be processed.",
    "Terjadi kesalahan di server. Kesalahan sudah dicatat; hubungi admin bila berulang.":
        "Something went wrong on the server. It has been logged; contact the administrator if it happens again.",
    # base, errors, login
    "Arsip BuRT": "BuRT Archive",
    "Menu utama": "Main menu",
    "Cari": "Search",
    "Dokumen": "Documents",
    "Unggah": "Upload",
    "Kegiatan": "Activities",
    "Audit": "Audit",
    "Dasbor": "Dashboard",
    "Riwayat": "History",
    "Pengguna": "Users",
    "Keluar": "Log out",
    "Dinas Perpustakaan Kabupaten Balangan · Arsip BuRT": "Balangan Regency Library Office · BuRT Archive",
    "Kesalahan": "Error",
    "Tidak dapat diproses": "Cannot be processed",
    "Kode": "Code",
    "Kembali ke halaman Cari": "Back to Search",
    "Masuk": "Log in",
    "Arsip dokumen BuRT — Dinas Perpustakaan Kabupaten Balangan":
        "BuRT document archive — Balangan Regency Library Office",
    "Nama pengguna": "User name",
    "Kata sandi": "Password",
    # search
    "Cari nomor surat, perihal, nama desa…": "Search letter number, subject, village name…",
    "Kata kunci": "Keywords",
    "Saring": "Filter",
    "Saringan": "Filters",
    "Hapus saringan": "Remove filter",
    "Tahap SOP": "SOP step",
    "Semua": "All",
    "Jenis dokumen": "Document type",
    "Mitra": "Partner",
    "Dari tanggal": "From date",
    "Sampai tanggal": "To date",
    "Urutkan": "Sort",
    "Paling relevan": "Most relevant",
    "Terbaru": "Newest",
    "Terlama": "Oldest",
    "Cari dokumen BuRT": "Search BuRT documents",
    "Dokumen terbaru": "Latest documents",
    "Semua dokumen": "All documents",
    "Ketik beberapa kata yang Anda ingat — nomor surat, perihal, nama desa atau sekolah. Salah ketik dan hasil OCR "
    "yang kurang rapi tetap ditemukan.":
        "Type a few words you remember — letter number, subject, village or school name. Typos and untidy OCR "
        "are still found.",
    "Mungkin maksud Anda:": "Did you mean:",
    "Tahun": "Year",
    "Tahap": "Step",
    "tahap": "step",
    "%(n)s dokumen ditemukan": "%(n)s documents found",
    "Tidak ada dokumen yang cocok. Coba kata lain atau kurangi saringan.":
        "No matching documents. Try other words or fewer filters.",
    "Halaman": "Page",
    "Halaman %(p)s dari %(n)s": "Page %(p)s of %(n)s",
    "Sebelumnya": "Previous",
    "Berikutnya": "Next",
    # documents
    "Perlu ditinjau": "Needs review",
    "perlu ditinjau": "needs review",
    "Judul": "Title",
    "Jenis": "Type",
    "Tanggal": "Date",
    "Nomor": "Number",
    "Perihal": "Subject",
    "Pengirim": "Sender",
    "Penerima": "Recipient",
    "Sifat": "Nature",
    "Lampiran": "Attachments",
    "Belum ada dokumen.": "No documents yet.",
    "halaman": "pages",
    "Unduh asli": "Download original",
    "Unduh PDF tercari": "Download searchable PDF",
    "Sorot kata pada halaman…": "Highlight words on the page…",
    "Sorot kata": "Highlight words",
    "Sorot": "Highlight",
    "Halaman %(n)s": "Page %(n)s",
    "keyakinan OCR": "OCR confidence",
    "%(n)s kata disorot": "%(n)s words highlighted",
    "Teks OCR halaman %(n)s": "OCR text of page %(n)s",
    "Dokumen ini belum memiliki halaman hasil OCR.": "This document has no OCR pages yet.",
    "Klasifikasi": "Classification",
    "Belum diketahui": "Not known yet",
    "Keyakinan": "Confidence",
    "model": "model",
    "Alasan": "Reasons",
    "Metadata": "Metadata",
    "dikoreksi oleh": "corrected by",
    "Perbaiki metadata": "Correct metadata",
    "Simpan perubahan": "Save changes",
    "Dokumen terkait": "Related documents",
    "Kegiatan yang sama": "Same activity",
    "Belum ada dokumen lain di kegiatan ini.": "No other documents in this activity yet.",
    "Riwayat perubahan": "Change history",
    "Belum ada perubahan.": "No changes yet.",
    "Lihat di Riwayat": "See in History",
    "tampilkan semua": "show all",
    "Waktu": "Time",
    "Tindakan": "Action",
    "Rincian": "Details",
    "sistem": "system",
    "Riwayat masih kosong.": "The history is empty.",
    # upload
    "Unggah dokumen": "Upload documents",
    "Tarik berkas ke sini": "Drag files here",
    "atau klik untuk memilih beberapa berkas": "or click to choose several files",
    "Buka dokumen yang sudah ada": "Open the existing document",
    "Tinjau hasil": "Review results",
    "Menunggu antrean": "Queued",
    "Mengunggah": "Uploading",
    "Diproses": "Processing",
    "Membaca berkas": "Reading the file",
    "Menyimpan berkas asli": "Storing the original",
    "Pembersihan gambar, OCR, dan klasifikasi": "Image cleanup, OCR and classification",
    "Menyimpan hasil": "Saving the results",
    "Membersihkan gambar": "Cleaning up the image",
    "Membaca teks (OCR)": "Reading text (OCR)",
    "Mengambil metadata": "Extracting metadata",
    "Mengindeks": "Indexing",
    "Berkas asli tersimpan": "Original stored",
    "Membersihkan gambar dan membaca teks (OCR)": "Cleaning up the image and reading the text (OCR)",
    "Mengenali jenis dan metadata surat": "Recognising the letter's type and details",
    "Menyimpan dan mengindeks": "Saving and indexing",
    "Selesai": "Done",
    "Gagal": "Failed",
    "Sudah ada di arsip": "Already archived",
    "Buka dokumen": "Open document",
    "Koneksi terputus; coba lagi.": "Connection lost; try again.",
    "yakin": "confident",
    "Baru diunggah": "Just uploaded",
    "Status": "Status",
    "Dokumen dengan hasil OCR atau klasifikasi yang kurang yakin. Buka, periksa, lalu perbaiki metadatanya.":
        "Documents whose OCR or classification is unsure. Open, check and correct their metadata.",
    "Tidak ada dokumen yang perlu ditinjau.": "No documents need review.",
    # admin
    "Token API untuk %(name)s (salin sekarang, tidak ditampilkan lagi):":
        "API token for %(name)s (copy it now, it will not be shown again):",
    "Nama": "Name",
    "Peran": "Role",
    "Dibuat": "Created",
    "Token API": "API token",
    "nonaktif": "inactive",
    "Token baru": "New token",
    "Tambah pengguna": "Add user",
    "Kata sandi (minimal 10 karakter, bukan sandi umum)": "Password (at least 10 characters, not a common one)",
    "Tambah": "Add",
    # activities / audit / dashboard pages (web/activities.py)
    "Kegiatan dibuat.": "Activity created.",
    "Dokumen %(doc)s ditautkan.": "Document %(doc)s linked.",
    "Dokumen %(doc)s dilepas dari kegiatan.": "Document %(doc)s unlinked from the activity.",
    "Pilih kegiatan tujuan.": "Choose the target activity.",
    "Dokumen %(doc)s dipindahkan ke kegiatan #%(to)s.": "Document %(doc)s moved to activity #%(to)s.",
    "Tahap %(step)s disahkan.": "Step %(step)s signed off.",
    "Kecamatan": "District",
    "%(n)s dokumen": "%(n)s documents",
    "Lengkap dan berurutan": "Complete and in order",
    "%(n)s temuan": "%(n)s findings",
    "Laporan PDF": "PDF report",
    "Tahapan SOP": "SOP steps",
    "mulai": "start",
    "Tautan": "Link",
    "Lepas": "Unlink",
    "Pindah ke kegiatan": "Move to activity",
    "Pindah": "Move",
    "Perbaikan:": "Fix:",
    "Pengesahan": "Sign-off",
    "Sahkan tahap %(n)s": "Sign off step %(n)s",
    "Dokumen lain": "Other documents",
    "Tautkan": "Link",
    "Kegiatan BuRT": "BuRT activities",
    "Riwayat kegiatan": "Activity history",
    "Satu kegiatan = satu kerja sama dengan satu mitra dalam satu periode. Dokumen ditautkan otomatis menurut mitra, "
    "rujukan nomor surat, dan tanggal.":
        "One activity = one cooperation with one partner in one period. Documents are linked automatically by "
        "partner, referenced letter numbers and dates.",
    "Belum ada kegiatan. Kegiatan dibuat otomatis saat dokumen bermitra diarsipkan.":
        "No activities yet. Activities are created automatically when documents with a partner are archived.",
    "Periode": "Period",
    "Hasil audit": "Audit result",
    "Lengkap": "Complete",
    "Kurang bukti": "Missing evidence",
    "Tidak berurutan": "Out of order",
    "Kegiatan baru": "New activity",
    "Buat": "Create",
    "Audit SOP BuRT": "BuRT SOP audit",
    "Hasil": "Result",
    "Ada temuan": "With findings",
    "Tanpa temuan": "Without findings",
    "Aturan": "Rule",
    "%(shown)s dari %(total)s kegiatan ditampilkan.": "%(shown)s of %(total)s activities shown.",
    "Temuan": "Findings",
    "Perbaikan": "Fix",
    "Lengkap dan berurutan; tidak ada temuan.": "Complete and in order; no findings.",
    "Tidak ada kegiatan yang cocok.": "No matching activities.",
    "kegiatan": "activities",
    "lengkap dan berurutan": "complete and in order",
    "dokumen": "documents",
    "Kegiatan per kecamatan dan tahun": "Activities per district and year",
    "Kelengkapan per tahap SOP": "Completeness per SOP step",
    "tanpa jenis": "no type",
    # dashboard charts (drawn by archive/dashboard.py in these words)
    "Belum ada data": "No data yet",
    "Belum ada kegiatan": "No activities yet",
    "Tidak diketahui": "Unknown",
    "Jumlah kegiatan": "Number of activities",
    "% kegiatan dengan tahap lengkap": "% of activities with the step complete",
    "Jumlah dokumen": "Number of documents",
    "Dokumen perlu ditinjau (%(n)s dari %(total)s)": "Documents needing review (%(n)s of %(total)s)",
    "Sudah pasti": "Settled",
    # audit rules, audit-log actions (labels in web/activities.py)
    "Bukti kurang": "Missing evidence",
    "Urutan tahap": "Step order",
    "Balasan sebelum permintaan": "Reply before request",
    "Pihak MoU": "MoU parties",
    "Nomor MoU": "MoU number",
    "Tanda tangan MoU": "MoU signature",
    "Mitra berbeda": "Different partner",
    "Di luar periode": "Outside the period",
    "Rujukan di kegiatan lain": "Reference in another activity",
    "Kegiatan dibuat": "Activity created",
    "Dokumen ditautkan": "Document linked",
    "Dokumen dipindahkan": "Document moved",
    "Dokumen dilepas": "Document unlinked",
    "Ditautkan otomatis": "Linked automatically",
    "Tautan otomatis dicabut": "Automatic link withdrawn",
    "Tahap disahkan": "Step signed off",
    # the archive's sentences (templates in archive/audit.py, evidence.py, linking.py; see data_messages)
    "Tahap %(step)s (%(step_name)s): bukti '%(type)s' belum ada.":
        "Step %(step)s (%(step_name)s): no '%(type)s' evidence yet.",
    "Pindai dan unggah %(type)s, atau tautkan dokumen yang sudah diarsipkan ke kegiatan ini.":
        "Scan and upload the %(type)s, or link an already archived document to this activity.",
    "Tahap %(step)s dimulai %(date)s, sebelum tahap %(prev_step)s (%(prev_date)s); SOP mewajibkan tahapan "
    "berurutan.":
        "Step %(step)s starts on %(date)s, before step %(prev_step)s (%(prev_date)s); the SOP requires the steps "
        "in order.",
    "Periksa tanggal kedua dokumen (salah baca/ketik?) atau apakah dokumen tertaut ke kegiatan yang benar; bila "
    "tanggal benar, catat alasannya sebelum tahap ini disahkan.":
        "Check the dates of both documents (misread or mistyped?) and whether they are linked to the right "
        "activity; if the dates are right, record why before this step is signed off.",
    "Surat balasan bertanggal %(date)s lebih awal dari surat yang dibalas (%(request_type)s, %(request_date)s).":
        "The reply dated %(date)s is earlier than the letter it answers (%(request_type)s, %(request_date)s).",
    "Periksa tanggal kedua surat; bila balasan menjawab surat lain, tautkan surat yang benar.":
        "Check the dates of both letters; if the reply answers another letter, link the right one.",
    "%(type)s hanya menyebut %(n)s pihak; seharusnya dua pihak.":
        "%(type)s names only %(n)s parties; there should be two.",
    "Periksa apakah halaman identitas para pihak terpindai; pindai ulang atau koreksi metadata.":
        "Check whether the page naming the parties was scanned; rescan it or correct the metadata.",
    "%(type)s: nomor %(party)s tidak ada.": "%(type)s: the number of %(party)s is missing.",
    "Lengkapi nomor perjanjian %(party)s pada dokumen, atau koreksi metadata bila terlewat.":
        "Add the agreement number of %(party)s to the document, or correct the metadata if it was missed.",
    "%(type)s: halaman tanda tangan %(party)s tidak ditemukan.":
        "%(type)s: the signature page of %(party)s was not found.",
    "Pindai halaman tanda tangan yang hilang dan unggah sebagai versi lengkap.":
        "Scan the missing signature page and upload it as the complete version.",
    "Dokumen '%(doc)s' menunggu peninjauan.": "Document '%(doc)s' is waiting for review.",
    "Dokumen '%(doc)s' menunggu peninjauan (%(reason)s).": "Document '%(doc)s' is waiting for review (%(reason)s).",
    "Buka dokumen, periksa jenis dan metadatanya, lalu simpan koreksi.":
        "Open the document, check its type and metadata, then save the correction.",
    "Dokumen '%(doc)s' menyebut mitra '%(partner)s', bukan '%(activity_partner)s'.":
        "Document '%(doc)s' names the partner '%(partner)s', not '%(activity_partner)s'.",
    "Pindahkan dokumen ke kegiatan mitra yang benar, atau koreksi nama mitra pada metadata.":
        "Move the document to the right partner's activity, or correct the partner name in the metadata.",
    "Dokumen '%(doc)s' bertanggal %(date)s, di luar periode kegiatan %(period)s.":
        "Document '%(doc)s' is dated %(date)s, outside the activity's period %(period)s.",
    "Pindahkan dokumen ke kegiatan periode yang sesuai, atau koreksi tanggalnya.":
        "Move the document to the activity of the matching period, or correct its date.",
    "Dokumen '%(doc)s' merujuk surat nomor %(nomor)s yang tercatat pada kegiatan #%(activity)s, bukan kegiatan "
    "ini.":
        "Document '%(doc)s' cites letter number %(nomor)s, which is filed in activity #%(activity)s, not in this "
        "one.",
    "Pindahkan dokumen ke kegiatan #%(activity)s, atau periksa nomor rujukannya.":
        "Move the document to activity #%(activity)s, or check the cited number.",
    "klasifikasi ragu, keyakinan %(confidence)s": "classification unsure, confidence %(confidence)s",
    "jenis dokumen belum ditentukan": "document type not determined yet",
    "teks pindaian kurang jelas, perlu dipindai ulang": "scanned text unclear, needs rescanning",
    "Merujuk surat nomor %(nomor)s pada kegiatan #%(activity)s.":
        "Cites letter number %(nomor)s of activity #%(activity)s.",
    "Dirujuk oleh surat pada kegiatan #%(activity)s (nomor %(nomor)s).":
        "Cited by a letter of activity #%(activity)s (number %(nomor)s).",
    "Bukan bukti tahap SOP dan tidak merujuk surat kegiatan.":
        "Not evidence of an SOP step and cites no letter of an activity.",
    "Mitra sama (%(partner)s) dan tanggal dalam periode %(period)s.":
        "Same partner (%(partner)s) and dated within the period %(period)s.",
    "Kegiatan baru: mitra %(partner)s, tahun %(year)s.": "New activity: partner %(partner)s, year %(year)s.",
    "Menyebut nomor surat %(nomor)s pada kegiatan #%(activity)s.":
        "Names letter number %(nomor)s of activity #%(activity)s.",
    "Mitra sama (%(partner)s), lanjutan kegiatan #%(activity)s (jeda %(days)s hari).":
        "Same partner (%(partner)s), continuing activity #%(activity)s (a pause of %(days)s days).",
    "Kegiatan baru: mitra %(partner)s, jeda lebih dari %(days)s hari sejak kegiatan #%(activity)s.":
        "New activity: partner %(partner)s, a pause of more than %(days)s days since activity #%(activity)s.",
    "Kegiatan baru: mitra %(partner)s, nota kesepahaman baru (kegiatan #%(activity)s sudah punya satu).":
        "New activity: partner %(partner)s, a new MoU (activity #%(activity)s already has one).",
    "Mitra sama (%(partner)s); tanggal tidak terbaca.": "Same partner (%(partner)s); date unreadable.",
    "Nama %(name)s cocok dengan mitra kegiatan #%(activity)s.":
        "The name %(name)s matches the partner of activity #%(activity)s.",
    "Teks menyebut beberapa mitra; tautkan dengan tangan.": "The text names several partners; link it by hand.",
    "Teks dokumen menyebut mitra %(partner)s (kegiatan #%(activity)s).":
        "The document's text names the partner %(partner)s (activity #%(activity)s).",
    "Mitra tidak terbaca dan tidak ada rujukan surat.": "Partner unreadable and no letter cited.",
    ("Tahap lanjutan: mitra %(partner)s belum punya kegiatan, namanya mungkin salah baca dari mitra "
     "kegiatan #%(activity)s; tautkan dengan tangan."):
        ("Follow-up step: partner %(partner)s has no activity; its name may be a misreading of activity "
         "#%(activity)s's partner; link by hand."),
    ("Jadwal tanpa baris mitra yang terbaca; satu-satunya kegiatan yang tanggal dan tahapnya cocok: "
     "%(partner)s (kegiatan #%(activity)s)."):
        ("Schedule with no readable partner row; the only activity its date and step fit: %(partner)s "
         "(activity #%(activity)s)."),
    ("Jadwal yang barisnya %(name)s mirip mitra %(partner)s, satu-satunya kegiatan yang tanggal dan "
     "tahapnya cocok (kegiatan #%(activity)s)."):
        ("Schedule whose row %(name)s resembles the partner %(partner)s, the only activity its date and step fit "
         "(activity #%(activity)s)."),
    "Ditautkan oleh %(user)s.": "Linked by %(user)s.",
    "Dilepas oleh %(user)s.": "Unlinked by %(user)s.",
    # SOP step names (ingest/sop_burt.toml; see data_messages)
    "Sosialisasi dengan pihak terkait": "Outreach with the parties concerned",
    "Kerja sama dengan pihak terkait atau stakeholder lainnya":
        "Cooperation with the parties concerned or other stakeholders",
    "Peminjaman kolektif": "Collective loan",
    "Penyaluran / distribusi buku": "Book delivery / distribution",
    "Pembinaan perpustakaan": "Library guidance",
    "Pendampingan masyarakat": "Community accompaniment",
    # review queue and search (issue 18)
    "Cari tanpa saringan": "Search without filters",
    "Terlalu panjang (paling banyak %(n)s huruf).": "Too long (at most %(n)s characters).",
    "Isian tidak sah.": "Invalid entry.",
    "Tanggal tidak dikenali. Tulis misalnya 22-04-2024, 22/4/2024 atau 22 April 2024.":
        "Date not recognised. Write for example 22-04-2024, 22/4/2024 or 22 April 2024.",
    "Perubahan belum disimpan: periksa isian yang ditandai.": "Changes not saved: check the marked fields.",
    "Dokumen diterima apa adanya; tanda tinjau dihapus dan dicatat di riwayat.":
        "Document accepted as it is; its review flags were cleared and recorded in the history.",
    "lihat dokumen itu": "see that document",
    "Terima apa adanya": "Accept as it is",
    "Perbaiki": "Correct",
    "Pintasan: j berikutnya, k sebelumnya, a terima, e perbaiki.":
        "Shortcuts: j next, k previous, a accept, e correct.",
    "Dokumen berikutnya yang perlu ditinjau": "Next document to review",
    "mis. 22-04-2024 atau 22 April 2024": "e.g. 22-04-2024 or 22 April 2024",
    "Pilih tanggal dari kalender": "Pick a date from the calendar",
    "%(n)s dokumen perlu ditinjau": "%(n)s documents to review",
    "%(field)s belum terisi, padahal wajib untuk %(type)s": "%(field)s is empty, but a %(type)s requires it",
    "%(field)s tidak terbaca dengan pasti (keyakinan %(confidence)s), jadi dikosongkan":
        "%(field)s could not be read with certainty (confidence %(confidence)s), so it was left empty",
    "keyakinan %(field)s rendah (%(confidence)s)": "low confidence in %(field)s (%(confidence)s)",
    "%(field)s %(value)s perlu dicocokkan dengan kertasnya: %(note)s":
        "%(field)s %(value)s should be checked against the paper (extraction's note, in Indonesian): %(note)s",
    "nomor %(nomor)s: bulan Romawi bukan I–XII": "nomor %(nomor)s: the Roman month is not I–XII",
    "nomor %(nomor)s: tahun di luar rentang wajar": "nomor %(nomor)s: the year is out of the plausible range",
    "nomor %(nomor)s: bulannya berbeda dengan bulan tanggal surat":
        "nomor %(nomor)s: its month differs from the month of the letter's date",
    "nomor %(nomor)s: tahunnya berbeda dengan tahun tanggal surat":
        "nomor %(nomor)s: its year differs from the year of the letter's date",
    "tanggal %(tanggal)s lebih awal dari tahun surat yang dirujuknya; tahun mungkin salah baca":
        "date %(tanggal)s is earlier than the year of the letter it answers; the year may be misread",
    "nomor %(nomor)s: angkanya dibaca ragu di setiap pembacaan ulang; cocokkan dengan kertasnya":
        "nomor %(nomor)s: its digits were doubted in every re-reading; check it against the paper",
    "nomor %(nomor)s tidak sesuai format nomor surat": "nomor %(nomor)s does not fit the format of a letter number",
    "nomor %(nomor)s: bagian %(part)s mirip kode %(code)s surat lain dengan bulan Romawi menempel; "
    "garis miring mungkin salah terbaca":
        "nomor %(nomor)s: the part %(part)s looks like the code %(code)s of other letters with a Roman month stuck "
        "to it; a slash was probably misread",
    "jenis dokumen ragu: %(type)s, keyakinan %(confidence)s": "document type unsure: %(type)s, confidence %(confidence)s",
    "halaman %(page)s kurang jelas (keyakinan OCR %(confidence)s), perlu dipindai ulang":
        "page %(page)s is unclear (OCR confidence %(confidence)s), scan it again",
    "nomor dan tanggal sama dengan dokumen yang sudah diarsipkan: %(title)s":
        "same nomor and date as a document already archived: %(title)s",
    "isinya hampir sama dengan dokumen yang sudah diarsipkan: %(title)s":
        "nearly the same text as a document already archived: %(title)s",
    # issue 18: audit exports for outside auditors
    "CSV (Excel Indonesia)": "CSV (Indonesian Excel)",
    "Dipisah titik koma, koma desimal, tanggal dd-mm-yyyy": "Semicolon-separated, decimal commas, dates dd-mm-yyyy",
    # activities by hand (issue 18): evidence picker, sign-off confirm and withdrawal, merge, delete
    "Kegiatan digabung": "Activities merged",
    "Digabung ke kegiatan lain": "Merged into another activity",
    "Kegiatan dihapus": "Activity deleted",
    "nomor surat": "letter number",
    "nama berkas": "file name",
    "isi teks": "text",
    "saran": "suggestion",
    "Pengesahan dicabut.": "Sign-off withdrawn.",
    "Pilih kegiatan yang digabungkan.": "Choose the activity to merge.",
    "Centang konfirmasi untuk menggabungkan.": "Tick the confirmation to merge.",
    "Kegiatan #%(other)s digabung ke kegiatan ini.": "Activity #%(other)s merged into this one.",
    "Centang konfirmasi untuk menghapus.": "Tick the confirmation to delete.",
    "Kegiatan #%(id)s dihapus; dokumennya kini tanpa kegiatan.":
        "Activity #%(id)s deleted; its documents are now in no activity.",
    "Konfirmasi pengesahan": "Confirm sign-off",
    "Sahkan tahap %(n)s?": "Sign off step %(n)s?",
    "Anda, %(user)s (%(role)s), menyatakan tahap ini sudah diperiksa. Pengesahan dicatat dengan nama dan waktu "
    "Anda, dan dapat dicabut dengan alasan.":
        "You, %(user)s (%(role)s), state that this step has been checked. The sign-off is recorded with your name "
        "and the time, and can be withdrawn with a reason.",
    "Bukti belum lengkap.": "The evidence is incomplete.",
    "Alasan:": "Reason:",
    "Ya, sahkan": "Yes, sign off",
    "Batal": "Cancel",
    "Dokumen tanpa kegiatan yang mungkin bukti tahap ini:": "Documents in no activity that may be this step's evidence:",
    "belum ada pengesahan": "no sign-off yet",
    "Disahkan oleh %(user)s (%(role)s) pada %(at)s": "Signed off by %(user)s (%(role)s) on %(at)s",
    "tanpa bukti lengkap, alasan:": "without complete evidence, reason:",
    "Dicabut oleh %(user)s pada %(at)s": "Withdrawn by %(user)s on %(at)s",
    "Cabut pengesahan": "Withdraw sign-off",
    "Alasan pencabutan": "Reason for withdrawing",
    "Cabut": "Withdraw",
    "Sahkan tahap %(n)s (%(name)s) atas nama %(user)s?": "Sign off step %(n)s (%(name)s) as %(user)s?",
    "Bukti belum lengkap: alasan mengesahkan tetap (wajib)": "Evidence incomplete: reason to sign off anyway (required)",
    "Tautkan bukti": "Link evidence",
    "Cari dokumen: kata, nomor surat, atau nama berkas": "Find a document: words, letter number or file name",
    "sudah di kegiatan ini": "already in this activity",
    "kini di": "now in",
    "Tidak ada dokumen yang cocok.": "No matching document.",
    "ditemukan lewat": "found by",
    "Gabung atau hapus kegiatan": "Merge or delete the activity",
    "Dokumen dan pengesahan kegiatan yang dipilih pindah ke kegiatan ini; kegiatan itu dihapus.":
        "The documents and sign-offs of the chosen activity move into this one; that activity is removed.",
    "Gabungkan kegiatan": "Merge activity",
    "Saya yakin kedua kegiatan ini satu kegiatan": "I am sure these two are one activity",
    "Gabungkan ke kegiatan ini": "Merge into this activity",
    "Dokumennya tidak dihapus: mereka menjadi dokumen tanpa kegiatan.":
        "Its documents are not deleted: they become documents in no activity.",
    "wajib: kegiatan ini sudah disahkan": "required: this activity has sign-offs",
    "Saya yakin menghapus kegiatan ini": "I am sure I want to delete this activity",
    "Hapus kegiatan": "Delete activity",
    "Kegiatan serupa sudah ada": "A similar activity exists",
    "Mitra %(partner)s dengan periode %(period)s sudah punya kegiatan. Buka yang ada agar tidak tercatat dua kali:":
        "Partner %(partner)s already has an activity in period %(period)s. Open the existing one so it is not "
        "recorded twice:",
    "Buka": "Open",
    "Tetap buat kegiatan baru": "Create a new activity anyway",
    "Digabung dari kegiatan #%(activity)s oleh %(user)s.": "Merged from activity #%(activity)s by %(user)s.",
    "Kegiatan #%(activity)s dihapus oleh %(user)s.": "Activity #%(activity)s deleted by %(user)s.",
    "Cari %(type)s": "Find %(type)s",
    # the dashboard drawn in the browser (issue 18: web/dashboard.py, templates/dashboard/index.html)
    "Dokumen per bulan (tanggal surat)": "Documents per month (letter date)",
    "Tanpa tanggal": "No date",
    "Klik batang, irisan atau angka di tabel untuk membuka dokumen atau kegiatan yang dihitung.":
        "Click a bar, a slice or a number in a table to open the documents or activities it counts.",
    "Unduh grafik (PDF untuk dicetak)": "Download the charts (PDF for printing)",
    "Tabel data": "Data table",
    "Jumlah": "Total",
    "Dokumen tanpa tanggal surat dihitung terpisah, bukan menurut tanggal unggah.":
        "Documents without a letter date are counted apart, not by their upload date.",
    # accessibility (issue 18 item 8)
    "Langsung ke isi": "Skip to content",
    "Hasil pencarian": "Search results",
    "Langsung ke hasil": "Skip to the results",
    "Daftar dokumen": "Document lists",
    # tables as data (issue 15): book lists, attendance lists, schedules; books per activity
    "Daftar judul buku": "Book list",
    "Daftar hadir": "Attendance list",
    "Jadwal": "Schedule",
    "No": "No.",
    "Pengarang": "Author",
    "Penerbit": "Publisher",
    "Eksemplar": "Copies",
    "Jabatan / instansi": "Position / institution",
    "Lokasi": "Location",
    "Kegiatan / materi": "Activity / subject",
    "Petugas": "Officer",
    "Tabel: %(title)s": "Table: %(title)s",
    "%(n)s eksemplar": "%(n)s copies",
    "%(n)s judul": "%(n)s titles",
    "%(n)s peserta hadir": "%(n)s attendees",
    "%(n)s kegiatan terjadwal": "%(n)s scheduled entries",
    "%(n)s baris dengan sel kurang jelas (dikosongkan)": "%(n)s rows with an unclear cell (left empty)",
    "Hal.": "Page",
    "Unduh CSV": "Download CSV",
    "Unduh XLSX": "Download XLSX",
    "Tabel pada halaman dokumen ini belum dapat dibaca per baris.": "The table on this document's pages could not be read row by row yet.",
    "%(n)s eksemplar buku disalurkan": "%(n)s book copies distributed",
    "Buku disalurkan (eksemplar) per tahap dan bulan": "Books distributed (copies) per step and month",
    # the document list and the page viewer (issue 18 item 3: web/documents.py, templates/documents/)
    "Pilih dulu dokumen yang akan diubah.": "Select the documents to change first.",
    "Isi nilai baru untuk kolom yang diubah.": "Fill in the new value of the field to change.",
    "%(n)s dari %(m)s dokumen diubah dan dicatat di riwayat.":
        "%(n)s of %(m)s documents changed and recorded in the history.",
    'Tampilan "%(name)s" disimpan.': 'View "%(name)s" saved.',
    'Tampilan "%(name)s" dihapus.': 'View "%(name)s" deleted.',
    "Halaman dokumen": "Document pages",
    "Penampil halaman": "Page viewer",
    "Perbesaran:": "Zoom:",
    "Selebar layar": "Fit width",
    "Halaman sebelumnya": "Previous page",
    "Halaman berikutnya": "Next page",
    "Gambar penuh (PNG)": "Full image (PNG)",
    "Tampilan tersimpan": "Saved views",
    "Tampilan tersimpan:": "Saved views:",
    "bersama": "shared",
    "Hapus tampilan %(name)s": "Delete view %(name)s",
    "Saring dokumen": "Filter documents",
    "sebagian nama": "part of the name",
    "Tanpa kegiatan": "No activity",
    "Tanggal surat dari": "Letter date from",
    "sampai": "to",
    "Hanya yang perlu ditinjau": "Only those needing review",
    "Terapkan": "Apply",
    "halaman %(p)s dari %(n)s": "page %(p)s of %(n)s",
    "Simpan tampilan ini": "Save this view",
    "Nama tampilan": "View name",
    "Bagikan ke semua pengguna": "Share with all users",
    "Ubah dokumen terpilih": "Change the selected documents",
    "Ubah jenis": "Change type",
    "Ubah tahap": "Change step",
    "Ubah mitra": "Change partner",
    "Lepas dari kegiatan": "Remove from activity",
    "Ubah kegiatan": "Change activity",
    "Pilih": "Select",
    "Gambar kecil": "Thumbnail",
    "Pilih %(t)s": "Select %(t)s",
    "Tidak ada dokumen yang cocok dengan saringan ini.": "No documents match these filters.",
    "Halaman daftar": "List pages",
    "Ditambahkan": "Added",
    "Urutkan menurut": "Sort by",
    "Arah urutan": "Sort order",
    "Naik (A–Z, lama ke baru)": "Ascending (A–Z, old to new)",
    "Turun (Z–A, baru ke lama)": "Descending (Z–A, new to old)",
    # the upload page: the job list, the type check, photos as pages (issue 18 item 6)
    "Unggahan terakhir Anda": "Your recent uploads",
    "Kesalahan berkas: periksa berkasnya, lalu unggah berkas yang benar.":
        "The file's fault: check the file, then upload the right one.",
    "Gangguan di server, bukan kesalahan berkas: berkas asli tetap disimpan dan dicoba lagi otomatis.":
        "A fault on the server, not in the file: the original is kept and tried again automatically.",
    "Gangguan di server, bukan kesalahan berkas: berkas asli tetap disimpan; admin dapat mencoba lagi.":
        "A fault on the server, not in the file: the original is kept; an admin can try again.",
    "Mirip dokumen yang sudah ada:": "Similar to an archived document:",
    "Belum ada unggahan.": "No uploads yet.",
    "Perbarui daftar": "Refresh the list",
    "PDF, JPEG, PNG atau TIFF, paling besar %(mb)s MB — foto dari ponsel juga bisa":
        "PDF, JPEG, PNG or TIFF, at most %(mb)s MB — phone photos work too",
    "Foto surat dengan ponsel": "Photograph a letter with a phone",
    "Foto setiap halaman satu surat; semua halaman dikirim bersama sebagai satu dokumen.":
        "Photograph each page of one letter; the pages are sent together as one document.",
    "Ambil foto": "Take a photo",
    "Tambah halaman": "Add a page",
    "Belum ada halaman.": "No pages yet.",
    "%(n)s halaman siap dikirim": "%(n)s page(s) ready to send",
    "Kirim sebagai satu dokumen (%(n)s halaman)": "Send as one document (%(n)s pages)",
    "Kirim sebagai satu dokumen": "Send as one document",
    "Jenis berkas tidak didukung. Pilih PDF, JPEG, PNG atau TIFF.":
        "Unsupported file type. Choose a PDF, JPEG, PNG or TIFF.",
    "Bukan foto JPEG atau PNG.": "Not a JPEG or PNG photo.",
    "Berkas terlalu besar (paling besar %(mb)s MB).": "The file is too large (at most %(mb)s MB).",
    "Berkas kosong (0 byte).": "The file is empty (0 bytes).",
    "Terlalu banyak halaman (paling banyak %(n)s).": "Too many pages (at most %(n)s).",
    "Hapus": "Remove",
    # tables2: a table whose header names no known kind (issue 15)
    "Tabel (kolom tidak dikenali)": "Table (columns not recognised)",
    "%(n)s baris": "%(n)s row(s)",
    "Kolom %(n)s": "Column %(n)s",
    "Tanggal kegiatan menurut jadwal": "Activity dates in the schedule",
    # issue 18 (ui2): the search's review filter, the activity page's action column
    "Tinjauan": "Review",
    "Antrean kantor: %(due)s menunggu, %(running)s diproses oleh %(workers)s proses pekerja.":
        "Office queue: %(due)s waiting, %(running)s in progress in %(workers)s worker processes.",
    "Pesan di broker: %(interactive)s unggahan, %(ocr)s tumpukan, %(index)s indeks.":
        "Messages at the broker: %(interactive)s uploads, %(ocr)s backlog, %(index)s index.",
    # issue 17, link3: a schedule listing several partners, linked to the only one with an activity then
    "Dokumen mendaftar beberapa mitra; hanya %(partner)s yang punya kegiatan (#%(activity)s) pada periodenya.":
        "The document lists several partners; only %(partner)s has an activity (#%(activity)s) in its period.",
    # issue 17, group15: a schedule listing several partners, linked to the one whose request it answers
    "Dokumen mendaftar beberapa mitra; %(partner)s meminta tahap ini %(days)s hari sebelumnya (kegiatan #%(activity)s).":
        "The document lists several partners; %(partner)s asked for this step %(days)s days before (activity #%(activity)s).",
    # issue 17, group15: a page photographed as a file of its own joins the paper it continues
    "Lanjutan dokumen %(name)s yang diunggah bersamanya (pasal bersambung), kegiatan #%(activity)s.":
        "Continues document %(name)s, uploaded with it (its articles follow on), activity #%(activity)s.",
    # issue 17, link24: a suggestion whose activity is also the one of the letters it was uploaded among
    ("Diunggah di antara dokumen kegiatan #%(activity)s, dan petunjuknya sendiri menunjuk kegiatan itu: "
     "%(clues)s."):
        "Uploaded among the documents of activity #%(activity)s, and its own clues point there too: %(clues)s.",
    # issue 17, link32: a named partner's letter whose date's year the text outvotes; a schedule after its papers
    ("Teks dokumen menyebut mitra %(partner)s (kegiatan #%(activity)s); tahun tanggalnya (%(read)s) "
     "kalah oleh tahun %(year)s yang tertulis %(times)s kali di teks. Periksa tanggalnya."):
        ("The text names the partner %(partner)s (activity #%(activity)s); its date's year (%(read)s) is outvoted "
         "by the year %(year)s, written %(times)s times in the text. Check its date."),
    ("Diunggah sesudah dokumen kegiatan #%(activity)s, tanpa dokumen kegiatan lain sesudahnya, dan "
     "petunjuk namanya sendiri menunjuk kegiatan itu: %(clues)s."):
        ("Uploaded after the documents of activity #%(activity)s, with no other activity's documents after it, and "
         "its own name clues point there too: %(clues)s."),
    # issue 17, steps25: a step document naming no partner, only a kecamatan with an activity lacking the step
    ("Teks hanya menyebut %(partner)s (sebagai tempat), tidak ada mitra lain; kegiatan #%(activity)s "
     "belum punya bukti tahap %(step)s. Periksa tautannya."):
        ("The text names only %(partner)s (as a place), no other partner; activity #%(activity)s has no evidence of "
         "step %(step)s yet. Check the link."),
    # issue 17, steps25: a document uploaded among an activity's letters that fills a step missing between its steps
    ("Diunggah di antara dokumen kegiatan #%(activity)s dan mengisi tahap %(step)s yang belum ada buktinya "
     "di antara tahap %(before)s dan %(after)s kegiatan itu; periksa tautannya."):
        ("Uploaded among the documents of activity #%(activity)s, and fills its step %(step)s, missing between its "
         "steps %(before)s and %(after)s; check the link."),
    "ada catatan peninjauan yang belum selesai (lihat Perlu ditinjau)": "open review notes (see Needs review)",
    # issue 17, link5: a schedule listing several partners is evidence of each listed partner's activity
    "Dokumen mendaftar beberapa mitra, termasuk %(partner)s (kegiatan #%(activity)s) pada periodenya.":
        "The document lists several partners, among them %(partner)s (activity #%(activity)s) in its period.",
    "Dokumen ini mendaftar beberapa mitra dan menjadi bukti untuk kegiatan masing-masing.":
        "This document lists several partners and is evidence for each one's activity.",
    "bukti bersama": "shared evidence",
}

# Extraction keywords: gettext in views and templates, lazy_gettext for module-level labels.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def data_messages() -> list[str]:
    """Interface strings that come from data rather than code, shown through ``_()`` in the
    templates: the SOP step names (the SOP has English labels for document types, not steps), and
    the templates of the archive's own sentences (audit findings and fixes, review reasons, link
    reasons), which ``web.labels.say`` renders with their parameters."""
    return list(service.message_templates())


def build(root=None) -> tuple[int, list[str]]:
    """Extract, merge and compile; returns (translated count, msgids still untranslated)."""
    import io
    from pathlib import Path

    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    web_dir = Path(root or Path(__file__).resolve().parents[1])
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options_map = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
    catalog = Catalog(locale="en", domain="messages", project="burt-archive", version="1",
                      copyright_holder="burt-archive", charset="utf-8")
    missing: list[str] = []
    for _path, _line, message, _comments, _ctx in extract_from_dir(
            str(web_dir), method_map, options_map, keywords=KEYWORDS):
        if not message or isinstance(message, tuple):
            continue
        english = ENGLISH.get(message)
        if english is None and message not in missing:
            missing.append(message)
        catalog.add(message, english or "")
    for message in data_messages():
        if message not in ENGLISH and message not in missing:
            missing.append(message)
        catalog.add(message, ENGLISH.get(message, ""))
    out_dir = web_dir / "translations" / "en" / "LC_MESSAGES"
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, omit_header=False, no_location=True, sort_output=True)
    (out_dir / "messages.po").write_bytes(buf.getvalue())
    with open(out_dir / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)
    return sum(1 for m in catalog if m.id and m.string), missing


if __name__ == "__main__":
    done, todo = build()
    print(f"{done} messages translated; {len(todo)} missing")
    for m in todo:
        print("  missing:", m)
