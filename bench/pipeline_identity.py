"""Per page of a generated held-out set: the OCR text and a hash of the final cleaned image
from ``pipeline.process_page``, as JSON, to compare two code trees for identical output
(put the tree to test first on PYTHONPATH). Never seeds 8000-8999.

    PYTHONPATH=/tmp/old:$PWD python bench/pipeline_identity.py --seed 5151 > old.json
    PYTHONPATH=$PWD python bench/pipeline_identity.py --seed 5151 > new.json && cmp old.json new.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=5151)
    parser.add_argument("--count", type=int, default=18)
    args = parser.parse_args(argv)
    if 8000 <= args.seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
    import cv2

    from ingest import pipeline
    from ingest.load import open_source
    from ingest.options import IngestOptions
    from samples.generate import generate_set

    print("pipeline from", pipeline.__file__, file=sys.stderr)
    cv2.setNumThreads(1)
    options = IngestOptions(workers=1)
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        for file in generate_set(Path(tmp) / "set", args.seed, args.count, held_out=True):
            if file.suffix.lower() not in (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"):
                continue
            source = open_source(file, options)
            for number in range(1, source.page_count + 1):
                out = pipeline.process_page(pipeline.PageJob(source, number, options, str(work)))
                image = cv2.imread(str(work / f"page-{number:04d}.png"), cv2.IMREAD_UNCHANGED)
                result[f"{file.name}#{number}"] = {"text": out.text.text,
                                                   "image_sha1": hashlib.sha1(image.tobytes()).hexdigest()}
    json.dump(result, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
