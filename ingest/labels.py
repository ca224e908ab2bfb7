"""The labels of an Indonesian letter's number block, as the extractor and the page reading know them.

A leaf module: ``ingest.metadata`` reads fields by them, ``ingest.reading`` tells a block of label rows
("Nomor : …", "Lamp. 1 berkas") from a table by them, and the reading stage runs before extraction.
"""
from __future__ import annotations

# field -> the label words that name it (folded; "no" and "lamp" as offices abbreviate them)
LABELS: dict[str, tuple[str, ...]] = {"nomor": ("nomor", "no"), "sifat": ("sifat",), "lampiran": ("lampiran", "lamp"),
                                      "perihal": ("perihal", "hal")}

__all__ = ["LABELS"]
