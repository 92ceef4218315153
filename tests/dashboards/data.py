"""A small fixed data set of Serang's and Pontianak's areas, January to March 2026, whose
figures are counted by hand in the tests."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cases.models import CaseAgency, CaseParty, LegalStep, Referral
from pmi_portal.access.roles import Role
from pmi_portal.dashboards.models import Target
from tests.cases.factories import CaseFactory
from tests.factories import AgencyFactory, PersonFactory, PlacementFactory, UserFactory, office
from tests.returns.factories import ArrivalFactory

PERIOD = {"from": "2026-01", "to": "2026-03"}
ZONE = datetime.timezone(datetime.timedelta(hours=7))  # WIB, the portal's default time zone


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=10, tzinfo=ZONE)


def date(day: str) -> datetime.date:
    return datetime.date.fromisoformat(day)


@dataclass(frozen=True)
class Heads:
    serang: object
    pontianak: object
    national: object
    counter: object


def make_heads() -> Heads:
    return Heads(
        serang=UserFactory(username="head.serang.dasbor", role=Role.OFFICE_HEAD),
        pontianak=UserFactory(
            username="head.pontianak.dasbor",
            role=Role.OFFICE_HEAD,
            office=office("upt-pontianak"),
        ),
        national=UserFactory(
            username="analyst.dasbor", role=Role.NATIONAL_ANALYST, office=office("hq")
        ),
        counter=UserFactory(username="counter.serang.dasbor", role=Role.COUNTER_OFFICER),
    )


def _pontianak_person(**kwargs):
    return PersonFactory(
        home_regency_id="6171", registered_by_office=office("upt-pontianak"), **kwargs
    )


def make_data_set():
    """Serang: 5 placements (3 departed in the period), 3 arrivals, 3 cases; Pontianak: one
    of each. Everything the tests count is listed here."""
    old = at("2025-06-01")
    PlacementFactory(
        stage="departed", departed_on=date("2026-01-10"), created_at=old, destination_id="TW"
    )
    PlacementFactory(
        worker=PersonFactory(sex="M"),
        stage="working_abroad",
        departed_on=date("2026-02-05"),
        created_at=old,
        scheme="g2g",
        agency=None,
        destination_id="KR",
        sector="formal",
    )
    PlacementFactory(
        worker=PersonFactory(home_regency_id="3604"),
        stage="working_abroad",
        departed_on=date("2026-02-20"),
        created_at=old,
    )
    PlacementFactory(stage="registered", created_at=at("2026-03-01"))
    PlacementFactory(stage="working_abroad", departed_on=date("2025-12-20"), created_at=old)
    PlacementFactory(
        worker=_pontianak_person(),
        stage="departed",
        departed_on=date("2026-01-15"),
        created_at=old,
        destination_id="MY",
    )
    Target.objects.create(year=2026, office=office("upt-serang"), placements=10)
    Target.objects.create(year=2026, office=None, placements=100)

    now = timezone.now()
    ArrivalFactory(arrived_at=at("2026-01-05"), handover="received")
    ArrivalFactory(
        arrived_at=at("2026-02-10"),
        category="troubled",
        troubles=["deported", "unpaid_wages"],
        from_country_id="SA",
        no_placement_on_record=True,
        due_at=now - datetime.timedelta(days=1),
    )
    ArrivalFactory(
        arrived_at=at("2026-02-11"),
        category="troubled",
        troubles=["sick"],
        handover="in_transit",
        due_at=now + datetime.timedelta(days=1),
    )
    ArrivalFactory(
        person=_pontianak_person(),
        arrived_at=at("2026-01-20"),
        category="troubled",
        troubles=["trafficking"],
        office=office("upt-pontianak"),
        post=office("pos-entikong"),
    )

    agency = AgencyFactory(name="PT Sering Terlibat")
    recruiter = PersonFactory(full_name="Budi Calo", sex="M")
    first = CaseFactory(created_at=at("2026-01-10"))
    second = CaseFactory(
        created_at=at("2026-02-01"),
        case_type="trafficking",
        state="under_investigation",
        due_at=now - datetime.timedelta(days=2),
    )
    CaseFactory(created_at=at("2026-02-02"), state="closed", due_at=None)
    for case in (first, second):
        CaseAgency.objects.create(case=case, agency=agency)
        CaseParty.objects.create(case=case, person=recruiter, role="recruiter")
    Referral.objects.create(
        case=second,
        institution="police",
        institution_name="Polres Serang",
        sent_on=date("2026-02-15"),
    )
    LegalStep.objects.create(
        case=second, kind="verdict", verdict="convicted", happened_on=date("2026-03-01")
    )
    CaseFactory(
        created_at=at("2026-01-12"),
        case_type="trafficking",
        regency_id="6171",
        office=office("upt-pontianak"),
    )
