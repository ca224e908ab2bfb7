"""The one ``Archive`` object (issue 12): opened once per process for an archive, by
``create_app`` and the ``burt`` command; every service call afterwards finds it open instead
of preparing the archive again."""
from __future__ import annotations

from dataclasses import replace

from archive import db, service
from archive.core import Archive
from archive.settings import Settings, load_settings
from web.app import create_app

BOTH_BACKENDS = True


def test_the_archive_is_opened_once_and_found_again(settings):
    arc = service.open_archive(settings)
    assert isinstance(arc, Archive) and arc.settings is settings
    assert service.open_archive(settings) is arc
    assert service.open_archive(replace(settings, port=settings.port + 1)) is arc  # same home and database
    assert service.prepare(settings) is arc  # the deprecated alias
    assert arc.sessions is db.open_sessions(settings)
    assert arc.index.doc_count() == 0 and (settings.index_dir / "MAIN_WRITELOCK").exists() is False
    with arc.session() as s:
        assert s.scalars(db.select(db.Document)).all() == []


def test_service_calls_do_not_prepare_the_archive_again(settings, monkeypatch):
    service.open_archive(settings)
    prepared: list[str] = []
    real = Settings.ensure_dirs
    monkeypatch.setattr(Settings, "ensure_dirs", lambda self: (prepared.append(str(self.home)), real(self))[1])
    assert service.list_documents(settings) == []
    assert service.list_jobs(settings) == []
    assert service.search(settings, "surat").total == 0
    assert service.review_count(settings) == 0
    assert prepared == []


def test_a_closed_database_is_opened_again(settings):
    first = service.open_archive(settings)
    db.close_db(settings)
    assert db.open_sessions(settings) is None
    again = service.open_archive(settings)
    assert again is not first and again.sessions is db.open_sessions(settings)
    assert service.list_documents(settings) == []


def test_another_archive_is_another_object(settings, tmp_path):
    other = load_settings(home=tmp_path / "other", environ={"BURT_WORKERS": "1"})
    try:
        assert service.open_archive(other) is not service.open_archive(settings)
        assert (other.home / "archive.db").exists() and other.originals_dir.is_dir()
    finally:
        db.close_db(other)


def test_the_app_keeps_the_archive_it_opened(settings):
    app = create_app(settings, config={"TESTING": True, "BURT_JOB_RUNNER": False})
    assert app.extensions["burt"]["archive"] is service.open_archive(settings)
