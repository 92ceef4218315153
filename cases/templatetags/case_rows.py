"""The rows of the cases list written in one pass: the template's loop over fifty rows (a url
tag, the date and truncatechars filters, two translations and a dozen lookups a row) cost more
than the rest of the page. tests/cases/test_case_list_rows.py proves the markup the same as the
loop's, row by row."""

import functools

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy

from cases.models import FINISHED_STATES, CaseType, Source, State
from cases.templatetags.case_labels import choice_labels
from pmi_portal.web.rows import (
    ShortDays,
    Truncated,
    label,
    link_for_pk,
    per_language,
    text,
)

register = template.Library()


@per_language
def _labels() -> tuple[dict[str, str], dict[str, str], dict[str, str], ShortDays]:
    """The labels of the types, sources and states and the days' month names, escaped."""
    labels = choice_labels()
    return labels[CaseType], labels[Source], labels[State], ShortDays()


@register.filter
def case_rows(cases) -> str:
    """The <tr>s of `cases` (CaseRows from selectors.cases_on_page) as the list's loop wrote them;
    each label translated once per language and process, each day formatted once a page."""
    if not cases:
        return mark_safe(
            f'\n    <tr><td colspan="6" class="text-muted">{text(gettext("No case here."))}'
            "</td></tr>\n    "
        )
    types, sources, states, days = _labels()
    detail = link_for_pk("cases:detail")
    not_assigned = f'<span class="text-muted">{text(gettext("not assigned"))}</span>'
    overdue = f' <span class="badge text-bg-danger">{text(gettext("overdue"))}</span>'
    now = timezone.now()
    zone = timezone.get_current_timezone()
    described = Truncated(80)
    rows = []
    for case in cases:
        if case.regency_id is not None:
            place = (
                f'{text(case.office_name)}<br><span class="small">{text(case.regency_name)}</span>'
            )
        else:
            place = text(case.office_name)
        if case.assigned_to_id is not None:
            # As User.get_full_name() or the username.
            name = f"{case.assigned_to__first_name} {case.assigned_to__last_name}".strip()
            handler = text(name or case.assigned_to__username)
        else:
            handler = not_assigned
        if case.due_at and case.state not in FINISHED_STATES:
            moment = timezone.localtime(case.due_at, zone)
            due = f"{days(moment.date())} {moment:%H:%M}{overdue if case.due_at < now else ''}"
        else:
            due = "—"
        rows.append(
            f"\n    <tr>\n"
            f'      <td><a href="{detail(case.pk)}">{text(case.reference)}</a><br>'
            f'<span class="small text-muted">{text(described(case.description))}'
            "</span></td>\n"
            f"      <td>{label(types, case.case_type)}<br>"
            f'<span class="small">{label(sources, case.source)}</span></td>\n'
            f"      <td>{label(states, case.state)}</td>\n"
            f"      <td>{place}</td>\n"
            f"      <td>{handler}</td>\n"
            f"      <td>{due}</td>\n"
            "    </tr>\n    "
        )
    # Every value and label is escaped above.
    return mark_safe("".join(rows))


@register.simple_tag
def choice_options(choices, chosen: str) -> str:
    """The `<option>` of each (value, label) of `choices`, `chosen` selected, as the filter
    form's loop wrote them: the loop over the states and types cost 1 ms a page."""
    # Every value and label is escaped.
    return mark_safe(
        "".join(
            f'<option value="{text(value)}"{" selected" if value == chosen else ""}>'
            f"{text(label)}</option>"
            for value, label in choices
        )
    )


# Which cases the list shows, as its nav names them.
VIEW_LABELS = (
    ("mine", gettext_lazy("Mine")),
    ("office", gettext_lazy("Open in my area")),
    ("overdue", gettext_lazy("Overdue")),
    ("all", gettext_lazy("All")),
)


@register.simple_tag(takes_context=True)
def case_list_part(context, part: str, view: str, case_type: str, state: str) -> str:
    """The list's `part`: "top" (its heading, the button that opens a case, the views) or "form"
    (the type and state filter and the table's head). Rendered once per process, language, URL
    prefix and what it shows (the view, type and state chosen, known values; whether the reader
    opens cases): the template's tags cost about 0.5 ms a page."""
    may_add = part == "top" and context["request"].user.has_perm("cases.add_case")
    return _part(get_language(), get_script_prefix(), part, view, case_type, state, may_add)


@functools.lru_cache(maxsize=512)
def _part(language, prefix, part: str, view: str, case_type: str, state: str, may_add: bool):
    return render_to_string(
        f"cases/_case_list_{part}.html",
        {
            "view": view,
            "views": VIEW_LABELS,
            "case_type": case_type,
            "state": state,
            "may_add": may_add,
        },
    )


@functools.cache
def _options(language: str, choices: type, chosen: str) -> str:
    return choice_options(choices.choices, chosen)


@register.simple_tag
def type_options(chosen: str) -> str:
    """choice_options of the case types, `chosen` (a type or "") selected; kept per language
    and choice, as the view passes only a known type or none."""
    return mark_safe(
        _options(get_language(), CaseType, chosen if chosen in CaseType.values else "")
    )


@register.simple_tag
def state_options(chosen: str) -> str:
    """choice_options of the states, `chosen` (a state or "") selected; kept as type_options."""
    return mark_safe(_options(get_language(), State, chosen if chosen in State.values else ""))
