"""How well ``sheet.detect_sheet`` finds generated phone photos' sheets (no OCR; seconds per file).

For every phone-photo ``*.truth.json`` under the given folders, compares the detected corners
with the generator's corners (image as displayed). Prints per file the largest corner error in
pixels and in per cent of the sheet's short side, and how far each side sits inside (+) or
outside (-) the true side at its middle (an inward top side clips the letterhead).

    PYTHONPATH=$PWD .venv/bin/python bench/sheet_corners.py DIR [DIR ...] [--capture phone_photo,messenger_photo]

``--capture`` names the capture kinds looked at (default: phone photos only); the summary line counts
files over 1 % and over 5 % of the short side (a second sheet taken with the page is a miss of 20-40 %).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.load import load_page, open_source  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.sheet import detect_sheet, order_corners  # noqa: E402


def truth_corners(truth: dict, scale: float = 1.0) -> np.ndarray | None:
    """The generator's corners of page 1's sheet (ordered, times ``scale`` for an enlarged page), or None when
    it recorded none or turned the page."""
    pages = (truth.get("capture_params") or {}).get("pages") or [{}]
    if not pages[0].get("corners") or pages[0].get("rotation", 0) != 0:
        return None
    return order_corners(np.array(pages[0]["corners"], np.float32) * np.float32(scale))


def max_corner_error(found: np.ndarray, truth: np.ndarray) -> float:
    """The largest distance between a found corner and the true one, in pixels."""
    return float(np.max(np.hypot(*(found - truth).T)))


def side_offsets(found: np.ndarray, truth: np.ndarray) -> list[float]:
    """Signed distance of each found side's midpoint from the true side (positive = inside the sheet)."""
    out = []
    centre = truth.mean(axis=0)
    for i in range(4):
        a, b = truth[i], truth[(i + 1) % 4]
        mid = (found[i] + found[(i + 1) % 4]) / 2
        ab = b - a
        normal = np.array([-ab[1], ab[0]]) / np.hypot(*ab)
        if np.dot(centre - a, normal) < 0:
            normal = -normal
        out.append(float(np.dot(mid - a, normal)))
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--capture", default="phone_photo")
    args = parser.parse_args(argv)
    folders, kinds = args.folders, set(args.capture.split(","))
    options = IngestOptions()
    worst = []
    for folder in folders:
        for truth_path in sorted(Path(folder).glob("*.truth.json")):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            if truth["capture"] not in kinds:
                continue
            source = open_source(Path(folder) / truth["file"], options)
            page = load_page(source, 1, options)
            expected = order_corners(np.array(truth["capture_params"]["pages"][0]["corners"], np.float32))
            corners, evidence = detect_sheet(page.image)
            short = min(np.ptp(expected, axis=0))
            if corners is None:
                print(f"{truth_path.parent.name}/{truth['file']}: NOT FOUND {evidence}")
                worst.append(100.0)
                continue
            err = max_corner_error(corners, expected)
            sides = " ".join(f"{s:+5.1f}" for s in side_offsets(corners, expected))
            worst.append(100 * err / short)
            print(f"{truth_path.parent.name}/{truth['file']}: max corner error {err:6.1f} px "
                  f"({100 * err / short:4.1f} %), sides T/R/B/L inward px {sides}  {evidence}")
    if worst:
        print(f"files {len(worst)}, mean max-corner error {np.mean(worst):.2f} %, worst {max(worst):.2f} %, "
              f"over 1 %: {sum(w > 1 for w in worst)}, over 5 %: {sum(w > 5 for w in worst)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
