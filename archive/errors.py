"""Typed errors of the archive layer (all ``BurtError``: stable ``code``, clerk-readable
``message`` in Indonesian first, ``http_status`` for the web door, ``fault``).

A request that names something missing or asks for something not allowed is an ``InputError``
(``Fault.FILE``: the input is at fault, repeating it cannot help); ``IntegrityError`` is the
machine's."""
from __future__ import annotations

from ingest.errors import BurtError, Fault, InputError


class DocumentNotFoundError(InputError):
    code = "document_not_found"
    http_status = 404
    default_message = "Dokumen tidak ditemukan. / Document not found."


class DuplicateDocumentError(InputError):
    """The same bytes are already in the archive; ``existing_id`` names that document."""

    code = "duplicate_document"
    http_status = 409

    def __init__(self, existing_id: str, message: str | None = None, *, detail: str | None = None):
        self.existing_id = existing_id
        super().__init__(message or (f"Berkas ini sudah ada di arsip sebagai dokumen {existing_id}. / "
                                     f"This file is already archived as document {existing_id}."),
                         detail=detail)


class IntegrityError(BurtError):
    code = "integrity_error"
    fault = Fault.MACHINE
    http_status = 500
    default_message = ("Arsip tidak utuh: berkas, basis data, atau indeks tidak cocok. Jalankan 'burt verify'. / "
                       "The archive is not intact: files, database or index disagree. Run 'burt verify'.")


class IndexDamagedError(BurtError):
    """The search index cannot be read (a damaged segment file); the database and files are intact."""

    code = "index_damaged"
    fault = Fault.MACHINE
    http_status = 503
    default_message = ("Indeks pencarian rusak; dokumen tetap aman. Administrator menjalankan 'burt reindex'. / "
                       "The search index is damaged; the documents are safe. An administrator runs 'burt reindex'.")


class JobNotFoundError(InputError):
    code = "job_not_found"
    http_status = 404
    default_message = "Pekerjaan unggah tidak ditemukan. / Upload job not found."


class UserError(InputError):
    """A bad user request: unknown role, name taken, empty password…"""

    code = "user_error"
    http_status = 400
    default_message = "Data pengguna tidak valid. / Invalid user data."


class UserNotFoundError(InputError):
    code = "user_not_found"
    http_status = 404
    default_message = "Pengguna tidak ditemukan. / User not found."


class AuthenticationError(InputError):
    code = "authentication_failed"
    http_status = 401
    default_message = "Nama pengguna, kata sandi, atau token salah. / Wrong user name, password or token."


class InvalidChangeError(InputError):
    code = "invalid_change"
    http_status = 400
    default_message = "Perubahan metadata tidak valid. / Invalid metadata change."


class InvalidQueryError(InputError):
    code = "invalid_query"
    http_status = 400
    default_message = "Pencarian tidak valid. / Invalid search."


class ArchiveNotEmptyError(InputError):
    code = "archive_not_empty"
    http_status = 409
    default_message = ("Impor hanya ke direktori data yang kosong. / "
                       "Import only into an empty data directory.")


class BagInvalidError(InputError):
    code = "bag_invalid"
    http_status = 422
    default_message = ("Paket ekspor (BagIt) rusak atau tidak lengkap. / "
                       "The export bag is damaged or incomplete.")


class ActivityNotFoundError(InputError):
    code = "activity_not_found"
    http_status = 404
    default_message = "Kegiatan tidak ditemukan. / Activity not found."


class ActivityError(InputError):
    code = "activity_invalid"
    http_status = 400
    default_message = "Permintaan kegiatan tidak valid. / Invalid activity request."


class SignOffNotAllowedError(InputError):
    code = "signoff_not_allowed"
    http_status = 403
    default_message = "Peran Anda tidak berwenang mengesahkan tahap ini. / Your role may not sign off this step."


class AgendaEntryNotFoundError(InputError):
    code = "agenda_entry_not_found"
    http_status = 404
    default_message = "Baris buku agenda tidak ditemukan. / Agenda entry not found."
