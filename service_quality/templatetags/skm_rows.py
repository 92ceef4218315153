"""The SKM page's tables written in one pass: nine elements by five periods, the footer's four
rows by five periods and the offices' rows, each figure localized, were most of the page's own
template time. tests/service_quality/test_satisfaction_rows.py proves the markup the same as
the loops'."""

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from pmi_portal.web.rows import text

register = template.Library()

DASH = "—"


def _figure(value) -> str:
    """`{{ value }}`: the figure localized and escaped."""
    return text(localize(value))


def _figure_or_dash(value) -> str:
    """`{{ value|default:"—" }}`."""
    return _figure(value) if value else DASH


def _grade(index) -> str:
    return f"{text(index.grade)} ({text(index.grade_label)})"


@register.filter
def element_rows(rows) -> str:
    """The <tr>s of (code, element, averages per period) as the page's loop wrote them."""
    written = []
    for code, element, averages in rows:
        code_text = text(code)
        cells = "".join(
            f'<td class="text-end" data-testid="nrr-{code_text}-{number}">'
            f"{_figure_or_dash(average)}</td>"
            for number, average in enumerate(averages, start=1)
        )
        written.append(
            f'\n    <tr><th scope="row" class="fw-normal">{text(code.upper())} {text(element)}'
            f"</th>{cells}</tr>\n    "
        )
    # Every code, label and figure is escaped above.
    return mark_safe("".join(written))


@register.filter
def period_heads(periods) -> str:
    """The head's <th> of each (period, index)."""
    # Every label is escaped.
    return mark_safe(
        "".join(
            f'<th scope="col" class="text-end">{text(period.label)}</th>'
            for period, _index in periods
        )
    )


@register.filter
def period_footer(periods) -> str:
    """The footer's rows of (period, index): weighted average, IKM, quality, answers."""
    weighted = "".join(
        f'<td class="text-end">{_figure_or_dash(index.weighted)}</td>' for _period, index in periods
    )
    ikm = "".join(
        f'<td class="text-end fw-bold" data-testid="ikm-{text(period.code)}">'
        f"{_figure_or_dash(index.ikm)}</td>"
        for period, index in periods
    )
    grades = "".join(
        f'<td class="text-end">{_grade(index) if index.grade else DASH}</td>'
        for _period, index in periods
    )
    answers = "".join(
        f'<td class="text-end" data-testid="answers-{text(period.code)}">'
        f"{_figure(index.answers)}</td>"
        for period, index in periods
    )
    rows = [
        (gettext("Weighted average (1-4)"), weighted),
        (gettext("IKM (25-100)"), ikm),
        (gettext("Quality of service"), grades),
        (gettext("Answers"), answers),
    ]
    # Every label and figure is escaped above.
    written = [f'<tr><th scope="row">{text(title)}</th>{cells}</tr>' for title, cells in rows]
    return mark_safe("\n    ".join(written))


@register.filter
def office_rows(by_office) -> str:
    """The <tr>s of (office, index) as the per-office table's loop wrote them."""
    if not by_office:
        return mark_safe(
            '\n    <tr><td colspan="4" class="text-muted">'
            f"{text(gettext('No answer in this year yet.'))}</td></tr>\n    "
        )
    # Every name and figure is escaped.
    return mark_safe(
        "".join(
            f'\n    <tr data-office="{text(office.code)}"><td>{text(office.name)}</td>'
            f'<td class="text-end">{_figure(index.ikm)}</td><td>{_grade(index)}</td>'
            f'<td class="text-end">{_figure(index.answers)}</td></tr>\n    '
            for office, index in by_office
        )
    )


@register.filter
def year_options(years, chosen: int) -> str:
    """The year picker's <option>s, `chosen` selected."""
    # Years are integers: nothing to escape.
    return mark_safe(
        "".join(
            f'<option value="{year}"{" selected" if year == chosen else ""}>{year}</option>'
            for year in years
        )
    )
