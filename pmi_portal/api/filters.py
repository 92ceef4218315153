"""Filtering of lists, held to the schema's promise.

django-filter reads `?stage=` as "no filter", and a filter's form field may answer with
codes of its validators the schema does not list (a NUL byte gives
`null_characters_not_allowed`). A filter named in the query must have a value, and every
error carries a code the schema documents for that filter.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend


def _documented_code(field, code: str | None) -> str:
    if code in field.error_messages:
        return code
    return "invalid_choice" if "invalid_choice" in field.error_messages else "invalid"


class StrictFilterSet(django_filters.FilterSet):
    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, _("Give a value, or leave this filter out."))
                valid = False
        for name, errors in self.form.errors.as_data().items():
            field = self.form.fields.get(name)
            if field is not None:
                self.form.errors[name] = self.form.error_class(
                    [
                        # The message's own parameters go along: django-filter formats the
                        # message with them, and a value holding `%` must not be read as format.
                        ValidationError(
                            error.message,
                            code=_documented_code(field, error.code),
                            params=error.params,
                        )
                        for error in errors
                    ]
                )
        return valid


class StrictFilterBackend(DjangoFilterBackend):
    filterset_base = StrictFilterSet
