"""Sentences the archive says (audit findings, review and link reasons) as data: an Indonesian
template (the msgid the web's English catalogue translates) and its parameters, so each language
renders them itself.  ``say`` gives the Indonesian text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol


class Labels(Protocol):
    """What ``say`` needs of the SOP (``archive.audit.AuditRules`` is one): type labels, steps."""

    def label(self, doc_type: str | None) -> str: ...

    def step(self, number: int) -> Any: ...


@dataclass(frozen=True)
class Term:
    """A parameter each language renders itself: a document type (``kind`` "type", or "type_lc"
    inside a sentence), an SOP step's name ("step", value = step number), or sentences
    ("wordings", a tuple of ``Wording`` joined by "; ")."""

    kind: str
    value: Any


@dataclass(frozen=True)
class Wording:
    """A sentence as its Indonesian template (named ``%(name)s`` placeholders; the msgid the
    web's catalogue translates) and its parameters: plain values (data: names, numbers, dates,
    shown as they are) or ``Term``s. The Indonesian text is ``say(wording, rules)``."""

    template: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, template: str, **params: Any) -> "Wording":
        return cls(template, tuple(params.items()))

    def render(self, term: Callable[[Term], str]) -> str:
        """The sentence with each ``Term`` written by ``term`` (plain values as they are)."""
        return self.template % {k: term(v) if isinstance(v, Term) else v for k, v in self.params}


def say(wording: Wording, rules: Labels) -> str:
    """The Indonesian text of ``wording``: type labels and step names from the SOP."""
    def term(t: Term) -> str:
        if t.kind == "type":
            return rules.label(t.value)
        if t.kind == "type_lc":
            return rules.label(t.value).lower()
        if t.kind == "step":
            step = rules.step(int(t.value))
            return step.name if step else str(t.value)
        if t.kind == "wordings":
            return "; ".join(say(w, rules) for w in t.value)
        return str(t.value)

    return wording.render(term)
