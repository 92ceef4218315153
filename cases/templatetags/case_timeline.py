"""A case's timeline as the case page lists it, written in one pass: the template's loop, its
branch per kind and its date filter cost about 80 µs an entry, most of the page's own time."""

import datetime

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pmi_portal.web.rows import month_names, when

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_entries(context, timeline, answer_form=None) -> SafeString:
    """The `<li>` of each entry; a referral without its answer gets `answer_form` (HTML)."""
    months = month_names()
    csrf_input = CsrfTokenNode().render(context)
    return mark_safe(  # every part is built by format_html
        "".join(
            format_html(
                '\n        <li class="border-start ps-2 mb-2"><span class="small text-muted">{}'
                "</span>\n        {}</li>\n      ",
                when(entry.at, months),
                _entry(entry, answer_form, csrf_input),
            )
            for entry in timeline
        )
    )


def _entry(entry, answer_form, csrf_input) -> SafeString:
    item = entry.record
    kind = entry.kind
    if kind == "state":
        if item.kind == "opened":
            what = _("opened")
        else:
            what = format_html("{} <strong>{}</strong>", _("moved to"), item.to_state_label)
        return format_html(
            "· {}{} · {}{}\n",
            what,
            format_html(": {}", item.reason) if item.reason else "",
            entry.who,
            format_html(" ({})", item.office) if item.actor else "",
        )
    if kind == "assign":
        # As blocktranslate: the translation as written, the name in it escaped.
        assigned = _("assigned to %(who)s") % {"who": conditional_escape(item.reason)}
        return format_html("· {} · {}\n", mark_safe(assigned), entry.who)
    if kind == "transfer":
        return format_html("· {}: {} · {}\n", _("transferred"), item.reason, entry.who)
    if kind == "note":
        return format_html("· {}:<br>{}\n", entry.who, linebreaksbr(item.text, autoescape=True))
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
            entry.who,
        )
    if kind == "referral":
        return format_html(
            "· {} {}: {} {} ({}) · {}\n{}\n",
            _("referred to"),
            item.get_institution_display(),
            item.institution_name,
            item.reference_number,
            _day(item.sent_on),
            entry.who,
            _answer(item, answer_form, csrf_input),
        )
    if kind == "legal_step":
        return format_html(
            "· {}{} ({}) {} {} · {}\n",
            item.get_kind_display(),
            format_html(": {}", item.get_verdict_display()) if item.verdict else "",
            _day(item.happened_on),
            item.reference,
            item.detail,
            entry.who,
        )
    return mark_safe("")


def _answer(referral, answer_form, csrf_input) -> SafeString:
    if referral.answered_on:
        return format_html(
            "<br>{} ({}): {}",
            _("Answer"),
            _day(referral.answered_on),
            linebreaksbr(referral.answer, autoescape=True),
        )
    if answer_form:
        return format_html(
            '<details><summary class="small">{}</summary><form method="post" action="{}">{}{}'
            '<button class="btn btn-sm btn-outline-primary" type="submit">{}</button></form>'
            "</details>",
            _("Record the answer"),
            reverse("cases:referral_answer", args=[referral.pk]),
            csrf_input,
            answer_form,
            _("Save"),
        )
    return mark_safe("")


def _day(day: datetime.date | None) -> str:
    return date_format(day, "j M Y") if day else ""
