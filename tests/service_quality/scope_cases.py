"""The service-quality pages and how each proves its office scoping (see tests/access)."""

from tests.access.scope_cases import ScopeCase
from tests.service_quality.factories import (
    ServiceStandardFactory,
    ServiceTimeFactory,
    SurveyAnswerFactory,
)

# The published standards of an office and the survey a receipt links to: no login.
PUBLIC = {"layanan:offices", "layanan:office", "skm:answer"}

SCOPE_CASES = [
    ScopeCase(
        "service_quality:standards",
        "list",
        lambda: ServiceStandardFactory(requirements_id="Surat izin keluarga penanda"),
        lambda standard: "Surat izin keluarga penanda",
    ),
    # Only ever the head's own office's standard: Pontianak's head sees Pontianak's.
    ScopeCase(
        "service_quality:standard_edit",
        "list",
        lambda: ServiceStandardFactory(requirements_id="Surat izin keluarga penanda"),
        lambda standard: "Surat izin keluarga penanda",
        kwargs=lambda standard: {"service": standard.service},
        national_may=False,
    ),
    ScopeCase(
        "service_quality:satisfaction",
        "list",
        SurveyAnswerFactory,
        lambda answer: 'data-office="upt-serang"',
    ),
    ScopeCase(
        "service_quality:service_time",
        "list",
        ServiceTimeFactory,
        lambda measured: 'data-office="upt-serang"',
    ),
]
