"""The <option>s of a filter's <select>, written in one pass: the national filter form has
over 800 (514 regencies, 250 countries), and the template's own loop, comparing each with the
field's value, cost the dashboard more than all of its figures; format_html per option still
cost a third of the page. The dashboard's are kept, written once per scope, language and version
of the reference data."""

import html

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from pmi_portal.offices.selectors import reference_kept
from pmi_portal.web.rows import text

register = template.Library()

_MONTH_FIELDS = ("from", "to")


def _unselected(choices) -> str:
    """The <option>s of flat `choices`, none selected."""
    # Every value and label is escaped.
    return "".join(
        f'<option value="{html.escape(str(code))}">{html.escape(str(label))}</option>'
        for code, label in choices
    )


def _selected(options: str, value) -> str:
    """`options` (from _unselected) with those of `value` selected: an escaped value holds no
    quote and an escaped label no "<", so `<option value="{value}">` is only ever an option's
    start tag, the options whose code is `value`."""
    chosen = html.escape("" if value is None else str(value))
    start = f'<option value="{chosen}">'
    return options.replace(start, f'<option value="{chosen}" selected>')


@register.filter
def select_options(bound_field):
    """The options of `bound_field`'s (flat) choices, the one matching its value selected."""
    return mark_safe(_selected(_unselected(bound_field.field.choices), bound_field.value()))


def _options_of(form) -> dict[str, str]:
    """The unselected <option>s of each of `form`'s selects, kept under the form's
    `options_name` (its choices' scope and language) and the reference data's version, or
    written afresh for a form that has none."""

    def written() -> dict[str, str]:
        return {
            field.name: _unselected(field.field.choices)
            for field in form
            if field.name not in _MONTH_FIELDS
        }

    name = getattr(form, "options_name", None)
    return reference_kept(name, written) if name else written()


@register.filter
def filter_fields(form) -> str:
    """The dashboard form's fields (label, month input or select, what each narrows, its
    errors) as the page's loop over them wrote them: the loop cost a third of the page's
    templates. tests/dashboards/test_filters.py proves the markup the same as the loop's."""
    narrows = gettext("Narrows: %(sections)s")
    options = _options_of(form)
    parts = []
    for field in form:
        ident = html.escape(field.id_for_label)
        name = html.escape(field.html_name)
        errors = field.errors
        invalid = " is-invalid" if errors else ""
        described = f' aria-describedby="{ident}-error"' if errors else ""
        if field.name in _MONTH_FIELDS:
            value = field.value()
            control = (
                f'<input type="month" class="form-control form-control-sm{invalid}" '
                f'id="{ident}" name="{name}" value="{"" if value is None else text(value)}" '
                f'placeholder="YYYY-MM" pattern="\\d{{4}}-\\d{{2}}"{described}>'
            )
        else:
            control = (
                f'<select class="form-select form-select-sm{invalid}" id="{ident}" '
                f'name="{name}"{described}>\n      '
                f"{_selected(options[field.name], field.value())}\n    </select>"
            )
        narrowed = ""
        if field.help_text:
            sections = narrows % {"sections": conditional_escape(field.help_text)}
            narrowed = f'<div class="form-text small">{sections}</div>'
        shown_errors = "".join(
            f'<div class="invalid-feedback" id="{ident}-error">{conditional_escape(error)}</div>'
            for error in errors
        )
        label = conditional_escape(field.label)
        parts.append(
            '\n  <div class="col-sm-6 col-lg-3">\n'
            f'    <label class="form-label small" for="{ident}">{label}</label>\n'
            f"    \n    {control}\n    \n    {narrowed}\n    {shown_errors}\n  </div>\n  "
        )
    # Every value, label and message is escaped above.
    return mark_safe("".join(parts))
