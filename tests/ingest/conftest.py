"""Fixtures for ingest tests (generators live in ``pagegen.py``)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pagegen import LINES, encode, render_page
from PIL import Image

from ingest.classify import classify, load_model
from ingest.metadata import extract_metadata
from ingest.sop import load_sop


@pytest.fixture(scope="session")
def judge():
    """Text in, classification out: the shipped model and SOP, metadata extracted from the same text."""
    sop, model = load_sop(), load_model(None)

    def run(text: str):
        return classify(text, extract_metadata(text), sop, model)
    return run


@pytest.fixture(scope="session")
def clean_page() -> np.ndarray:
    return render_page()


@pytest.fixture(scope="session")
def page_files(tmp_path_factory, clean_page) -> dict[str, Path]:
    """The clean page as PNG, JPEG (with an EXIF rotation), two-page TIFF and two-page PDF."""
    folder = tmp_path_factory.mktemp("pages")
    files = {}
    files["png"] = folder / "page.png"
    files["png"].write_bytes(encode(clean_page, "PNG", dpi=(150, 150)))
    # JPEG stored sideways with EXIF orientation 6 ("rotate 90 CW to display")
    sideways = cv2.rotate(clean_page, cv2.ROTATE_90_COUNTERCLOCKWISE)
    exif = Image.Exif()
    exif[0x0112] = 6
    files["jpeg"] = folder / "page.jpg"
    files["jpeg"].write_bytes(encode(sideways, "JPEG", quality=90, exif=exif.tobytes(), dpi=(150, 150)))
    second = render_page(lines=LINES[4:])
    frames = [Image.fromarray(clean_page[:, :, ::-1]).convert("L"), Image.fromarray(second[:, :, ::-1]).convert("L")]
    files["tiff"] = folder / "pages.tiff"
    frames[0].save(files["tiff"], save_all=True, append_images=frames[1:], compression="tiff_deflate", dpi=(150, 150))
    files["pdf"] = folder / "pages.pdf"
    frames[0].save(files["pdf"], save_all=True, append_images=frames[1:], resolution=150)
    return files


