"""The case page's timeline written in one pass is byte for byte what the format_html version
it replaced wrote (kept below as the reference): every kind of entry, hostile text, id/en."""

import datetime

import pytest
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases import selectors
from cases.models import CaseNote, CaseStateChange, LegalStep
from cases.templatetags.case_timeline import timeline_entries
from pmi_portal.web.rows import month_names, when
from tests.cases.factories import CaseDocumentFactory, CaseFactory, ReferralFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'kutip'\r\nbaris\rdua"


def _reference(timeline, answer_form, csrf_input):
    months = month_names()
    return mark_safe(
        "".join(
            format_html(
                '\n        <li class="border-start ps-2 mb-2"><span class="small text-muted">{}'
                "</span>\n        {}</li>\n      ",
                when(entry.at, months),
                _reference_entry(entry, answer_form, csrf_input),
            )
            for entry in timeline
        )
    )


# The field of each kind's record that holds its author.
AUTHOR = {
    "state": "actor", "assign": "actor", "transfer": "actor", "note": "author",
    "reporter_note": "author", "document": "uploaded_by", "referral": "created_by",
    "legal_step": "recorded_by",
}  # fmt: skip


def _who(entry) -> str:
    """Who made the entry, from its record's author as the ORM loads it."""
    user = getattr(entry.record, AUTHOR[entry.kind])
    return _("the public") if user is None else user.get_full_name() or user.username


def _reference_entry(entry, answer_form, csrf_input):
    item = entry.record
    kind = entry.kind
    day = lambda value: date_format(value, "j M Y") if value else ""  # noqa: E731
    if kind == "state":
        if item.kind == "opened":
            what = _("opened")
        else:
            what = format_html("{} <strong>{}</strong>", _("moved to"), item.to_state_label)
        return format_html(
            "· {}{} · {}{}\n",
            what,
            format_html(": {}", item.reason) if item.reason else "",
            _who(entry),
            format_html(" ({})", item.office) if item.actor else "",
        )
    if kind == "assign":
        assigned = _("assigned to %(who)s") % {"who": conditional_escape(item.reason)}
        return format_html("· {} · {}\n", mark_safe(assigned), _who(entry))
    if kind == "transfer":
        return format_html("· {}: {} · {}\n", _("transferred"), item.reason, _who(entry))
    if kind == "note":
        return format_html("· {}:<br>{}\n", _who(entry), linebreaksbr(item.text, autoescape=True))
    if kind == "reporter_note":
        return format_html(
            '· <span class="badge text-bg-info">{}</span><br>{}\n',
            _("from the reporter"),
            linebreaksbr(item.text, autoescape=True),
        )
    if kind == "document":
        return format_html(
            '· {}: <a href="{}">{} {}</a> · {}\n',
            _("file"),
            reverse("cases:document_download", args=[item.pk]),
            item.kind_label,
            item.original_name,
            _who(entry),
        )
    if kind == "referral":
        if item.answered_on:
            answer = format_html(
                "<br>{} ({}): {}",
                _("Answer"),
                day(item.answered_on),
                linebreaksbr(item.answer, autoescape=True),
            )
        elif answer_form:
            answer = format_html(
                '<details><summary class="small">{}</summary><form method="post" action="{}">'
                '{}{}<button class="btn btn-sm btn-outline-primary" type="submit">{}</button>'
                "</form></details>",
                _("Record the answer"),
                reverse("cases:referral_answer", args=[item.pk]),
                csrf_input,
                answer_form,
                _("Save"),
            )
        else:
            answer = ""
        return format_html(
            "· {} {}: {} {} ({}) · {}\n{}\n",
            _("referred to"),
            item.get_institution_display(),
            item.institution_name,
            item.reference_number,
            day(item.sent_on),
            _who(entry),
            answer,
        )
    return format_html(
        "· {}{} ({}) {} {} · {}\n",
        item.get_kind_display(),
        format_html(": {}", item.get_verdict_display()) if item.verdict else "",
        day(item.happened_on),
        item.reference,
        item.detail,
        _who(entry),
    )


@pytest.fixture
def hostile_case(handler):
    """A case with an entry of every kind and branch, each text hostile."""
    case = CaseFactory()
    named = UserFactory(username="rekan<b>", first_name="Rina <i>", last_name="& Wati")
    unnamed = UserFactory(username="tanpa.nama&<x>", first_name="", last_name="")
    at = timezone.now() - datetime.timedelta(days=40)

    def later(hours):
        return at + datetime.timedelta(hours=hours)

    moves = [
        ("opened", "reported", "", None),
        ("move", "verified", HOSTILE, named),
        ("move", "no_such_state<x>", "", unnamed),
        ("assign", "verified", HOSTILE, handler),
        ("transfer", "verified", HOSTILE, None),
    ]
    for number, (kind, to_state, reason, actor) in enumerate(moves):
        CaseStateChange.objects.create(
            case=case, from_state="reported", to_state=to_state, kind=kind, reason=reason,
            actor=actor, office=case.office, changed_at=later(number),
        )  # fmt: skip
    CaseNote.objects.create(case=case, text=HOSTILE, author=named, created_at=later(10))
    CaseNote.objects.create(case=case, text=HOSTILE, from_reporter=True, created_at=later(11))
    CaseDocumentFactory(
        case=case, uploaded_by=unnamed, original_name=HOSTILE, uploaded_at=later(12)
    )
    CaseDocumentFactory(case=case, kind="odd<kind>", uploaded_by=None, uploaded_at=later(13))
    ReferralFactory(
        case=case, institution_name=HOSTILE, reference_number="<no>", created_by=named,
        sent_on=datetime.date(2026, 5, 9), created_at=later(14),
    )  # fmt: skip
    ReferralFactory(
        case=case, institution="consulate", answer=HOSTILE, sent_on=datetime.date(2026, 8, 1),
        answered_on=datetime.date(2026, 8, 17), created_by=None, created_at=later(15),
    )  # fmt: skip
    LegalStep.objects.create(
        case=case, kind="police_report", happened_on=datetime.date(2026, 1, 31),
        reference=HOSTILE, detail="<detail>", recorded_by=handler, recorded_at=later(16),
    )  # fmt: skip
    LegalStep.objects.create(
        case=case, kind="verdict", verdict="convicted", happened_on=datetime.date(2026, 12, 1),
        recorded_by=None, recorded_at=later(17),
    )  # fmt: skip
    return case


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "answer_form", [None, mark_safe('<input name="answer">'), "<p>plain & escaped</p>"]
)
def test_the_timeline_is_written_as_format_html_wrote_it(hostile_case, language, answer_form):
    entries = selectors.timeline(hostile_case)
    csrf = {"csrf_token": "tok<en>"}
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', "tok<en>"
    )

    with translation.override(language):
        written = timeline_entries(csrf, entries, answer_form)
        expected = _reference(entries, answer_form, csrf_input)

    assert {entry.kind for entry in entries} == {
        "state", "assign", "transfer", "note", "reporter_note", "document", "referral",
        "legal_step",
    }  # fmt: skip
    assert written == expected
    assert "<script>" not in written


def test_the_timeline_speaks_each_readers_language_in_one_process(hostile_case):
    entries = selectors.timeline(hostile_case)

    with translation.override("en"):
        english = timeline_entries({}, entries)
    with translation.override("id"):
        indonesian = timeline_entries({}, entries)

    assert "moved to" in english and "moved to" not in indonesian
    assert "convicted" in english and "convicted" not in indonesian
