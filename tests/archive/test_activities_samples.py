"""The committed sample set through the real pipeline, then linked and audited.

The samples hold two activities (Desa Kusambi Hilir with all six steps; SD Negeri Lok Batu with
only a loan request: its other evidence is missing by construction). Ground truth beside each
file names its activity, so linking is measured, and the audit must report the planted gaps
without order, MoU or partner findings that the documents do not support.
"""
from __future__ import annotations

import logging
from collections import defaultdict

import pytest

from archive import db, service
from archive.settings import load_settings
from tests.sample_archive import sample_truths

pytestmark = [pytest.mark.slow]
log = logging.getLogger(__name__)


@pytest.fixture(scope="module")
def audited(sample_archive, tmp_path_factory):
    """A copy of the session's sample archive (``burt ingest`` of samples/, tests/conftest.py), then audited."""
    truth = sample_truths()
    by_file = {}
    for name in truth:
        line = sample_archive.line(name)
        assert line["status"] == "ingested", line
        by_file[name] = line["id"]
    home = sample_archive.copy(tmp_path_factory.mktemp("audited"))
    settings = load_settings(home=home, environ={"BURT_WORKERS": "2"})
    report = service.audit(settings)
    links = {}
    for summary in service.list_activities(settings):
        for doc in service.get_activity(settings, summary.id).documents:
            links[doc.id] = summary.id
    yield settings, truth, by_file, report, links
    db.close_db(settings)


def test_linking_is_pure_and_nearly_complete(audited):
    _, truth, by_file, _, links = audited
    groups = defaultdict(set)  # activity id -> truth activity keys of its documents
    evidence = [f for f, t in truth.items() if t["activity"]]
    for name in evidence:
        if by_file[name] in links:
            groups[links[by_file[name]]].add(truth[name]["activity"])
    assert all(len(keys) == 1 for keys in groups.values()), groups  # no activity mixes partners
    per_key = defaultdict(set)
    for act, keys in groups.items():
        per_key[next(iter(keys))].add(act)
    assert all(len(acts) == 1 for acts in per_key.values()), per_key  # one activity per partner
    linked = sum(1 for name in evidence if by_file[name] in links)
    log.info("samples: %d of %d evidence documents linked", linked, len(evidence))
    assert linked / len(evidence) >= 0.85
    for name, t in truth.items():  # the agenda page and the leave letter belong to no activity
        if not t["activity"]:
            assert by_file[name] not in links


def test_audit_reports_the_planted_gap_and_no_unsupported_findings(audited):
    settings, truth, by_file, report, links = audited
    lb_doc = next(by_file[n] for n, t in truth.items() if t["activity"] and "lok-batu" in t["activity"])
    lb = next(a for a in report.activities if a.id == links[lb_doc])
    missing = {f.message for f in lb.findings if f.rule == "missing_evidence"}
    assert len(missing) == sum(len(s.evidence) for s in lb.steps) - 1  # everything but the request
    assert not lb.complete
    rules_seen = {f.rule for a in report.activities for f in a.findings}
    assert rules_seen <= {"missing_evidence", "needs_review"}, rules_seen
    assert all(a.in_order for a in report.activities)
