"""A case's timeline as the case page lists it, written in one pass: the template's loop, its
branch per kind and its date filter cost about 80 µs an entry, most of the page's own time; and
f-strings with escaped parts, not format_html, whose lazy-aware escaping cost 500 calls a page.
tests/cases/test_case_page.py proves the markup the same as format_html wrote it."""

import re

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.models import CaseDocumentKind, Institution, LegalStepKind, State, Verdict
from cases.templatetags.case_labels import choice_labels
from pmi_portal.web.rows import (
    ShortDays,
    label,
    link_for_pk,
    per_language,
    text,
    when,
)

register = template.Library()

_NEWLINES = re.compile(r"\r\n|\r")


@register.simple_tag(takes_context=True)
def timeline_entries(context, timeline, answer_form=None) -> SafeString:
    """The `<li>` of each entry; a referral without its answer gets `answer_form` (HTML)."""
    words = _words()
    page = _Page(words, CsrfTokenNode().render(context), answer_form)
    # The month names escaped: the rest of a time is digits, spaces and a colon.
    months = page.days.months
    zone = timezone.get_current_timezone()
    # Every part is escaped by _Page or is HTML the page made (the form, the csrf input).
    return mark_safe(
        "".join(
            '\n        <li class="border-start ps-2 mb-2"><span class="small text-muted">'
            f"{when(entry.at, months, zone)}</span>\n        {page.entry(entry)}</li>\n      "
            for entry in timeline
        )
    )


def lines(value: str) -> str:
    """`value` as the linebreaksbr filter writes plain text: escaped, each newline a <br>."""
    return text(_NEWLINES.sub("\n", value)).replace("\n", "<br>")


@per_language
def _words() -> dict:
    """The timeline's fixed words, the labels of the cases' choices and the days (their month
    names), escaped."""
    words = {
        word: text(_(word))
        for word in (
            "opened", "moved to", "transferred", "from the reporter", "file", "referred to",
            "Answer", "Record the answer", "Save",
        )
    }  # fmt: skip
    words.update(choice_labels())
    words["days"] = ShortDays()
    return words


class _Page:
    """What every entry of one page shares: its words, links, days and forms."""

    def __init__(self, words: dict, csrf_input: str, answer_form):
        self.words = words
        self.csrf_input = conditional_escape(csrf_input)
        self.answer_form = conditional_escape(answer_form) if answer_form else None
        self.document_link = link_for_pk("cases:document_download")
        self.answer_link = link_for_pk("cases:referral_answer")
        self.days = words["days"]
        self.names: dict[str, str] = {}  # each author's name, escaped

    def who(self, entry) -> str:
        name = entry.who
        written = self.names.get(name)
        if written is None:
            written = self.names[name] = text(name)
        return written

    def day(self, day) -> str:
        return self.days(day) if day else ""

    def entry(self, entry) -> str:
        item = entry.values
        kind = entry.kind
        words = self.words
        if kind == "state":
            if item["kind"] == "opened":
                what = words["opened"]
            else:
                what = (
                    f"{words['moved to']} <strong>{label(words[State], item['to_state'])}</strong>"
                )
            reason = f": {text(item['reason'])}" if item["reason"] else ""
            office = f" ({text(entry.office)})" if item["actor_id"] is not None else ""
            return f"· {what}{reason} · {self.who(entry)}{office}\n"
        if kind == "assign":
            # As blocktranslate: the translation as written, the name in it escaped.
            assigned = _("assigned to %(who)s") % {"who": text(item["reason"])}
            return f"· {assigned} · {self.who(entry)}\n"
        if kind == "transfer":
            return f"· {words['transferred']}: {text(item['reason'])} · {self.who(entry)}\n"
        if kind == "note":
            return f"· {self.who(entry)}:<br>{lines(item['text'])}\n"
        if kind == "reporter_note":
            return (
                f'· <span class="badge text-bg-info">{words["from the reporter"]}</span><br>'
                f"{lines(item['text'])}\n"
            )
        if kind == "document":
            return (
                f'· {words["file"]}: <a href="{self.document_link(item["id"])}">'
                f"{label(words[CaseDocumentKind], item['kind'])} {text(item['original_name'])}</a>"
                f" · {self.who(entry)}\n"
            )
        if kind == "referral":
            return (
                f"· {words['referred to']} {label(words[Institution], item['institution'])}: "
                f"{text(item['institution_name'])} {text(item['reference_number'])} "
                f"({self.day(item['sent_on'])}) · {self.who(entry)}\n{self.answer(item)}\n"
            )
        if kind == "legal_step":
            verdict = f": {label(words[Verdict], item['verdict'])}" if item["verdict"] else ""
            return (
                f"· {label(words[LegalStepKind], item['kind'])}{verdict} "
                f"({self.day(item['happened_on'])}) {text(item['reference'])} "
                f"{text(item['detail'])} · {self.who(entry)}\n"
            )
        return ""

    def answer(self, referral: dict) -> str:
        words = self.words
        if referral["answered_on"]:
            return (
                f"<br>{words['Answer']} ({self.day(referral['answered_on'])}): "
                f"{lines(referral['answer'])}"
            )
        if self.answer_form:
            return (
                f'<details><summary class="small">{words["Record the answer"]}</summary>'
                f'<form method="post" action="{self.answer_link(referral["id"])}">'
                f"{self.csrf_input}{self.answer_form}"
                '<button class="btn btn-sm btn-outline-primary" type="submit">'
                f"{words['Save']}</button></form></details>"
            )
        return ""
