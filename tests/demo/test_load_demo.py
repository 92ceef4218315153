import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cases.models import Case
from cases.selectors import cases_for
from outreach.dashboard import section as outreach_section
from pmi_portal.access.models import User
from pmi_portal.dashboards.sections import Filters
from pmi_portal.demo.users import DEMO_PASSWORD, DEMO_USERS
from service_quality.models import ServiceStandard, SurveyAnswer

CONTRACT_LOGINS = {
    "counter.serang": ("counter_officer", "UPT BP2MI Serang"),
    "airport.soetta": ("airport_officer", "Pos Kepulangan PMI Soekarno-Hatta"),
    "cases.pontianak": ("case_handler", "UPT BP2MI Pontianak"),
    "head.banten": ("office_head", "UPT BP2MI Serang"),
    "head.kalbar": ("office_head", "UPT BP2MI Pontianak"),
    "analyst.national": ("national_analyst", "BP2MI Pusat"),
    "admin": ("administrator", "BP2MI Pusat"),
}


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_creates_the_contract_logins_with_their_roles_and_offices(demo):
    for username, (role, office_name) in CONTRACT_LOGINS.items():
        user = User.objects.get(username=username)
        assert (user.role, user.office.name) == (role, office_name)
        assert user.check_password(DEMO_PASSWORD)
        assert username in demo
    assert User.objects.get(username="admin").is_superuser


def test_load_demo_twice_creates_nothing_more(demo, settings):
    call_command("load_demo", stdout=io.StringIO())

    assert User.objects.count() == len(DEMO_USERS)


def test_load_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError) as error:
        call_command("load_demo")

    assert "--force" in str(error.value)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("counter.serang", "data dari 8 kabupaten/kota"),
        ("airport.soetta", "data dari 8 kabupaten/kota"),
        ("cases.pontianak", "data dari 14 kabupaten/kota"),
        ("analyst.national", "data seluruh Indonesia"),
    ],
)
def test_each_demo_user_logs_in_and_sees_their_scope(client, demo, username, shown):
    response = client.post(
        "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, follow=True
    )

    text = response.content.decode()
    assert shown in text
    assert User.objects.get(username=username).office.name in text


def test_the_airport_post_and_the_home_offices_have_a_day_of_returns(demo):
    from returns.models import Arrival, Handover
    from returns.selectors import arrivals_for

    airport = User.objects.get(username="airport.soetta")
    pontianak_head = User.objects.get(username="head.kalbar")

    assert arrivals_for(airport, "all").filter(category="troubled").count() >= 3
    overdue = arrivals_for(pontianak_head, "overdue")
    assert any("deceased" in arrival.troubles for arrival in overdue)
    assert Arrival.objects.filter(person__nik__isnull=True).exists()
    assert not Arrival.objects.exclude(handover=Handover.AWAITING).exists()


def test_the_pontianak_case_handler_has_a_days_work_and_a_second_load_adds_none(demo):
    handler = User.objects.get(username="cases.pontianak")
    call_command("load_demo", stdout=io.StringIO())

    assert Case.objects.count() == 6
    assert cases_for(handler, "mine").count() >= 3
    assert cases_for(handler, "overdue").exists()
    assert not Case.objects.restrict(User.objects.get(username="head.banten")).exists()


def test_the_demo_heads_see_their_progress_against_a_target_and_have_notifications(client, demo):
    from django.utils import timezone

    from pmi_portal.dashboards.models import target_for
    from pmi_portal.notifications.models import Notification
    from pmi_portal.offices.models import Office

    year = timezone.localdate().year
    assert target_for(year=year) == 300_000
    assert target_for(year=year, office=Office.objects.get(code="upt-serang")) == 12_000
    client.force_login(User.objects.get(username="head.banten"))
    answer = client.get("/api/v1/dashboard/").json()
    assert answer["placements"]["target"] == 12_000
    # The demo's arrivals and cases told the home offices.
    assert Notification.objects.filter(user__username="cases.pontianak").exists()
    assert Notification.objects.filter(user__username="counter.pontianak").exists()


def test_the_demo_heads_see_outreach_programmes_standards_and_answers(demo):
    for username in ("head.banten", "head.kalbar"):
        head = User.objects.get(username=username)
        this_year = Filters(
            start=datetime.date(timezone.localdate().year, 1, 1),
            end=datetime.date(timezone.localdate().year + 1, 1, 1),
        )
        outreach = outreach_section(head, this_year).as_json()
        assert outreach["programme_participants"] >= 2
        assert outreach["regencies_covered"] > 0 and outreach["regencies_uncovered"] > 0
        answers = SurveyAnswer.objects.restrict(head)
        assert answers.count() >= 20
        assert ServiceStandard.objects.restrict(head).filter(office=head.office).count() == 3
    assert (
        outreach_section(User.objects.get(username="head.banten"), this_year).as_json()[
            "troubled_returnees_reached"
        ]
        >= 1
    )
