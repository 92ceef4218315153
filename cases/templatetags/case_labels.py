"""The labels of the cases' choices as their pages write them, translated and escaped once per
language and process: a model's get_FOO_display() hashes each lazy label of its field's choices
on every call (about 50 µs each)."""

from django.db.models import Choices

from cases.models import (
    CaseDocumentKind,
    CaseType,
    Institution,
    LegalStepKind,
    PartyRole,
    Source,
    State,
    Verdict,
)
from placements.models import Agency
from pmi_portal.web.rows import labels_of, per_language

_CHOICES: tuple[type[Choices], ...] = (
    CaseType, Source, State, PartyRole, Agency.Status, CaseDocumentKind, Institution,
    LegalStepKind, Verdict,
)  # fmt: skip


@per_language
def choice_labels() -> dict[type[Choices], dict[str, str]]:
    """{choices class: {value: its label, escaped}} in the current language; given to
    pmi_portal.web.rows.label with a value."""
    return {choices: labels_of(choices.choices) for choices in _CHOICES}
