"""Typed errors of the ingest layer, and whose fault each one is.

A ``BurtError`` means "this file (or this request) cannot be processed". Soft problems
(a blank page, low confidence, an unsure orientation) are flags on the result, never
exceptions.  Every error carries:

- ``code``: a stable slug for scripts and the JSON API (listed in ``docs/cli.md``);
- ``message``: what a clerk reads (Indonesian first, English after a " / ");
- ``http_status``: what the web door answers;
- ``fault``: ``Fault.FILE`` (the input is at fault: refuse it, retrying cannot help) or
  ``Fault.MACHINE`` (the server is at fault: keep the original, retry later, tell the operator);
- ``detail``: optional, for the log only.

``as_burt_error`` is the one translation of any other exception: out of memory, a killed
worker, a full disk, a permission problem, a timeout or anything unexpected is the
machine's fault, never the file's.
"""
from __future__ import annotations

import errno
from concurrent.futures.process import BrokenProcessPool
from enum import Enum


class Fault(str, Enum):
    """Whose fault an error is: it decides whether a job is retried or refused for good."""

    FILE = "file"        # the input (a file, or a request's data): retrying the same input cannot help
    MACHINE = "machine"  # the server (memory, disk, a tool, a timeout, a bug): the input may be fine

    def __str__(self) -> str:
        return self.value


class BurtError(Exception):
    """Base of every error the product reports to a user; the machine's fault unless a subclass
    knows the input is to blame."""

    code = "error"
    http_status = 500
    fault = Fault.MACHINE
    default_message = "Terjadi kesalahan. / An error occurred."

    def __init__(self, message: str | None = None, *, detail: str | None = None, code: str | None = None,
                 fault: Fault | None = None, http_status: int | None = None):
        self.message = message or self.default_message
        self.detail = detail
        if code:
            self.code = code
        if fault is not None:
            self.fault = Fault(fault)
        if http_status is not None:
            self.http_status = http_status
        super().__init__(self.message)

    @property
    def retryable(self) -> bool:
        """Whether running the same input again may succeed (a machine fault)."""
        return self.fault is Fault.MACHINE


class InputError(BurtError):
    """Base of the errors where the input is at fault."""

    code = "bad_input"
    http_status = 400
    fault = Fault.FILE
    default_message = "Masukan tidak valid. / Invalid input."


# --------------------------------------------------------------------------- the file's fault

class UnsupportedFileError(InputError):
    code = "unsupported_file"
    http_status = 415
    default_message = ("Jenis berkas tidak didukung. Unggah PDF, JPEG, PNG, atau TIFF. / "
                       "Unsupported file type. Upload a PDF, JPEG, PNG or TIFF.")


class CorruptFileError(InputError):
    code = "corrupt_file"
    http_status = 422
    default_message = ("Berkas rusak atau tidak lengkap dan tidak dapat dibaca. Pindai atau ekspor ulang berkas. / "
                       "The file is damaged or incomplete and cannot be read.")


class EncryptedPdfError(InputError):
    code = "pdf_encrypted"
    http_status = 422
    default_message = ("File PDF terkunci kata sandi. Buka kuncinya lalu unggah ulang. / "
                       "The PDF is password-protected. Remove the password and upload it again.")


class EmptyFileError(InputError):
    code = "empty_file"
    http_status = 422
    default_message = ("Berkas kosong (0 byte atau tanpa halaman). / The file is empty (0 bytes or no pages).")


class OversizedFileError(InputError):
    code = "file_too_large"
    http_status = 413
    default_message = ("Berkas terlalu besar untuk diproses. / The file is too large to process.")


# --------------------------------------------------------------------------- the machine's fault

class ToolUnavailableError(BurtError):
    """A program the pipeline needs is not installed or cannot be started (an operator problem)."""

    code = "tool_unavailable"
    http_status = 503
    default_message = ("Program pembaca berkas tidak tersedia di server. Hubungi admin. / "
                       "A program needed to read files is not available on the server. Contact the administrator.")


class OcrUnavailableError(ToolUnavailableError):
    code = "ocr_unavailable"
    default_message = ("Mesin OCR (Tesseract) tidak tersedia di server. Hubungi admin. / "
                       "The OCR engine (Tesseract) is not available on the server. Contact the administrator.")


class PdfReaderUnavailableError(ToolUnavailableError):
    code = "pdf_reader_unavailable"
    default_message = ("Pembaca PDF (poppler) tidak terpasang di server. Hubungi admin. / "
                       "The PDF reader (poppler) is not installed on the server. Contact the administrator.")


class ProcessingTimeoutError(BurtError):
    code = "processing_timeout"
    http_status = 504
    default_message = ("Pemrosesan berkas melewati batas waktu; akan dicoba lagi. / "
                       "Processing the file timed out; it will be tried again.")


class OcrTimeoutError(ProcessingTimeoutError):
    code = "ocr_timeout"
    default_message = ("Pembacaan teks (OCR) melewati batas waktu. Coba lagi atau pindai dengan resolusi lebih rendah. / "
                       "Text recognition (OCR) timed out.")


class OutOfMemoryError(BurtError):
    code = "out_of_memory"
    http_status = 503
    default_message = ("Memori server tidak cukup untuk memproses berkas; akan dicoba lagi. / "
                       "The server ran out of memory processing the file; it will be tried again.")


class WorkerCrashedError(BurtError):
    """A worker process died (killed for memory, by a signal, or crashed)."""

    code = "worker_crashed"
    http_status = 503
    default_message = ("Proses pembaca berkas berhenti mendadak; akan dicoba lagi. / "
                       "A processing worker stopped unexpectedly; it will be tried again.")


class DiskFullError(BurtError):
    code = "disk_full"
    http_status = 507
    default_message = ("Ruang disk server penuh; berkas asli tetap disimpan dan akan dicoba lagi. Hubungi admin. / "
                       "The server's disk is full; the original is kept and will be tried again. Contact the administrator.")


class PermissionDeniedError(BurtError):
    code = "permission_denied"
    http_status = 503
    default_message = ("Server tidak memiliki izin menulis atau membaca berkas; hubungi admin. / "
                       "The server lacks permission to read or write a file; contact the administrator.")


class ProcessingError(BurtError):
    """An unexpected failure while processing a file (a bug): the machine's fault, never the file's."""

    code = "processing_failed"
    http_status = 500
    default_message = ("Berkas gagal diproses karena kesalahan sistem; akan dicoba lagi. Hubungi admin bila berulang. / "
                       "The file could not be processed because of an internal error; it will be tried again.")


class SuspiciousFileError(UnsupportedFileError):
    """The bytes are a document and something else at once (a polyglot): a program, a script
    or an archive hidden before, around or after the PDF or image. The file's fault."""

    code = "suspicious_file"
    default_message = ("Berkas ditolak: isinya bukan dokumen biasa (ada program, skrip, atau arsip tersembunyi). "
                       "Ekspor atau pindai ulang dokumen aslinya. / The file was refused: it hides a program, "
                       "script or archive besides the document. Export or scan the original again.")


class PageTooSmallError(EmptyFileError):
    """A page of a few pixels (or a zero-size PDF page): nothing on it can be read."""

    code = "page_too_small"
    default_message = ("Halaman terlalu kecil untuk dibaca. Pindai ulang dokumennya. / "
                       "A page is too small to read. Scan the document again.")


_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def as_burt_error(exc: BaseException) -> BurtError:
    """The one translation of any exception into a ``BurtError`` that says whose fault it is.

    A ``BurtError`` stays itself; everything else is the machine's fault: memory, a crashed or
    killed worker, a full disk, permissions, a timeout, or an unexpected error (a bug)."""
    if isinstance(exc, BurtError):
        return exc
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, MemoryError):
        return OutOfMemoryError(detail=detail)
    if isinstance(exc, BrokenProcessPool):
        return WorkerCrashedError(detail=detail)
    if isinstance(exc, TimeoutError):
        return ProcessingTimeoutError(detail=detail)
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
        return DiskFullError(detail=detail)
    if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno in _PERMISSION):
        return PermissionDeniedError(detail=detail)
    return ProcessingError(detail=detail)
