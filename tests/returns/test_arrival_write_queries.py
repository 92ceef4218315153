"""Logging an arrival costs few queries: the country posted is checked against the kept
reference data, the home regency and its office are kept with it, the handover's event is
recorded in one statement, its office's family is kept; and a country, regency or office
saved is known at once."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from pmi_portal.access.roles import Role
from pmi_portal.notifications.models import Event, Notification
from pmi_portal.notifications.selectors import RECEIVERS_VERSION
from pmi_portal.offices.models import Country, Regency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from returns import services
from returns.forms import ArrivalForm
from returns.models import Arrival
from tests.factories import UserFactory, office
from tests.returns.test_arrivals import airport, flight, pontianak_worker  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_kept(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


def arrival_data(nik: str, **overrides) -> dict:
    return {
        "nik": nik,
        "flight_number": "QZ7511",
        "arrived_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "from_country": "MY",
        "category": "regular",
        **overrides,
    }


@pytest.mark.usefixtures("reference_kept")
def test_logging_an_arrival_by_nik_takes_ten_queries(
    airport,  # noqa: F811 - fixture
    django_assert_num_queries,
):
    services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )  # keeps the office family and the home regency
    worker, fields = pontianak_worker(), flight()

    # Was 15, then 11: the office family's row, the event's SELECT, SAVEPOINT and RELEASE, and
    # the home regency with its office are gone (the session's queries, which depend on the
    # session store, are not counted).
    with django_assert_num_queries(10):
        arrival = services.arrival_log(
            actor=airport, person_fields={"nik": worker.nik}, arrival_fields=fields
        )

    assert arrival.office.code == "upt-pontianak"
    assert Event.objects.filter(key=f"arrival:{arrival.pk}:handover").exists()


@pytest.mark.usefixtures("reference_kept")
def test_the_arrival_page_logs_a_returnee_by_nik(airport, client):  # noqa: F811 - fixture
    client.force_login(airport)
    worker = pontianak_worker()

    response = client.post("/returns/arrivals/new/", arrival_data(worker.nik))

    assert response.status_code == 302
    arrival = Arrival.objects.get(person=worker)
    assert (arrival.from_country_id, arrival.office.code) == ("MY", "upt-pontianak")


@pytest.mark.usefixtures("reference_kept")
def test_the_arrival_form_checks_the_country_without_a_query(django_assert_num_queries):
    ArrivalForm(arrival_data("")).is_valid()

    with django_assert_num_queries(0):
        form = ArrivalForm(arrival_data(""))
        assert form.is_valid(), form.errors

    assert form.cleaned_data["from_country"] == Country.objects.get(code="MY")
    assert str(form.cleaned_data["from_country"]) == str(Country.objects.get(code="MY"))


@pytest.mark.usefixtures("reference_kept")
@pytest.mark.parametrize("code", ["ID", "XX", "my", "MY\x00"])
def test_the_arrival_form_refuses_a_country_not_abroad_or_unknown(code):
    form = ArrivalForm(arrival_data("", from_country=code))

    assert not form.is_valid()
    assert form.has_error("from_country", code="invalid_choice") or form.has_error(
        "from_country", code="null_characters_not_allowed"
    )


@pytest.mark.usefixtures("reference_kept")
def test_a_country_saved_is_a_choice_of_the_arrival_form_at_once(
    django_capture_on_commit_callbacks,
):
    assert not ArrivalForm(arrival_data("", from_country="QM")).is_valid()

    with django_capture_on_commit_callbacks(execute=True):
        Country.objects.create(code="QM", code3="QMM", name_id="Negeri Uji", name_en="Test Land")

    form = ArrivalForm(arrival_data("", from_country="QM"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["from_country"].name_en == "Test Land"


@pytest.mark.usefixtures("reference_kept")
def test_a_regency_moved_or_renamed_routes_and_names_the_next_arrival_at_once(
    airport,  # noqa: F811 - fixture
    django_capture_on_commit_callbacks,
):
    first = services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )
    with django_capture_on_commit_callbacks(execute=True):
        regency = Regency.objects.get(code="6171")
        regency.name, regency.office = "Kota <Baru>", office("upt-mataram")
        regency.save()

    arrival = services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )

    assert first.office.code == "upt-pontianak"
    assert arrival.office.code == "upt-mataram"
    assert Arrival.objects.get(pk=arrival.pk).office.code == "upt-mataram"
    event = Event.objects.get(key=f"arrival:{arrival.pk}:handover")
    assert (event.office.code, event.params["regency"]) == ("upt-mataram", "Kota <Baru>")


@pytest.fixture
def receivers_kept(settings, reference_kept, airport):  # noqa: F811 - fixture
    """Who is told of Pontianak's arrivals kept, as one arrival logged leaves it: nobody."""
    settings.USER_CACHE_SECONDS = 300
    cache.delete(RECEIVERS_VERSION)
    services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )


@pytest.mark.usefixtures("receivers_kept")
def test_an_arrival_reads_no_webhook_and_no_staff_again_while_they_are_kept(
    airport,  # noqa: F811 - fixture
    django_assert_num_queries,
):
    worker, fields = pontianak_worker(), flight()

    # Was 10: the webhooks' settings and the staff are not read again.
    with django_assert_num_queries(8):
        arrival = services.arrival_log(
            actor=airport, person_fields={"nik": worker.nik}, arrival_fields=fields
        )

    assert Event.objects.filter(key=f"arrival:{arrival.pk}:handover").exists()
    assert not Notification.objects.filter(event__key=f"arrival:{arrival.pk}:handover").exists()


@pytest.mark.usefixtures("receivers_kept")
def test_an_officer_of_the_home_office_added_is_told_of_the_next_arrival(
    airport,  # noqa: F811 - fixture
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        officer = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))

    arrival = services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )

    told = Notification.objects.filter(event__key=f"arrival:{arrival.pk}:handover")
    assert [n.user_id for n in told] == [officer.pk]
