"""The return post's pages and how each proves its office scoping (see tests/access)."""

from tests.access.scope_cases import ScopeCase
from tests.returns.factories import ArrivalFactory, InterceptionFactory

# Blank forms of the post.
# Blank forms of the post, and the lookup of the person in front of the officer as a NIK or
# passport is typed: national by design (a returnee comes from any region), and every match
# outside the post's area is audited (tests/returns/test_arrivals.py).
SAME_FOR_ALL_STAFF = {
    "returns:arrival_new",
    "returns:interception_new",
    "returns:manifest_import",
    "returns:returnee_match",
}


def _pk(record) -> dict:
    return {"pk": record.pk}


SCOPE_CASES = [
    ScopeCase(
        "returns:arrivals",
        "list",
        lambda: ArrivalFactory(person__full_name="Penanda Kepulangan"),
        lambda arrival: arrival.person.full_name,
        query=lambda arrival: {"view": "all"},
    ),
    ScopeCase(
        "returns:arrivals_export",
        "list",
        lambda: ArrivalFactory(person__full_name="Penanda Ekspor Kepulangan"),
        lambda arrival: arrival.person.full_name,
        kwargs=lambda arrival: {"fmt": "csv"},
        query=lambda arrival: {"view": "all", "from": "2020-01"},
    ),
    ScopeCase("returns:arrival", "detail", ArrivalFactory, kwargs=_pk),
    ScopeCase(
        "returns:arrival_transport",
        "detail",
        ArrivalFactory,
        kwargs=_pk,
        method="post",
        data=lambda arrival: {"by": "Keluarga", "to": "Serang", "version": 1},
        national_may=False,
    ),
    ScopeCase(
        "returns:arrival_receive",
        "detail",
        ArrivalFactory,
        kwargs=_pk,
        method="post",
        data=lambda arrival: {"received_on": "2026-01-01", "version": 1},
        national_may=False,
    ),
    ScopeCase(
        "returns:interceptions",
        "list",
        lambda: InterceptionFactory(person__full_name="Penanda Cegah"),
        lambda interception: interception.person.full_name,
    ),
]
