"""Who is told of what: the offices' working areas route each event, as they scope access."""

import datetime

import pytest
from django.utils import timezone

from cases import notices as case_notices
from cases import services as case_services
from cases.deadlines import add_working_days
from placements.services import agency_status_change
from pmi_portal.access.roles import Role
from pmi_portal.notifications.models import Channel, Event, Notification
from returns import notices as return_notices
from returns import services as returns_services
from returns.models import Arrival
from tests.factories import AgencyFactory, UserFactory, office
from tests.notifications.conftest import flight, pontianak_returnee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process")]


def told(kind: str) -> set[str]:
    return set(
        Notification.objects.filter(event__kind=kind, user__isnull=False).values_list(
            "user__username", flat=True
        )
    )


def test_an_overdue_handover_tells_the_receiving_office_and_its_head_once(
    airport, pontianak, elsewhere
):
    arrival = returns_services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
    )
    after_deadline = arrival.due_at + datetime.timedelta(minutes=1)

    assert return_notices.handovers_overdue(now=arrival.due_at - datetime.timedelta(minutes=1)) == 0
    assert return_notices.handovers_overdue(now=after_deadline) == 1
    assert return_notices.handovers_overdue(now=after_deadline) == 0

    assert told("handover_overdue") == {"loket.ptk", "kepala.ptk"}


def test_a_received_handover_is_never_overdue(airport, pontianak):
    arrival = returns_services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
    )
    Arrival.objects.filter(pk=arrival.pk).update(handover="received")

    assert return_notices.handovers_overdue(now=arrival.due_at + datetime.timedelta(days=1)) == 0


def test_a_new_case_tells_the_handlers_and_head_of_its_office_only(pontianak, elsewhere):
    serang_handler = UserFactory(username="kasus.srg", role=Role.CASE_HANDLER)
    case = case_services.case_open(
        actor=pontianak["handler"],
        fields={
            "case_type": "trafficking",
            "source": "hotline",
            "description": "Korban ditahan di penampungan.",
            "regency_id": "6171",
        },
    )

    assert case.office.code == "upt-pontianak"
    assert told("case_new") == {"kasus.ptk", "kepala.ptk"}
    assert serang_handler.username not in told("case_new")


def test_a_public_report_tells_the_office_of_its_regency():
    handler = UserFactory(username="kasus.srg", role=Role.CASE_HANDLER)
    case, _receipt = case_services.public_report_submit(
        case_type="non_procedural",
        description="Tetangga saya diberangkatkan calo tanpa dokumen.",
        regency_id="3673",
    )

    assert case.office.code == "upt-serang"
    assert told("case_new") == {handler.username}


def test_an_assigned_case_tells_its_handler(pontianak):
    case = case_services.case_open(
        actor=pontianak["head"],
        fields={"case_type": "abuse", "source": "family", "description": "Dipukul majikan"},
    )

    case_services.case_assign(
        actor=pontianak["head"],
        case=case,
        assignee=pontianak["handler"],
        expected_version=case.version,
    )

    assert told("case_assigned") == {"kasus.ptk"}


def test_a_missed_deadline_tells_handler_and_head_then_headquarters(pontianak):
    analyst = UserFactory(username="analis.pusat", role=Role.NATIONAL_ANALYST, office=office("hq"))
    case = case_services.case_open(
        actor=pontianak["head"],
        fields={"case_type": "abuse", "source": "family", "description": "Dipukul majikan"},
    )
    case = case_services.case_assign(
        actor=pontianak["head"], case=case, assignee=pontianak["handler"], expected_version=1
    )
    just_late = case.due_at + datetime.timedelta(hours=1)
    escalation = add_working_days(case.due_at, case_notices.ESCALATE_AFTER_WORKING_DAYS)

    assert case_notices.deadlines_missed(now=case.due_at - datetime.timedelta(hours=1)) == 0
    assert case_notices.deadlines_missed(now=just_late) == 1
    assert told("case_overdue") == {"kasus.ptk", "kepala.ptk"}
    assert told("case_escalated") == set()

    assert case_notices.deadlines_missed(now=escalation - datetime.timedelta(minutes=1)) == 0
    assert case_notices.deadlines_missed(now=escalation + datetime.timedelta(minutes=1)) == 1
    assert case_notices.deadlines_missed(now=escalation + datetime.timedelta(days=1)) == 0
    assert told("case_escalated") == {analyst.username}


def test_a_finished_case_is_not_overdue(pontianak):
    case = case_services.case_open(
        actor=pontianak["head"],
        fields={"case_type": "abuse", "source": "family", "description": "Dipukul majikan"},
    )
    type(case).objects.filter(pk=case.pk).update(state="closed")

    assert case_notices.deadlines_missed(now=timezone.now() + datetime.timedelta(days=30)) == 0


def test_a_suspended_agency_concerns_every_office(pontianak, elsewhere):
    administrator = UserFactory(username="admin.srg", role=Role.ADMINISTRATOR, office=office("hq"))
    handler_only = pontianak["handler"]
    agency = AgencyFactory()

    agency_status_change(
        actor=administrator, agency=agency, to_status="suspended", reason="Menempatkan tanpa izin"
    )

    assert {"loket.ptk", "kepala.ptk", "loket.mtr"} <= told("agency_status")
    assert handler_only.username not in told("agency_status")
    assert Event.objects.get(kind="agency_status").params["status"] == "suspended"


def test_an_inactive_user_is_not_told(airport, pontianak):
    pontianak["counter"].is_active = False
    pontianak["counter"].save()

    returns_services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
    )

    assert told("handover_request") == set()


def test_a_user_without_email_gets_the_portal_only(airport, pontianak):
    pontianak["counter"].email = ""
    pontianak["counter"].save()

    returns_services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
    )

    notification = Notification.objects.get(event__kind="handover_request")
    assert list(notification.deliveries.values_list("channel", flat=True)) == [Channel.IN_APP]


def test_the_periodic_work_runs_every_apps_scan_without_beat(airport, pontianak, capsys):
    from django.core.management import call_command

    arrival = returns_services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
    )
    Arrival.objects.filter(pk=arrival.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )

    call_command("notify_periodic")

    assert "returns.notices.handovers_overdue: 1" in capsys.readouterr().out
    assert told("handover_overdue") == {"loket.ptk", "kepala.ptk"}


def test_a_suspended_agency_reaches_every_office_gateway_that_takes_it(pontianak):
    from pmi_portal.notifications.models import OfficeSettings

    for code, kinds in (("upt-mataram", ["agency_status"]), ("upt-serang", ["case_new"])):
        OfficeSettings.objects.create(
            office=office(code),
            webhook_url="https://gateway.example.id/pmi",
            webhook_secret="rahasia",
            webhook_kinds=kinds,
        )
    administrator = UserFactory(username="admin.gw", role=Role.ADMINISTRATOR, office=office("hq"))

    agency_status_change(
        actor=administrator, agency=AgencyFactory(), to_status="revoked", reason="Izin dicabut"
    )

    hooks = Notification.objects.filter(event__kind="agency_status", office__isnull=False)
    assert set(hooks.values_list("office__code", flat=True)) == {"upt-mataram"}
