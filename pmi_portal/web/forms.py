"""How a page puts a service's refusal in front of the user: on the field it concerns; a
select that renders hundreds of options fast; an empty form rendered once per process."""

import functools

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pmi_portal.offices.selectors import reference_kept


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
    50 ms for the 514 regencies (most of the public report form's time).

    With `cache_as` (a name for its list of reference data), the options with none selected
    are kept in the cache per language and version of the reference data, for
    REFERENCE_OPTIONS_CACHE_SECONDS: building them from the rows was still most of the time.
    """

    def __init__(self, attrs=None, choices=(), *, cache_as: str | None = None):
        super().__init__(attrs, choices)
        self.cache_as = cache_as

    def render(self, name, value, attrs=None, renderer=None):
        def options() -> str:
            return self._options(self.get_context(name, value, attrs)["widget"]["optgroups"])

        if self.cache_as and not value:
            html = reference_kept(f"quickselect:{self.cache_as}:{get_language()}", options)
        else:
            html = options()
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            html,
        )

    @staticmethod
    def _options(optgroups) -> str:
        groups = []
        for group_name, options, _index in optgroups:
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
        return mark_safe("".join(groups))  # each part is built by format_html


class ChoicesAsGiven(BaseChoiceIterator):
    """Flat (value, label) pairs a ChoiceField takes as they are: Django normalizes a list of
    choices each time a field is built, twice (field and widget), about 2 ms for the 514
    regencies on a form built per request."""

    def __init__(self, pairs: list[tuple]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def blank_form_html(form_class: type[forms.Form], **initial) -> str:
    """The crispy HTML of an empty `form_class` (no data, fields or choices of the database),
    kept per process: it changes only with the language and the day (a date field starts at
    today), which are in the key. About 2 ms a form saved on each page that shows it."""
    return _blank_form_html(
        form_class, get_language(), timezone.localdate(), tuple(sorted(initial.items()))
    )


@functools.lru_cache(maxsize=256)
def _blank_form_html(form_class, language: str, today, initial: tuple) -> str:
    return as_crispy_form(form_class(initial=dict(initial)))
