"""The SOP BuRT as data: load ``sop_burt.toml`` into frozen dataclasses and validate it.

Classification, the archive audit and the UI all read the one ``Sop`` object returned by
``load_sop``; changing the procedure means editing the toml file (and its tests), not code.
Validation names the bad entry so whoever edits the file knows what to fix.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ingest.errors import BurtError

DEFAULT_SIGNOFF_ROLES = ("sekretaris", "kepala_dinas")
KNOWN_ROLES = ("pelaksana", "sekretaris", "kepala_dinas")


class SopError(BurtError):
    """The SOP definition file is missing, unreadable or inconsistent."""

    code = "sop_invalid"
    http_status = 500
    default_message = "Definisi SOP tidak valid. / The SOP definition is invalid."


@dataclass(frozen=True)
class Step:
    """One step of the SOP (uraian kegiatan) with its quality standard (mutu baku)."""

    number: int
    name: str
    description: str
    evidence: tuple[str, ...]  # document type ids that prove the step (kelengkapan)
    time_minutes: int
    output: str
    signoff_roles: tuple[str, ...]


@dataclass(frozen=True)
class DocType:
    """A kind of document the archive recognises, and the step it is evidence for (None = no step)."""

    id: str
    label_id: str
    label_en: str
    step: int | None
    terms: tuple[str, ...] = ()
    strong_terms: tuple[str, ...] = ()
    kka: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sop:
    """The whole procedure: ordered steps and the document types."""

    name: str
    instansi: str
    steps: tuple[Step, ...]
    doc_types: tuple[DocType, ...]
    date_order_tolerance_days: int = 0
    default_signoff_roles: tuple[str, ...] = DEFAULT_SIGNOFF_ROLES
    follow_up_from_step: int = 0  # the first step that follows up a partnership (0: none)

    def step(self, number: int) -> Step:
        """The step numbered ``number`` (1-based); ``KeyError`` if there is none."""
        for s in self.steps:
            if s.number == number:
                return s
        raise KeyError(f"no SOP step {number}")

    def doc_type(self, type_id: str) -> DocType:
        """The document type with id ``type_id``; ``KeyError`` if unknown."""
        for t in self.doc_types:
            if t.id == type_id:
                return t
        raise KeyError(f"unknown document type {type_id!r}")

    def types_for_step(self, number: int) -> tuple[DocType, ...]:
        """Document types that are evidence for step ``number``."""
        return tuple(t for t in self.doc_types if t.step == number)

    @property
    def type_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.doc_types)


def load_sop(path: str | Path | None = None) -> Sop:
    """Load and validate the SOP; ``path=None`` reads the definition shipped with the package."""
    if path is None:
        raw = resources.files("ingest").joinpath("sop_burt.toml").read_text(encoding="utf-8")
        where = "ingest/sop_burt.toml"
    else:
        where = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise SopError(f"Berkas SOP tidak dapat dibaca: {where}. / Cannot read the SOP file.",
                           detail=str(exc)) from exc
    return _parsed(raw, where)


@functools.lru_cache(maxsize=8)
def _parsed(raw: str, where: str) -> Sop:
    """The validated ``Sop`` of one file's text, parsed once per process and text: the archive asks
    for the SOP several times per ingested document (audit rules, the buku agenda, linking), and the
    ``Sop`` is immutable. Keyed by the text read, so an edited file is parsed again; a bad file raises
    every time (exceptions are not cached)."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise SopError(f"Berkas SOP bukan TOML yang valid ({where}): {exc}. / The SOP file is not valid TOML.",
                       detail=str(exc)) from exc
    return parse_sop(data, where)


def parse_sop(data: dict[str, Any], where: str = "sop") -> Sop:
    """Build a validated ``Sop`` from the parsed toml mapping."""
    default_roles = tuple(data.get("default_signoff_roles", DEFAULT_SIGNOFF_ROLES))
    _check_roles(default_roles, f"{where}: default_signoff_roles")
    steps = tuple(_parse_step(entry, i, default_roles, where) for i, entry in enumerate(data.get("steps", [])))
    types = tuple(_parse_type(entry, i, where) for i, entry in enumerate(data.get("doc_types", [])))
    tolerance = data.get("date_order_tolerance_days", 0)
    if not isinstance(tolerance, int) or tolerance < 0:
        _fail(f"{where}: date_order_tolerance_days must be a whole number ≥ 0, got {tolerance!r}")
    follow_up = data.get("follow_up_from_step", 0)
    sop = Sop(name=str(data.get("name", "SOP")), instansi=str(data.get("instansi", "")), steps=steps,
              doc_types=types, date_order_tolerance_days=tolerance, default_signoff_roles=default_roles,
              follow_up_from_step=follow_up)
    _validate(sop, where)
    if not isinstance(follow_up, int) or isinstance(follow_up, bool) or not 0 <= follow_up <= len(steps):
        _fail(f"{where}: follow_up_from_step must be 0 or a step number (1..{len(steps)}), got {follow_up!r}")
    return sop


def _fail(what: str) -> None:
    raise SopError(f"Definisi SOP tidak valid: {what}. / Invalid SOP definition: {what}.")


def _require(entry: dict[str, Any], key: str, kind: type, label: str) -> Any:
    if key not in entry:
        _fail(f"{label} has no '{key}'")
    value = entry[key]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        _fail(f"{label}: '{key}' must be {kind.__name__}, got {value!r}")
    return value


def _check_roles(roles: tuple[str, ...], label: str) -> None:
    for role in roles:
        if role not in KNOWN_ROLES:
            _fail(f"{label}: unknown sign-off role {role!r} (known: {', '.join(KNOWN_ROLES)})")


def _parse_step(entry: dict[str, Any], index: int, default_roles: tuple[str, ...], where: str) -> Step:
    label = f"{where}: steps[{index}]"
    number = _require(entry, "number", int, label)
    label = f"{where}: step {number}"
    roles = tuple(entry.get("signoff_roles", default_roles))
    _check_roles(roles, label)
    return Step(number=number, name=_require(entry, "name", str, label),
                description=str(entry.get("description", "")),
                evidence=tuple(_require(entry, "evidence", list, label)),
                time_minutes=_require(entry, "time_minutes", int, label),
                output=str(entry.get("output", "")), signoff_roles=roles)


def _parse_type(entry: dict[str, Any], index: int, where: str) -> DocType:
    label = f"{where}: doc_types[{index}]"
    type_id = _require(entry, "id", str, label)
    label = f"{where}: document type {type_id!r}"
    step = _require(entry, "step", int, label)
    terms = tuple(t.lower() for t in entry.get("terms", []))
    strong = tuple(t.lower() for t in entry.get("strong_terms", []))
    return DocType(id=type_id, label_id=_require(entry, "label_id", str, label),
                   label_en=str(entry.get("label_en", "")), step=step or None, terms=terms,
                   strong_terms=strong, kka=tuple(entry.get("kka", [])))


def _validate(sop: Sop, where: str) -> None:
    """Unique ids, steps numbered 1..n in order, every referenced type defined, type steps exist."""
    if not sop.steps:
        _fail(f"{where}: no steps defined")
    numbers = [s.number for s in sop.steps]
    for n in numbers:
        if numbers.count(n) > 1:
            _fail(f"{where}: step {n} is defined twice")
    if numbers != list(range(1, len(numbers) + 1)):
        _fail(f"{where}: steps must be numbered 1..{len(numbers)} in order, got {numbers}")
    ids = [t.id for t in sop.doc_types]
    for type_id in ids:
        if ids.count(type_id) > 1:
            _fail(f"{where}: document type {type_id!r} is defined twice")
    for t in sop.doc_types:
        if t.step is not None and t.step not in numbers:
            _fail(f"{where}: document type {t.id!r} refers to step {t.step}, which does not exist")
    for s in sop.steps:
        for type_id in s.evidence:
            if type_id not in ids:
                _fail(f"{where}: step {s.number} requires evidence type {type_id!r}, which is not defined")
            if sop.doc_type(type_id).step != s.number:
                _fail(f"{where}: step {s.number} lists {type_id!r} as evidence but that type belongs to "
                      f"step {sop.doc_type(type_id).step}")
