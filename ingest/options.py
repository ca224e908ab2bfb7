"""Options the ingest pipeline receives as an argument (ingest never reads the environment)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The folder ``make install`` unpacks the second Tesseract model into (scripts/witness-model.sh; not committed):
# tessdata_best's Indonesian LSTM, integer version, from the npm package @tesseract.js-data/ind.
WITNESS_TESSDATA = str(Path(__file__).resolve().parent.parent / "tessdata" / "best")


@dataclass(frozen=True)
class IngestOptions:
    languages: str = "ind"  # Tesseract language(s), e.g. "ind" or "ind+eng"
    dpi: int = 300  # rendering resolution for PDF pages
    workers: int = 2  # processes for pages/documents; 1 = in-process
    ocr_timeout_s: int = 180  # per page
    # "library": libtesseract loaded once per process and kept (ingest.tesseract_engine; same output);
    # "command": a tesseract process per reading, which loads the language model again each time
    tesseract: str = "library"
    low_confidence: float = 60.0  # mean word confidence under which a page is flagged "perlu dipindai ulang"
    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_pixels: int = 120_000_000  # per page image, every page of every format; a PDF page is rendered smaller to fit
    min_render_dpi: int = 150  # a PDF page that fits max_pixels only below this resolution is refused (too large)
    min_page_px: int = 32  # a page narrower or lower than this many pixels is refused (nothing to read)
    remove_stamps: bool = True  # drop blue/red stamp ink before binarisation
    searchable_pdf: bool = True  # write a searchable PDF when an output dir is given
    debug_dir: str | None = None  # write each stage's image here (burt ocr --debug-dir)
    model_dir: str | None = None  # trained classifier models; None = the rules/model shipped with the package
    abstain_below: float = 0.55  # classification confidence under which the result is "perlu ditinjau"
    # folder of a second recognizer of the same language (its <languages>.traineddata), read as an independent
    # witness where field re-reading leaves a number or date open (ingest.fieldread); None: no witness. A folder
    # without the model: as None, said once in the log
    witness_tessdata: str | None = WITNESS_TESSDATA
