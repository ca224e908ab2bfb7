"""Which pages take which path of ``sheet.detect_sheet`` and how near their corners are (no OCR).

For every ``*.truth.json`` under the given folders (every capture kind), runs ``detect_sheet`` on page 1
as the pipeline gives it (loaded, resolution normalised, the truth's corners scaled alike) and prints one line per file: flattened or not, the path flags (``second_sheet``, ``sheet_inside``,
``shade_joined``, ``shadow_relit``, ``shadow_crossed``, ``corner_restored``) and, where the generator recorded the sheet's corners, the largest corner error in
per cent of the sheet's short side. Run it with two trees and ``diff`` the outputs to list the pages a
change of the sheet finding touches.

    PYTHONPATH=$PWD .venv/bin/python bench/sheet_paths.py DIR [DIR ...] > paths.txt
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sheet_corners import max_corner_error, truth_corners  # noqa: E402
from ingest.load import load_page, open_source  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.resolution import normalise_resolution  # noqa: E402
from ingest.sheet import detect_sheet  # noqa: E402

FLAGS = ("second_sheet", "sheet_inside", "shade_joined", "shadow_relit", "shadow_crossed", "corner_restored")


def main(folders: list[str]) -> int:
    options = IngestOptions()
    errors = []
    for folder in folders:
        for truth_path in sorted(Path(folder).glob("*.truth.json")):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            source = open_source(Path(folder) / truth["file"], options)
            loaded = load_page(source, 1, options)
            page = normalise_resolution(loaded)  # find_sheet's input in the pipeline
            corners, evidence = detect_sheet(page.image)
            flags = ",".join(f for f in FLAGS if evidence.get(f)) or "-"
            line = f"{truth_path.parent.name}/{truth['file']} [{truth['capture']}]: "
            if corners is None:
                print(line + "flat")
                continue
            line += f"flattened {flags}"
            # the generator's corners are on the file's image; an enlarged page carries them enlarged
            expected = truth_corners(truth, page.image.shape[1] / loaded.image.shape[1])
            if expected is not None:
                err = 100 * max_corner_error(corners, expected) / float(min(np.ptp(expected, axis=0)))
                errors.append(err)
                line += f" corner error {err:5.1f} %"
            print(line, flush=True)
    if errors:
        print(f"files with corners {len(errors)}, mean max-corner error {np.mean(errors):.2f} %, "
              f"over 5 %: {sum(e > 5 for e in errors)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
