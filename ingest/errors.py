"""Typed errors of the ingest layer.

A ``BurtError`` means "this file (or this request) cannot be processed". Soft problems
(a blank page, low confidence, an unsure orientation) are flags on the result, never
exceptions.  Every error carries a stable ``code`` for scripts and the JSON API, a
``message`` a clerk understands (Indonesian first, English after a " / "), and an
optional ``detail`` meant for the log only.
"""
from __future__ import annotations


class BurtError(Exception):
    """Base of every error the product reports to a user."""

    code = "error"
    http_status = 400
    default_message = "Terjadi kesalahan. / An error occurred."

    def __init__(self, message: str | None = None, *, detail: str | None = None, code: str | None = None):
        self.message = message or self.default_message
        self.detail = detail
        if code:
            self.code = code
        super().__init__(self.message)

    def to_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


class UnsupportedFileError(BurtError):
    code = "unsupported_file"
    http_status = 415
    default_message = ("Jenis berkas tidak didukung. Unggah PDF, JPEG, PNG, atau TIFF. / "
                       "Unsupported file type. Upload a PDF, JPEG, PNG or TIFF.")


class CorruptFileError(BurtError):
    code = "corrupt_file"
    http_status = 422
    default_message = ("Berkas rusak atau tidak lengkap dan tidak dapat dibaca. Pindai atau ekspor ulang berkas. / "
                       "The file is damaged or incomplete and cannot be read.")


class EncryptedPdfError(BurtError):
    code = "pdf_encrypted"
    http_status = 422
    default_message = ("File PDF terkunci kata sandi. Buka kuncinya lalu unggah ulang. / "
                       "The PDF is password-protected. Remove the password and upload it again.")


class EmptyFileError(BurtError):
    code = "empty_file"
    http_status = 422
    default_message = ("Berkas kosong (0 byte atau tanpa halaman). / The file is empty (0 bytes or no pages).")


class OversizedFileError(BurtError):
    code = "file_too_large"
    http_status = 413
    default_message = ("Berkas terlalu besar untuk diproses. / The file is too large to process.")


class OcrUnavailableError(BurtError):
    code = "ocr_unavailable"
    http_status = 503
    default_message = ("Mesin OCR (Tesseract) tidak tersedia di server. Hubungi admin. / "
                       "The OCR engine (Tesseract) is not available on the server. Contact the administrator.")


class OcrTimeoutError(BurtError):
    code = "ocr_timeout"
    http_status = 504
    default_message = ("Pembacaan teks (OCR) melewati batas waktu. Coba lagi atau pindai dengan resolusi lebih rendah. / "
                       "Text recognition (OCR) timed out.")


class NotAvailableError(BurtError):
    """A command or feature that this installation does not provide (yet)."""

    code = "not_available"
    http_status = 501
    default_message = "Fitur ini belum tersedia. / This feature is not available."


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
