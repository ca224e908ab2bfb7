"""Which pages ``ingest.light.dark_panels`` finds a dark panel on (issue 15: a shadow over a
photographed sheet taken for a panel and inverted, which wiped the table under it).

    .venv/bin/python bench/light_panels.py FILE... [--json out.json]

Each page of each file is loaded and run through the cleanup stages before ``even_out_light``
(``ingest.stages.CLEANUP``, default options), then ``dark_panels`` is asked about the page as
``even_out_light`` would ask it.  Prints one line per page with a panel (its share of the page and
its rows), then how many pages had one.  Run it on two trees and compare the outputs (or the JSON)
to see which pages a change to ``dark_panels`` touches; no OCR runs.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

from ingest import light, stages  # noqa: E402
from ingest.load import load_page, open_source  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.raster import to_grey  # noqa: E402


def panels(path: Path, options: IngestOptions) -> list[dict]:
    """One entry per page: its number, and the panel mask's share of the page and its rows (None
    when no panel was found)."""
    source = open_source(path, options)
    out = []
    for number in range(1, source.page_count + 1):
        page = load_page(source, number, options)
        for stage in stages.CLEANUP:
            if stage.name == "even_out_light":
                break
            page = stage.run(page, options)
        mask = light.dark_panels(to_grey(page.image))
        entry: dict = {"file": str(path), "page": number, "share": None, "rows": None}
        if mask is not None:
            ys = np.flatnonzero(mask.any(axis=1))
            entry.update(share=round(float(np.count_nonzero(mask)) / mask.size, 4), rows=[int(ys[0]), int(ys[-1])])
        out.append(entry)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, help="write every page's entry here")
    args = parser.parse_args()
    options = IngestOptions(workers=1)
    found: list[dict] = []
    for path in args.files:
        try:
            entries = panels(path, options)
        except Exception as exc:  # a file the loader refuses: said, not fatal
            print(f"{path}: {exc}")
            continue
        for entry in entries:
            found.append(entry)
            if entry["share"] is not None:
                print(f"{path} page {entry['page']}: panel, {100 * entry['share']:.1f} % of the page, rows {entry['rows']}",
                      flush=True)
    print(f"{sum(e['share'] is not None for e in found)} of {len(found)} pages with a dark panel")
    if args.json:
        args.json.write_text(json.dumps(found, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
