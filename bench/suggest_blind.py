"""How right the suggestions for unlinked documents are (issue 17, item 4), on documents whose answer is known.

    PYTHONPATH=$PWD .venv/bin/python bench/suggest_blind.py --sets held_out,held_out_fresh,held_out_1801,tuning

Each generated set is ingested as ``bench/activities.py`` does (its OCR cache, replayed). Then every BuRT-step
document the linker put in an activity is taken out of it and handed to ``suggest_activity`` twice, as if its
partner had been unreadable: ``blind`` keeps its text (the text clues: the partner written whole, a listed row,
words of a name), ``no text`` drops it too (only the date and type fit can speak). A suggestion is right when it is
the activity the document was linked to. Prints right / wrong / none per set and in all.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import db, service  # noqa: E402
from archive.audit import load_rules  # noqa: E402
from archive.db import ActivityLinkRow, ActivityRow, select  # noqa: E402
from archive.evidence import activity_evidence, load_documents  # noqa: E402
from archive.linking import suggest_activity  # noqa: E402
from archive.settings import load_settings  # noqa: E402
from bench import activities as bench  # noqa: E402


def score_set(name: str) -> Counter:
    folder = bench.make_set(name)
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(bench.TRUTH_SUFFIX))
    rules = load_rules()
    tally: Counter = Counter()
    with tempfile.TemporaryDirectory() as home:
        settings = load_settings(home=home, environ={})
        settings = dataclasses.replace(settings, ingest=dataclasses.replace(settings.ingest, workers=1,
                                                                            searchable_pdf=False))
        service.prepare(settings)
        list(service.ingest_paths(settings, files, processor=bench.CachedPipeline(bench.OUT / "cache")))
        service.audit(settings)  # links what is left first
        with db.session_scope(settings) as session:
            acts = [activity_evidence(session, r, rules) for r in session.scalars(select(ActivityRow))]
            links = {r.document_id: r.activity_id for r in session.scalars(select(ActivityLinkRow))
                     if r.activity_id is not None}
            docs = load_documents(session, list(links), rules)
            for doc_id, doc in docs.items():
                if not rules.type_steps.get(doc.doc_type or "", 0):
                    continue
                text = "\n".join(p.text for p in session.scalars(
                    select(db.PageRow).where(db.PageRow.document_id == doc_id)))
                others = [dataclasses.replace(a, documents=tuple(d for d in a.documents if d.id != doc_id))
                          for a in acts]
                blind = dataclasses.replace(doc, partner=None, partner_key=None)
                for mode, given in (("blind", text), ("no text", "")):
                    found = suggest_activity(blind, others, rules, text=given)
                    tally[(mode, "none" if found is None else
                           "right" if found.activity_id == links[doc_id] else "wrong")] += 1
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="tuning,held_out")
    args = parser.parse_args(argv)
    total: Counter = Counter()
    out = {}
    for name in args.sets.split(","):
        tally = score_set(name)
        total.update(tally)
        out[name] = {f"{m} {k}": v for (m, k), v in sorted(tally.items())}
        print(name, json.dumps(out[name]), flush=True)
    print("all", json.dumps({f"{m} {k}": v for (m, k), v in sorted(total.items())}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
