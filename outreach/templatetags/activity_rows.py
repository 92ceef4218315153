"""The rows of the outreach list written in one pass: the template's loop over fifty rows (a url
tag, the date filter, get_kind_display translating every kind a row) cost most of the page.
tests/outreach/test_activity_list_rows.py proves the markup the same as the loop's."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from outreach.models import Kind
from pmi_portal.web.rows import ShortDays, label, labels_of, link_for_pk, text

register = template.Library()


@register.filter
def activity_rows(activities) -> str:
    """The <tr>s of `activities` (selectors.activities_listed's rows) as the list's loop wrote
    them; each kind translated and each day formatted once a page."""
    if not activities:
        return mark_safe(
            '\n    <tr><td colspan="6" class="text-muted">'
            f"{text(gettext('No outreach activity recorded.'))}</td></tr>\n    "
        )
    kinds = labels_of(Kind.choices)
    detail = link_for_pk("outreach:detail")
    days = ShortDays()
    online = text(gettext("online"))
    rows = []
    for activity in activities:
        partner = (
            f'<br><span class="small text-muted">{text(activity.partner)}</span>'
            if activity.partner
            else ""
        )
        if activity.online:  # as Activity.where
            where = online
        else:
            parts = (activity.place, activity.regency__name)
            where = text(", ".join(part for part in parts if part))
        rows.append(
            "\n    <tr>\n"
            f'      <td><a href="{detail(activity.pk)}">{days(activity.held_on)}</a></td>\n'
            f"      <td>{label(kinds, activity.kind)}</td>\n"
            f"      <td>{where}</td>\n"
            f"      <td>{text(activity.audience)}{partner}</td>\n"
            f'      <td class="text-end">{activity.attendance}</td>\n'
            f'      <td class="small">{text(activity.office__name)}</td>\n'
            "    </tr>\n    "
        )
    # Every value and label is escaped above.
    return mark_safe("".join(rows))


@register.filter
def kind_options(chosen: str) -> str:
    """The kind filter's <option> of each kind, `chosen` selected, as the form's loop wrote
    them."""
    # Codes and labels are escaped.
    return mark_safe(
        "".join(
            f'<option value="{text(code)}"{" selected" if code == chosen else ""}>{label}</option>'
            for code, label in labels_of(Kind.choices).items()
        )
    )
