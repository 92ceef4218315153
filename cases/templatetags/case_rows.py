"""The rows of the cases list written in one pass: the template's loop over fifty rows (a url
tag, the date and truncatechars filters, two translations and a dozen lookups a row) cost more
than the rest of the page. tests/cases/test_case_list_rows.py proves the markup the same as the
loop's, row by row."""

import html

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from cases.models import FINISHED_STATES, CaseType, Source, State

register = template.Library()

# A key no case has, replaced by each row's: one reverse() a page instead of one a row.
_ANY_PK = 2_147_483_647


@register.filter
def case_rows(cases) -> str:
    """The <tr>s of `cases` as the list's loop wrote them; each label translated and each day
    formatted once a page."""
    if not cases:
        return mark_safe(
            f'\n    <tr><td colspan="6" class="text-muted">{_text(gettext("No case here."))}'
            "</td></tr>\n    "
        )
    types, sources, states = (
        {value: _text(label) for value, label in choices}
        for choices in (CaseType.choices, Source.choices, State.choices)
    )
    detail = html.escape(reverse("cases:detail", args=[_ANY_PK])).split(str(_ANY_PK))
    not_assigned = f'<span class="text-muted">{_text(gettext("not assigned"))}</span>'
    overdue = f' <span class="badge text-bg-danger">{_text(gettext("overdue"))}</span>'
    now = timezone.now()
    days: dict = {}
    rows = []
    for case in cases:
        if case.regency_id is not None:
            place = f'{_text(case.office)}<br><span class="small">{_text(case.regency)}</span>'
        else:
            place = _text(case.office)
        handler = case.assigned_to
        if handler is not None:
            handler = _text(handler.get_full_name() or handler.username)
        else:
            handler = not_assigned
        if case.due_at and case.state not in FINISHED_STATES:
            moment = timezone.localtime(case.due_at)
            day = days.get(moment.date())
            if day is None:
                day = days[moment.date()] = _text(dateformat.format(moment, "j M Y"))
            due = f"{day} {moment:%H:%M}{overdue if case.due_at < now else ''}"
        else:
            due = "—"
        rows.append(
            f"\n    <tr>\n"
            f'      <td><a href="{detail[0]}{case.pk}{detail[1]}">{_text(case.reference)}</a><br>'
            f'<span class="small text-muted">{_text(Truncator(case.description).chars(80))}'
            "</span></td>\n"
            f"      <td>{_label(types, case.case_type)}<br>"
            f'<span class="small">{_label(sources, case.source)}</span></td>\n'
            f"      <td>{_label(states, case.state)}</td>\n"
            f"      <td>{place}</td>\n"
            f"      <td>{handler}</td>\n"
            f"      <td>{due}</td>\n"
            "    </tr>\n    "
        )
    # Every value and label is escaped above.
    return mark_safe("".join(rows))


def _text(value) -> str:
    return html.escape(str(value))


def _label(labels: dict, value: str) -> str:
    label = labels.get(value)
    return _text(value) if label is None else label
