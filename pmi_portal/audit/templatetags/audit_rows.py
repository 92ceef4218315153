"""The rows of the audit trail written in one pass: the template's loops over fifty events and
their changes cost most of the page. tests/audit/test_audit_display.py proves the markup the
same as the loops'."""

import html

from django import template
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from pmi_portal.web.rows import text

register = template.Library()


@register.filter
def audit_rows(events) -> str:
    """The <tr>s of `events` (as views.events_for_display gives them) as the loop wrote them."""
    if not events:
        return mark_safe(
            f'\n    <tr><td colspan="7" class="text-muted">{text(gettext("No events match."))}'
            "</td></tr>\n    "
        )
    rows = []
    written: dict = {}
    for event in events:
        record = text(event.object_repr)
        if event.type_name:
            record = f'<span class="text-muted small">{text(event.type_name)}</span> {record}'
        rows.append(
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
    # Every value and label is escaped above.
    return mark_safe("".join(rows))


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
