"""What a list's rows written in one pass share (the cases and outreach lists): the text escaped
as the template's autoescape escapes it, a record's link reversed once a page, a choice's labels
and each day formatted once a page."""

import html
from collections.abc import Callable

from django.urls import reverse
from django.utils import dateformat
from django.utils.dates import MONTHS_3

# A key no record has, replaced by each row's.
_ANY_PK = 2_147_483_647


def text(value) -> str:
    """`value` as `{{ value }}` writes a string or a model (its str(), escaped)."""
    return html.escape(str(value))


def link_for_pk(viewname: str) -> Callable[[object], str]:
    """The escaped URL of `viewname` for a key, from one reverse() a page."""
    before, after = text(reverse(viewname, args=[_ANY_PK])).split(str(_ANY_PK))
    return lambda pk: f"{before}{pk}{after}"


def labels_of(choices) -> dict[str, str]:
    """Each choice's label translated into the active language and escaped."""
    return {value: text(label) for value, label in choices}


def label(labels: dict[str, str], value: str) -> str:
    """A value's label, or the value itself as `get_FOO_display` gives an unknown one."""
    found = labels.get(value)
    return text(value) if found is None else found


class Days:
    """Days as the date filter writes them in `format`, each formatted once."""

    def __init__(self, format: str = "j M Y"):
        self.format = format
        self._written: dict = {}

    def __call__(self, day) -> str:
        written = self._written.get(day)
        if written is None:
            written = self._written[day] = text(dateformat.format(day, self.format))
        return written


class ShortDays:
    """Days as the date filter writes them in "j M Y" (4 Mar 2026), each month's name
    translated once: the date filter costs about 0.1 ms a day, and a list's fifty rows are
    mostly fifty days."""

    def __init__(self):
        self._months: dict[int, str] = {}

    def __call__(self, day) -> str:
        month = self._months.get(day.month)
        if month is None:
            month = self._months[day.month] = text(MONTHS_3[day.month].title())
        return f"{day.day} {month} {day.year:04d}"
