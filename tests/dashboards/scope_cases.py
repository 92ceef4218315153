"""The dashboard's pages and how each proves its office scoping (see tests/access): an agency
involved in a case of Serang's area is named on Serang's dashboard and in its export, never on
Pontianak's."""

from cases.models import CaseAgency
from tests.access.scope_cases import ScopeCase
from tests.cases.factories import CaseFactory
from tests.factories import AgencyFactory

MARKER = "PT Penanda Dasbor Serang"
# The yearly targets: no person's record, national reference data that administrators set
# and analysts read (tests/dashboards/test_targets.py proves who may).
SAME_FOR_ALL_STAFF = {"dashboards:targets"}


def _case_with_agency():
    case = CaseFactory()
    CaseAgency.objects.create(case=case, agency=AgencyFactory(name=MARKER))
    return case


SCOPE_CASES = [
    ScopeCase("dashboards:page", "list", _case_with_agency, lambda case: MARKER),
    ScopeCase("dashboards:report", "list", _case_with_agency, lambda case: MARKER),
    ScopeCase(
        "dashboards:export",
        "list",
        _case_with_agency,
        lambda case: MARKER,
        kwargs=lambda case: {"fmt": "csv"},
    ),
]
