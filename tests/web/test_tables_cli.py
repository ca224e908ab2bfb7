"""``burt tables rebuild`` over a real archive (SQLite): a book list's rows, lost from the store,
are read again from the OCR words kept for its pages."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

from fakes import FakePipeline  # noqa: E402
from sqlalchemy import delete  # noqa: E402
from test_table_data import BOOKS, _book_list, grid_processor  # noqa: E402

from archive import service  # noqa: E402
from archive.db import TableRowRow, session_scope  # noqa: E402
from archive.settings import load_settings  # noqa: E402
from web.cli import main  # noqa: E402


def test_tables_rebuild_reads_the_rows_again(tmp_path):
    home = tmp_path / "home"
    settings = load_settings(home=home, environ={"BURT_WORKERS": "1"})
    [out] = service.ingest_paths(settings, [_book_list(tmp_path, "a.json", BOOKS)],
                                 processor=FakePipeline(grid_processor))
    assert len(service.document_tables(settings, out.id).rows) == len(BOOKS)
    with session_scope(settings) as s:
        s.execute(delete(TableRowRow))
    assert service.document_tables(settings, out.id).rows == ()
    runner = CliRunner()
    rebuilt = runner.invoke(main, ["--home", str(home), "tables", "rebuild", "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(rebuilt.stdout) == {"rows": len(BOOKS)}
    tables = service.document_tables(settings, out.id)
    assert [r.cells["judul"] for r in tables.rows] == [b[1] for b in BOOKS]
    plain = runner.invoke(main, ["--home", str(home), "tables", "rebuild"])
    assert plain.exit_code == 0 and plain.stdout.strip() == f"{len(BOOKS)} baris tabel terbaca."
