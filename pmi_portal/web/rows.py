"""What a list's rows written in one pass share (the cases and outreach lists): the text escaped
as the template's autoescape escapes it, a record's link reversed once a page, a choice's labels
and each day formatted once a page."""

import functools
import html
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS_3
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import get_language, pgettext

T = TypeVar("T")

# A key no record has, replaced by each row's.
_ANY_PK = 2_147_483_647


def text(value) -> str:
    """`value` as `{{ value }}` writes a string or a model (its str(), escaped)."""
    return html.escape(str(value))


def link_for_pk(viewname: str) -> Callable[[object], str]:
    """The escaped URL of `viewname` for a key, from one reverse() a process, URL prefix and
    URL configuration (reverse() cost a case page about 0.1 ms a link)."""
    return _link_for_pk(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=256)
def _link_for_pk(viewname: str, _prefix: str, _urlconf) -> Callable[[object], str]:
    before, after = text(reverse(viewname, args=[_ANY_PK])).split(str(_ANY_PK))
    return lambda pk: f"{before}{pk}{after}"


def per_language(build: Callable[[], T]) -> Callable[[], T]:
    """`build` run once a process for each language and URL prefix, then its result given
    again: for what a page's rows look up that holds nothing of the database (labels, fixed
    words, month names, links). The message catalogs are read once a process, so the result
    stays true; the caller must not change it. `build` runs in the language it is asked in."""
    kept = functools.lru_cache(maxsize=16)(lambda language, prefix: build())

    @functools.wraps(build)
    def in_this_language() -> T:
        return kept(get_language(), get_script_prefix())

    in_this_language.cache_clear = kept.cache_clear
    return in_this_language


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


@per_language
def month_names() -> dict[int, str]:
    """The date filter's "M" of each month, in the current language (a page asked up to three
    times)."""
    return {number: str(name).title() for number, name in MONTHS_3.items()}


def when(at, months: dict[int, str], zone=None) -> str:
    """`at` in the current time zone (`zone`, when a page's rows looked it up once) as the date
    filter's "j M Y H:i" writes it, unescaped, with the month names of the current language
    (`months`, from month_names) looked up once per page: Django's formatter parses its format
    anew for every value. The hour and minute as numbers: strftime's "%H:%M" cost 3 µs a time,
    half of a case page's 50 times."""
    at = timezone.localtime(at, zone)
    return f"{at.day} {months[at.month]} {at.year:04d} {at.hour:02d}:{at.minute:02d}"


class ShortDays:
    """Days as the date filter's "j M Y" writes them, escaped, with the month names of the
    current language looked up once: dateformat.format costs 130 µs a day."""

    def __init__(self):
        self.months = {number: text(name) for number, name in month_names().items()}

    def __call__(self, day) -> str:
        return f"{day.day} {self.months[day.month]} {day.year:04d}"


class Truncated:
    """Text as the truncatechars filter cuts it to `length` characters; plain ASCII (no
    combining characters) cut directly, the rest by Django's Truncator."""

    def __init__(self, length: int):
        self.length = length
        # The ellipsis as Truncator translates it, once a page.
        self.ending = pgettext("String to return when truncating text", "%(truncated_text)s…")
        self.kept = calculate_truncate_chars_length(length, self.ending)

    def __call__(self, value: str) -> str:
        if not value.isascii():
            return Truncator(value).chars(self.length)
        if len(value) <= self.length:
            return value
        return add_truncation_text(value[: self.kept], self.ending)
