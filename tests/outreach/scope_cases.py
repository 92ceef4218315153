"""The outreach pages and how each proves its office scoping (see tests/access)."""

from tests.access.scope_cases import ScopeCase
from tests.outreach.factories import (
    ActivityDocumentFactory,
    ActivityFactory,
    ProgrammeFactory,
)

# The blank forms of a new activity and a new programme.
SAME_FOR_ALL_STAFF = {"outreach:new", "outreach:programme_new"}


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
    ScopeCase(
        "outreach:programmes",
        "list",
        lambda: ProgrammeFactory(title="Pelatihan wirausaha penanda Serang"),
        lambda programme: programme.title,
    ),
    ScopeCase("outreach:programme", "detail", ProgrammeFactory, kwargs=_pk),
    ScopeCase(
        "outreach:participant_add",
        "detail",
        ProgrammeFactory,
        kwargs=_pk,
        method="post",
        national_may=False,
    ),
]
