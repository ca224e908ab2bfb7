"""The audit page's filters as one value: parsed from the page's query (or the CLI's options),
applied to an ``AuditReport`` and described in words for a printed report.

The page (``/audit``), its export links (``/audit/unduh/<fmt>``) and ``burt audit --export`` all
use this, so a file holds exactly the activities the screen showed.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

from archive.audit import AuditReport

# The "Hasil" filter: activities with findings or without.
VERDICTS = {"temuan": "ada temuan", "bersih": "tanpa temuan"}
# The query parameters, in the page's order (``kegiatan`` is the one-activity export).
PARAMS = ("mitra", "tahun", "kecamatan", "status", "aturan", "kegiatan")


@dataclass(frozen=True)
class AuditFilters:
    mitra: str = ""  # part of the partner's name, any case
    tahun: str = ""  # the period's year
    kecamatan: str = ""  # exact
    status: str = ""  # "temuan", "bersih" or ""
    aturan: str = ""  # a rule id (``missing_evidence`` ...): activities with such a finding
    kegiatan: int | None = None  # one activity

    @classmethod
    def from_mapping(cls, args: Mapping[str, str | None]) -> "AuditFilters":
        """From a query string (unknown or malformed values are ignored, as the page does)."""
        def text(name: str, limit: int = 200) -> str:
            return (args.get(name) or "").strip()[:limit]

        raw_id = text("kegiatan", 9)
        status = text("status")
        return cls(mitra=text("mitra"), tahun=text("tahun", 4) if text("tahun", 4).isdigit() else "",
                   kecamatan=text("kecamatan"), status=status if status in VERDICTS else "",
                   aturan=text("aturan", 60), kegiatan=int(raw_id) if raw_id.isdigit() else None)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) not in ("", None) for name in PARAMS)

    def query(self) -> dict[str, str]:
        """The filters as query parameters (only the ones set), for the export links."""
        out = {name: str(getattr(self, name)) for name in PARAMS if getattr(self, name) not in ("", None)}
        return out

    def keeps(self, act) -> bool:
        """Whether the activity ``act`` (an ``ActivityAudit``) passes every filter."""
        if self.kegiatan is not None and act.id != self.kegiatan:
            return False
        if self.mitra and self.mitra.lower() not in act.partner.lower():
            return False
        if self.tahun and not act.period.startswith(self.tahun):
            return False
        if self.kecamatan and (act.kecamatan or "") != self.kecamatan:
            return False
        if self.status == "temuan" and not act.findings or self.status == "bersih" and act.findings:
            return False
        return not self.aturan or any(f.rule == self.aturan for f in act.findings)

    def apply(self, report: AuditReport) -> AuditReport:
        """The report narrowed to the activities kept; the unlinked-evidence list stays only
        when no filter is set (it belongs to no activity)."""
        if not self.active:
            return report
        return dataclasses.replace(report, activities=tuple(a for a in report.activities if self.keeps(a)),
                                   unlinked=())

    def describe(self, rule_labels: Mapping[str, str]) -> list[str]:
        """The filters in Indonesian words ("Mitra memuat: lok batu"), for the printed header."""
        out = []
        if self.kegiatan is not None:
            out.append(f"Kegiatan: #{self.kegiatan}")
        if self.mitra:
            out.append(f"Mitra memuat: {self.mitra}")
        if self.tahun:
            out.append(f"Tahun: {self.tahun}")
        if self.kecamatan:
            out.append(f"Kecamatan: {self.kecamatan}")
        if self.status:
            out.append(f"Hasil: {VERDICTS[self.status]}")
        if self.aturan:
            out.append(f"Aturan: {rule_labels.get(self.aturan, self.aturan)}")
        return out
