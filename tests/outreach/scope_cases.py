"""The outreach pages and how each proves its office scoping (see tests/access)."""

from tests.access.scope_cases import ScopeCase
from tests.outreach.factories import ActivityDocumentFactory, ActivityFactory

# The blank form of a new activity: the same for all who record outreach.
SAME_FOR_ALL_STAFF = {"outreach:new"}


def _pk(record) -> dict:
    return {"pk": record.pk}


SCOPE_CASES = [
    ScopeCase(
        "outreach:list",
        "list",
        lambda: ActivityFactory(partner="SMKN 1 Penanda Serang"),
        lambda activity: activity.partner,
    ),
    ScopeCase("outreach:detail", "detail", ActivityFactory, kwargs=_pk),
    ScopeCase("outreach:edit", "detail", ActivityFactory, kwargs=_pk, national_may=False),
    ScopeCase(
        "outreach:document",
        "detail",
        ActivityFactory,
        kwargs=_pk,
        method="post",
        national_may=False,
    ),
    ScopeCase("outreach:document_download", "detail", ActivityDocumentFactory, kwargs=_pk),
]
