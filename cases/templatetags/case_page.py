"""A case page's heading, its people and agencies and its column of acts written in one pass:
the template's tags for them (loops, an include for each recruiter or agency found in other
cases, a url and csrf_token tag for each form) cost about 0.7 ms a page.
tests/cases/test_case_page.py proves the markup the same as the templates wrote it."""

from typing import NamedTuple

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from cases.models import CaseType, PartyRole, Source, State
from cases.templatetags.case_labels import choice_labels
from cases.templatetags.case_timeline import lines, timeline_entries
from placements.models import Agency
from pmi_portal.web.rows import label, link_for_pk, month_names, per_language, text, when

register = template.Library()


def _repeat(repeat, detail) -> str:
    """The note of the other cases that name the same recruiter or agency (a Recurrence)."""
    if repeat is None:
        return ""
    count = ngettext(
        "also in %(count)s other case", "also in %(count)s other cases", repeat.count
    ) % {"count": repeat.count}
    cases = ", ".join(
        f'<a href="{detail(pk)}">{text(reference)}</a>' for pk, reference in repeat.cases
    )
    more = ""
    if repeat.more:
        more = " " + ngettext("and %(more)s more", "and %(more)s more", repeat.more) % {
            "more": repeat.more
        }
    return (
        f'<br><span class="badge text-bg-warning" data-testid="repeat">{count}</span>\n'
        f'<span class="small">{cases}{more}</span>\n'
    )


@register.simple_tag
def case_parties(parties, agencies) -> SafeString:
    """The `<li>` of each (party, Recurrence or None) of `parties`, then of each (agency of the
    case, Recurrence or None) of `agencies`."""
    detail = link_for_pk("cases:detail")
    labels = choice_labels()
    roles, statuses = labels[PartyRole], labels[Agency.Status]
    people = "".join(
        f"<li>{label(roles, party.role)}: {text(party.person.full_name)}"
        f"{f' ({text(party.note)})' if party.note else ''}{_repeat(repeat, detail)}</li>"
        for party, repeat in parties
    )
    agency = text(_("Agency"))
    involved_agencies = "".join(
        f"<li>{agency}: {text(involved.agency)} ({label(statuses, involved.agency.status)})"
        f"{_repeat(repeat, detail)}</li>"
        for involved, repeat in agencies
    )
    # Every value and label is escaped above; the translations hold no markup.
    return mark_safe(f"{people}\n      {involved_agencies}")


@register.simple_tag
def case_facts(case, public_report) -> SafeString:
    """What happened (a <p>) and the case's facts (a <dl>): its regency, country abroad,
    handler, and when it has them its arrival, the case it duplicates, its outcome and its
    reporter (`public_report`)."""
    rows = [
        _fact(_("Regency or city"), text(case.regency) if case.regency else "—"),
        _fact(_("Country abroad"), text(case.country) if case.country else "—"),
    ]
    handler = case.assigned_to
    if handler:
        rows.append(_fact(_("Handler"), text(handler.get_full_name() or handler.username)))
    else:
        rows.append(_fact(_("Handler"), text(_("not assigned"))))
    arrival = case.arrival
    rows.append(
        _fact(_("Arrival"), f'<a href="{_link("returns:arrival", arrival.pk)}">{text(arrival)}</a>')
        if arrival
        else ""
    )
    duplicate_of = case.merged_into
    rows.append(
        _fact(
            _("Duplicate of"),
            f'<a href="{_link("cases:detail", duplicate_of.pk)}">{text(duplicate_of)}</a>',
        )
        if duplicate_of
        else ""
    )
    rows.append(_fact(_("Outcome"), lines(case.outcome)) if case.outcome else "")
    if public_report:
        reporter = text(_("anonymous")) if public_report.anonymous else text(public_report.contact)
        rows.append(_fact(_("Reporter"), reporter))
    else:
        rows.append("")
    facts = "\n        ".join(rows)
    # Every value and label is escaped; the links are URLs the page made.
    return mark_safe(
        f'<p data-testid="case-description">{lines(case.description)}</p>\n'
        f'      <dl class="row mb-0 small">\n        {facts}\n      </dl>'
    )


def _fact(term: str, value: str) -> str:
    return f'<dt class="col-sm-4">{text(term)}</dt><dd class="col-sm-8">{value}</dd>'


def _link(viewname: str, pk) -> str:
    return text(reverse(viewname, args=[pk]))


@register.simple_tag
def case_heading(case) -> SafeString:
    """The case's reference, state and overdue badge (an <h1>), its type, source, office and
    due time (a <p>)."""
    open_case = not case.is_finished
    labels = choice_labels()
    overdue = ""
    if case.is_overdue and open_case:
        overdue = f' <span class="badge text-bg-danger">{text(_("overdue"))}</span>'
    due = ""
    if case.due_at and open_case:
        due = " · " + _("due %(date)s") % {"date": text(when(case.due_at, month_names()))}
    # Every value and label is escaped; the translations hold no markup.
    return mark_safe(
        f'<h1 class="h3 mb-0" data-testid="case-reference">{text(case.reference)} '
        f'<span class="badge text-bg-secondary">{label(labels[State], case.state)}</span>'
        f"{overdue}</h1>\n"
        f'<p class="text-muted">{label(labels[CaseType], case.case_type)} · '
        f"{label(labels[Source], case.source)} · {text(case.office)}{due}</p>"
    )


class _Act(NamedTuple):
    """The section of an act's form: the form's name in the context, the view it posts to,
    the button's class and label, the section's title (in a <details> but for the move), whether
    crispy writes the form (a bound form) and whether it sends files. Translated when written."""

    form: str
    viewname: str
    button: str
    label: str
    title: str | None = None
    crispy: bool = False
    files: bool = False


_PRIMARY, _OUTLINE = "btn btn-primary", "btn btn-outline-primary"
_ACTS = (
    _Act("transition_form", "cases:transition", _PRIMARY, gettext_noop("Move"),
         gettext_noop("Move the case")),
    _Act("assign_form", "cases:assign", _OUTLINE, gettext_noop("Assign"), crispy=True),
    _Act("note_form", "cases:note", _OUTLINE, gettext_noop("Add the note")),
    _Act("referral_form", "cases:referral", _OUTLINE, gettext_noop("Record the referral"),
         gettext_noop("Refer to an institution")),
    _Act("legal_form", "cases:legal_step", _OUTLINE, gettext_noop("Record the step"),
         gettext_noop("Law enforcement")),
    _Act("document_form", "cases:document", _OUTLINE, gettext_noop("Upload"),
         gettext_noop("Add evidence"), files=True),
    _Act("transfer_form", "cases:transfer", "btn btn-outline-danger", gettext_noop("Transfer"),
         gettext_noop("Transfer to another office"), crispy=True),
)  # fmt: skip
_CARD = '<section class="card mb-3"><div class="card-body">'


def _section(act: _Act, form: str) -> str:
    if act.title is None:
        return f"{_CARD}\n      {form}\n    </div></section>"
    if act.form == "transition_form":
        return (
            '<section class="card mb-3" aria-labelledby="move-heading"><div class="card-body">\n'
            f'      <h2 class="h5" id="move-heading">{text(_(act.title))}</h2>\n'
            f"      {form}\n    </div></section>"
        )
    return (
        f'{_CARD}<details><summary class="h6">{text(_(act.title))}</summary>\n'
        f"      {form}\n    </details></div></section>"
    )


@register.simple_tag(takes_context=True)
def case_acts(context, case) -> SafeString:
    """The sections of the forms of the acts the context holds (each None when the reader may
    not do it), each posting to its view for `case`."""
    csrf_input = None
    sections = []
    for act in _ACTS:
        form = context.get(act.form)
        if not form:
            sections.append("")
            continue
        if csrf_input is None:
            csrf_input = conditional_escape(CsrfTokenNode().render(context))
        written = conditional_escape(as_crispy_form(form) if act.crispy else form)
        enctype = ' enctype="multipart/form-data"' if act.files else ""
        sections.append(
            _section(
                act,
                f'<form method="post" action="{link_for_pk(act.viewname)(case.pk)}"{enctype}>'
                f'{csrf_input}{written}<button class="{act.button}" type="submit">'
                f"{text(_(act.label))}</button></form>",
            )
        )
    # Every value and label is escaped; the forms are HTML the page made.
    return mark_safe("\n    ".join(sections))


@per_language
def _section_words() -> dict[str, str]:
    """The headings and buttons of the page's sections, escaped."""
    return {
        word: text(_(word))
        for word in ("What happened", "People and agencies", "Add a person", "Add", "Timeline")
    }


@register.simple_tag(takes_context=True)
def case_page(context) -> SafeString:
    """The case page's content: its heading, what happened, its people and agencies (with the
    form that adds one), its timeline (the newest entries, with a link to the earlier ones) and
    the column of its acts. Its fixed words and sections' tags cost about 0.3 ms a page."""
    case = context["case"]
    words = _section_words()
    party_form = context.get("party_form")
    add_party = ""
    if party_form:
        add_party = (
            f"<details><summary>{words['Add a person']}</summary>\n      "
            f'<form method="post" action="{link_for_pk("cases:party")(case.pk)}" class="mt-2">'
            f"{conditional_escape(CsrfTokenNode().render(context))}{conditional_escape(party_form)}"
            '<button class="btn btn-sm btn-outline-primary" type="submit">'
            f"{words['Add']}</button></form></details>"
        )
    earlier = context.get("timeline_earlier")
    show_earlier = ""
    if earlier:
        # As blocktranslate: the translation as written, the number in it.
        show = ngettext(
            "Show the %(count)s earlier entry", "Show the %(count)s earlier entries", earlier
        ) % {"count": earlier}
        show_earlier = (
            '<p class="small"><a href="?timeline=all#timeline-heading" '
            f'data-testid="timeline-earlier">{show}</a></p>'
        )
    # Every value and word is escaped; the forms and sections are HTML the page made.
    return mark_safe(
        f"{case_heading(case)}\n"
        '<div class="row g-3">\n  <div class="col-lg-7">\n'
        '    <section class="card mb-3" aria-labelledby="facts-heading"><div class="card-body">\n'
        f'      <h2 class="h5" id="facts-heading">{words["What happened"]}</h2>\n'
        f"      {case_facts(case, context.get('public_report'))}\n"
        "    </div></section>\n"
        '    <section class="card mb-3" aria-labelledby="parties-heading"><div class="card-body">\n'
        f'      <h2 class="h5" id="parties-heading">{words["People and agencies"]}</h2>\n'
        '      <ul class="mb-2" data-testid="parties">'
        f"{case_parties(context['parties'], context['agencies'])}</ul>\n"
        f"      {add_party}\n"
        "    </div></section>\n"
        '    <section class="card mb-3" aria-labelledby="timeline-heading">'
        '<div class="card-body">\n'
        f'      <h2 class="h5" id="timeline-heading">{words["Timeline"]}</h2>\n'
        f"      {show_earlier}\n"
        '      <ol class="list-unstyled mb-0" data-testid="timeline">\n'
        f"      {timeline_entries(context, context['timeline'], context.get('answer_form'))}\n"
        "      </ol>\n"
        "    </div></section>\n"
        "  </div>\n"
        '  <div class="col-lg-5">\n'
        f"    {case_acts(context, case)}\n"
        "  </div>\n"
        "</div>"
    )
