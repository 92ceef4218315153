"""How a page puts a service's refusal in front of the user: on the field it concerns; and a
select that renders hundreds of options fast."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def apply_errors(*forms, error: ValidationError) -> None:
    """Put a service's errors on the field they concern, else on the first form as a whole."""
    if not hasattr(error, "error_dict"):
        forms[0].add_error(None, error.messages)
        return
    # The errors themselves, not their messages: a form keeps each error's code.
    for field, field_errors in error.error_dict.items():
        owner = next((form for form in forms if field in form.fields), None)
        if owner is None:
            forms[0].add_error(None, field_errors)
        else:
            owner.add_error(field, field_errors)


def call_service(form, service, **arguments):
    """Run a service for a valid form; its refusal lands on the form's fields. None if refused."""
    try:
        return service(**arguments)
    except ValidationError as error:
        apply_errors(form, error=error)
        return None


def flash_errors(request, form) -> None:
    """Show a form's errors as messages, for a post that answers with a redirect."""
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)


class QuickSelect(forms.Select):
    """A select written in one pass: Django renders each option through a template, about
    50 ms for the 514 regencies (most of the public report form's time)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        option["value"],
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                    for option in options
                ),
            )
            if group_name:
                html = format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
            groups.append(html)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # each part is built by format_html
        )
