"""The archive's face is written down once: ``service.__all__`` is exactly the function table of
``docs/architecture.md``, every name in it is a function written in ``archive/service.py``, and
nothing else public is defined there."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

from archive import service

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def documented_functions(text: str) -> set[str]:
    """Names in the first column of the table headed ``| function | returns |``."""
    lines = text.splitlines()
    start = lines.index("| function | returns |") + 2
    names: set[str] = set()
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        first = line.split("|")[1]
        names |= set(re.findall(r"`?\b([a-z_]+)(?:\(|`)", first))
    return names


def test_all_matches_the_documented_table():
    assert sorted(service.__all__) == sorted(documented_functions(DOC.read_text(encoding="utf-8")))


def test_every_listed_name_is_a_function_written_in_service():
    for name in service.__all__:
        value = inspect.unwrap(getattr(service, name))
        assert inspect.isfunction(value) and value.__module__ == "archive.service", name


def test_no_other_public_function_is_defined_in_service():
    own = {n for n, v in vars(service).items()
           if inspect.isfunction(inspect.unwrap(v)) and v.__module__ == "archive.service" and not n.startswith("_")}
    assert own == set(service.__all__)


def test_the_table_reader_finds_names_with_and_without_arguments():
    table = "| function | returns |\n|---|---|\n| `a_b(settings)` / `c` | x |\n| `d(e, f)` | y |\n\nafter"
    assert documented_functions(table) == {"a_b", "c", "d"}
