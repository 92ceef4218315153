"""The people and agencies of a case page written in one pass: the template's loops, with an
include for each recruiter or agency found in other cases, cost about 0.3 ms a page.
tests/cases/test_case_page.py proves the markup the same as the templates wrote it."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pmi_portal.web.rows import link_for_pk, text

register = template.Library()


def _repeat(repeat, detail) -> str:
    """The note of the other cases that name the same recruiter or agency (a Recurrence)."""
    if repeat is None:
        return ""
    count = ngettext(
        "also in %(count)s other case", "also in %(count)s other cases", repeat.count
    ) % {"count": repeat.count}
    cases = ", ".join(
        f'<a href="{detail(pk)}">{text(reference)}</a>' for pk, reference in repeat.cases
    )
    more = ""
    if repeat.more:
        more = " " + ngettext("and %(more)s more", "and %(more)s more", repeat.more) % {
            "more": repeat.more
        }
    return (
        f'<br><span class="badge text-bg-warning" data-testid="repeat">{count}</span>\n'
        f'<span class="small">{cases}{more}</span>\n'
    )


@register.simple_tag
def case_parties(parties, agencies) -> SafeString:
    """The `<li>` of each (party, Recurrence or None) of `parties`, then of each (agency of the
    case, Recurrence or None) of `agencies`."""
    detail = link_for_pk("cases:detail")
    people = "".join(
        f"<li>{text(party.get_role_display())}: {text(party.person.full_name)}"
        f"{f' ({text(party.note)})' if party.note else ''}{_repeat(repeat, detail)}</li>"
        for party, repeat in parties
    )
    agency = text(_("Agency"))
    involved_agencies = "".join(
        f"<li>{agency}: {text(involved.agency)} ({text(involved.agency.get_status_display())})"
        f"{_repeat(repeat, detail)}</li>"
        for involved, repeat in agencies
    )
    # Every value and label is escaped above; the translations hold no markup.
    return mark_safe(f"{people}\n      {involved_agencies}")
