"""The case pages and how each proves its office scoping (see tests/access)."""

from tests.access.scope_cases import ScopeCase
from tests.cases.factories import CaseDocumentFactory, CaseFactory, ReferralFactory
from tests.returns.factories import ArrivalFactory, InterceptionFactory

# The intake form is blank for all staff.
SAME_FOR_ALL_STAFF = {"cases:new"}
# The public report form and the status of a report (by its receipt code): no login.
PUBLIC = {"lapor:report", "lapor:status_lookup", "lapor:status"}


def _pk(record) -> dict:
    return {"pk": record.pk}


def _version(record) -> dict:
    return {"version": record.version}


SCOPE_CASES = [
    ScopeCase(
        "cases:list",
        "list",
        lambda: CaseFactory(reference="KSS-2026-777777"),
        lambda case: case.reference,
        query=lambda case: {"view": "all"},
    ),
    ScopeCase(
        "cases:export",
        "list",
        lambda: CaseFactory(reference="KSS-2026-777778"),
        lambda case: case.reference,
        kwargs=lambda case: {"fmt": "csv"},
        query=lambda case: {"view": "all", "from": "2020-01"},
    ),
    ScopeCase("cases:detail", "detail", CaseFactory, kwargs=_pk),
    ScopeCase(
        "cases:transition",
        "detail",
        CaseFactory,
        kwargs=_pk,
        method="post",
        data=lambda case: {"to_state": "verified", "version": case.version},
        national_may=False,
    ),
    ScopeCase(
        "cases:assign",
        "detail",
        CaseFactory,
        kwargs=_pk,
        method="post",
        data=_version,
        national_may=False,
    ),
    ScopeCase(
        "cases:transfer",
        "detail",
        CaseFactory,
        kwargs=_pk,
        method="post",
        data=lambda case: {"office": case.office_id, "reason": "uji", "version": case.version},
    ),
    *[
        ScopeCase(
            f"cases:{name}",
            "detail",
            CaseFactory,
            kwargs=_pk,
            method="post",
            data=data,
            national_may=False,
        )
        for name, data in [
            ("note", lambda case: {"text": "Catatan"}),
            ("referral", lambda case: {}),
            ("legal_step", lambda case: {}),
            ("party", lambda case: {}),
            ("document", lambda case: {}),
        ]
    ],
    ScopeCase(
        "cases:referral_answer",
        "detail",
        ReferralFactory,
        kwargs=_pk,
        method="post",
        data=lambda referral: {},
        national_may=False,
    ),
    ScopeCase("cases:document_download", "detail", CaseDocumentFactory, kwargs=_pk),
    ScopeCase(
        "cases:open_from_arrival",
        "detail",
        lambda: ArrivalFactory(category="troubled", troubles=["trafficking"]),
        kwargs=_pk,
        method="post",
    ),
    ScopeCase(
        "cases:open_from_interception",
        "detail",
        InterceptionFactory,
        kwargs=_pk,
        method="post",
    ),
]
