"""The rows of the SKM page's elements written in one pass: nine elements by five periods, each
average localized, were most of the page's own template time.
tests/service_quality/test_satisfaction_rows.py proves the markup the same as the loop's."""

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from pmi_portal.web.rows import text

register = template.Library()


@register.filter
def element_rows(rows) -> str:
    """The <tr>s of (code, element, averages per period) as the page's loop wrote them."""
    written = []
    for code, element, averages in rows:
        code_text = text(code)
        cells = "".join(
            f'<td class="text-end" data-testid="nrr-{code_text}-{number}">'
            f"{text(localize(average)) if average else '—'}</td>"
            for number, average in enumerate(averages, start=1)
        )
        written.append(
            f'\n    <tr><th scope="row" class="fw-normal">{text(code.upper())} {text(element)}'
            f"</th>{cells}</tr>\n    "
        )
    # Every code, label and figure is escaped above.
    return mark_safe("".join(written))
