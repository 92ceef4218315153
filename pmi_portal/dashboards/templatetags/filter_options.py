"""The <option>s of a filter's <select>, written in one pass: the national filter form has
over 800 (514 regencies, 250 countries), and the template's own loop, comparing each with the
field's value, cost the dashboard more than all of its figures; format_html per option still
cost a third of the page."""

import html

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def select_options(bound_field):
    """The options of `bound_field`'s (flat) choices, the one matching its value selected."""
    value = bound_field.value()
    chosen = "" if value is None else str(value)
    options = []
    for code, label in bound_field.field.choices:
        code = str(code)
        selected = " selected" if code == chosen else ""
        options.append(
            f'<option value="{html.escape(code)}"{selected}>{html.escape(str(label))}</option>'
        )
    # Every value and label is escaped above.
    return mark_safe("".join(options))
