"""Settings: one object, paths derived from the data dir, bad values named."""
import re
from pathlib import Path

import pytest

from archive.settings import VARIABLES, SettingsError, load_settings
from ingest.options import WITNESS_TESSDATA

ROOT = Path(__file__).resolve().parent.parent


def test_home_precedence(tmp_path):
    env = {"BURT_HOME": str(tmp_path / "from-env")}
    assert load_settings(environ=env).home == (tmp_path / "from-env").resolve()
    assert load_settings(home=tmp_path / "explicit", environ=env).home == (tmp_path / "explicit").resolve()
    assert load_settings(environ={}).home.name == "burt-data"


def test_paths_derive_from_home(tmp_path):
    s = load_settings(home=tmp_path, environ={})
    for path in (s.originals_dir, s.derivatives_dir, s.index_dir, s.models_dir, s.logs_dir, s.database_path):
        assert tmp_path.resolve() in path.parents
    assert s.database_url == f"sqlite:///{tmp_path.resolve() / 'archive.db'}"


@pytest.mark.parametrize("name,value", [
    ("BURT_OCR_DPI", "zero"), ("BURT_WORKERS", "0"), ("BURT_LOW_CONFIDENCE", "150"),
    ("BURT_ABSTAIN_BELOW", "2"), ("BURT_REMOVE_STAMPS", "maybe"), ("BURT_LANGUAGE", "fr"),
])
def test_bad_value_names_variable(tmp_path, name, value):
    with pytest.raises(SettingsError) as err:
        load_settings(home=tmp_path, environ={name: value})
    assert name in err.value.message and value in err.value.message


def test_docs_list_every_variable():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(BURT_[A-Z_]+)`", doc))
    assert documented == {v.name for v in VARIABLES}
    assert all(v.help.strip() for v in VARIABLES)


def test_database_url_default_sqlite_or_postgresql_through_psycopg(tmp_path):
    assert load_settings(home=tmp_path, environ={}).database_url == f"sqlite:///{tmp_path.resolve() / 'archive.db'}"
    pg = "postgresql+psycopg://burt@127.0.0.1:5433/burt"
    assert load_settings(home=tmp_path, environ={"BURT_DATABASE_URL": pg}).database_url == pg
    # a plain postgresql:// URL means the driver the project ships (psycopg 3), not psycopg2
    plain = load_settings(home=tmp_path, environ={"BURT_DATABASE_URL": "postgresql://burt@db.kantor/arsip"})
    assert plain.database_url == "postgresql+psycopg://burt@db.kantor/arsip"
    with pytest.raises(SettingsError) as err:
        load_settings(home=tmp_path, environ={"BURT_DATABASE_URL": "mysql://burt@db/arsip"})
    assert "BURT_DATABASE_URL" in err.value.message


def test_the_setting_chooses_the_path(tmp_path):
    assert load_settings(home=tmp_path, environ={}).ingest.tesseract == "library"
    assert load_settings(home=tmp_path, environ={"BURT_OCR_TESSERACT": "command"}).ingest.tesseract == "command"
    with pytest.raises(SettingsError, match="BURT_OCR_TESSERACT"):
        load_settings(home=tmp_path, environ={"BURT_OCR_TESSERACT": "cli"})


def test_witness_model_setting(tmp_path):
    assert load_settings(home=tmp_path, environ={}).ingest.witness_tessdata == WITNESS_TESSDATA
    assert load_settings(home=tmp_path, environ={"BURT_OCR_WITNESS_MODEL": "off"}).ingest.witness_tessdata is None
    folder = tmp_path / "models"
    assert load_settings(home=tmp_path, environ={"BURT_OCR_WITNESS_MODEL": str(folder)}).ingest.witness_tessdata \
        == str(folder.resolve())
