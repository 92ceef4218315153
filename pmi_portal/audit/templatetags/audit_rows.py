"""The rows of the audit trail written in one pass: the template's loops over fifty events and
their changes cost most of the page. tests/audit/test_audit_display.py proves the markup the
same as the loops'."""

import html
import logging
from collections.abc import Callable

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from redis.exceptions import RedisError

from pmi_portal.offices.selectors import reference_generation
from pmi_portal.web.rows import text

logger = logging.getLogger(__name__)
register = template.Library()

# Each event's row as written, per language, time zone and version of the reference data (the
# office's name is joined): an event never changes (models.AuditEvent), and a head opens the
# same newest page again and again. Kept in this process; emptied when full.
_ROWS: dict[tuple, str] = {}
_ROWS_MAX = 2000


@register.filter
def audit_rows(events) -> str:
    """The <tr>s of `events` (as views.events_for_display gives them) as the loop wrote them."""
    return rows_of(events, lambda pks: [event for event in events if event.pk in pks])


def rows_of(listed, load: Callable[[set], list]) -> SafeString:
    """The <tr>s of the events `listed` (each with at least its id and time): a row kept is
    written as kept, and the events of the others are read by `load(ids)` (as
    views.events_for_display gives them), in one go, and written."""
    if not listed:
        return mark_safe(
            f'\n    <tr><td colspan="7" class="text-muted">{text(gettext("No events match."))}'
            "</td></tr>\n    "
        )
    try:
        version = (get_language(), timezone.get_current_timezone_name(), reference_generation())
    except RedisError:
        logger.warning("cache unreachable: the trail's rows are written anew", exc_info=True)
        version = None
    # With its time: an id given again (a database restored from a backup) is another event.
    keys = [
        (event.pk, event.occurred_at, *version)
        if version is not None and event.pk is not None
        else None
        for event in listed
    ]
    rows = [_ROWS.get(key) if key is not None else None for key in keys]
    missing = {event.pk for event, row in zip(listed, rows, strict=True) if row is None}
    if missing:
        loaded = {event.pk: event for event in load(missing)}
        written: dict = {}
        for index, (event, key) in enumerate(zip(listed, keys, strict=True)):
            if rows[index] is None:
                rows[index] = _row(loaded[event.pk], written)
                if key is not None:
                    if len(_ROWS) >= _ROWS_MAX:
                        _ROWS.clear()
                    _ROWS[key] = rows[index]
    # Every value and label is escaped in _row.
    return mark_safe("".join(rows))


def _row(event, written: dict) -> str:
    record = text(event.object_repr)
    if event.type_name:
        record = f'<span class="text-muted small">{text(event.type_name)}</span> {record}'
    return (
        "\n    <tr>\n"
        f'      <td class="text-nowrap">{text(event.when)}</td>\n'
        f"      <td>{text(event.actor_username or '—')}</td>\n"
        f"      <td>{text(event.actor_office or '—')}</td>\n"
        f"      <td>{text(event.action_label)}</td>\n"
        f"      <td>{record}</td>\n"
        f'      <td class="small">\n        {_changes(event.changes, written)}\n      </td>\n'
        f'      <td class="small text-muted">{text(event.ip_address or "")}</td>\n'
        "    </tr>\n    "
    )


def _changes(changes, written: dict) -> str:
    """Each field's [before, after] pair; anything else the services never write goes through
    the template's loop. `written` keeps a page's field names and scalar values as written."""
    if (
        not isinstance(changes, dict)
        or "items" in changes
        or any(not isinstance(pair, list) or len(pair) != 2 for pair in changes.values())
    ):
        return render_to_string("audit/_changes.html", {"changes": changes})
    return "".join(
        f"\n        <div><code>{_written(field, written)}</code>: "
        f"{_value(before, written)} → {_value(after, written)}</div>\n        "
        for field, (before, after) in changes.items()
    )


def _written(name: str, written: dict) -> str:
    found = written.get(name)
    if found is None:
        found = written[name] = text(name)
    return found


def _value(value, written: dict) -> str:
    """As `{{ value|default_if_none:"∅" }}` writes a JSON value (a number localized)."""
    if value is None:
        return "∅"
    if value.__class__ is str:  # localize() gives a string back as it is
        return html.escape(value)
    if value.__class__ in (list, dict):  # not hashable
        return text(localize(value))
    key = (value.__class__, value)  # the class: True == 1 but they are written apart
    found = written.get(key)
    if found is None:
        found = written[key] = text(localize(value))
    return found
