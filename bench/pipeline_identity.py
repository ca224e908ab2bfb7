"""Per page of a generated held-out set (and of any files given): the OCR text, the words,
what each stage recorded (timings left out) and a hash of the final cleaned image from
``pipeline.process_page``, as JSON, to compare two code trees for identical output (put
the tree to test first on PYTHONPATH). Never seeds 8000-8999.

    PYTHONPATH=/tmp/old:$PWD python bench/pipeline_identity.py --seed 5151 > old.json
    PYTHONPATH=$PWD python bench/pipeline_identity.py --seed 5151 > new.json && cmp old.json new.json

``--files ../shared/real/d01.pdf ...`` adds real captures (read in place, never copied).
Only the stable entry points (``process_page``, ``PageJob``, ``open_source``,
``IngestOptions``) are used, so the script runs on older trees too.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

KINDS = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def _page_record(out, image) -> dict:
    text = out.text
    return {"text": text.text,
            "words": [[w.text, round(float(w.conf), 3), list(w.box)] for w in text.words],
            "flags": list(text.flags), "rotation": text.rotation, "skew": text.skew_degrees,
            "steps": [[s.stage, s.details] for s in text.steps],
            "image_sha1": hashlib.sha1(image.tobytes()).hexdigest()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed", type=int, default=5151)
    parser.add_argument("--count", type=int, default=18, help="generated documents (0: none)")
    parser.add_argument("--files", nargs="*", default=[], help="further files to read (e.g. real captures)")
    parser.add_argument("--tesseract", choices=("library", "command"), default=None,
                        help="IngestOptions.tesseract (default: the tree's own; older trees have no such option)")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # as every reading process of the product (ocr.limit_threads)
    if 8000 <= args.seed <= 8999:
        raise SystemExit("seeds 8000-8999 are reserved for the final measurement")
    import cv2

    from ingest import pipeline
    from ingest.load import open_source
    from ingest.options import IngestOptions
    from samples.generate import generate_set

    print("pipeline from", pipeline.__file__, file=sys.stderr)
    cv2.setNumThreads(1)
    options = IngestOptions(workers=1, **({"tesseract": args.tesseract} if args.tesseract else {}))
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        files = list(generate_set(Path(tmp) / "set", args.seed, args.count, held_out=True)) if args.count else []
        files += [Path(f) for f in args.files]
        for file in files:
            if file.suffix.lower() not in KINDS:
                continue
            source = open_source(file, options)
            for number in range(1, source.page_count + 1):
                out = pipeline.process_page(pipeline.PageJob(source, number, options, str(work)))
                image = cv2.imread(str(work / f"page-{number:04d}.png"), cv2.IMREAD_UNCHANGED)
                result[f"{file.name}#{number}"] = _page_record(out, image)
                print(file.name, number, file=sys.stderr)
    json.dump(result, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False, default=str)
    return 0


if __name__ == "__main__":
    sys.path.append(str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
