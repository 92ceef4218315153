"""The worker page reads the duplicate flags and the programmes only for a person who has some:
the person's own read says whether there are any."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people.models import PossibleDuplicate
from tests.factories import PersonFactory, PlacementFactory, office
from tests.outreach.factories import ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>&\"'"
# The banner of open flags links to the page that resolves them.
DUPLICATES_LINK = '<a href="/people/duplicates/">'


def _reads_of(queries, table: str) -> list[str]:
    """The statements that read `table` for themselves, not as a subquery of another read."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith(f'SELECT "{table}".')
    ]


def _page(client, person) -> tuple[str, CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/registry/workers/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode(), queries


def test_a_worker_flagged_with_nobody_and_in_no_programme_costs_no_read_of_either(
    counter_client,
):
    person = PersonFactory()
    # Another person's flag and programme are not hers.
    PossibleDuplicate.objects.create(
        worker=PersonFactory(), similar_to=PersonFactory(), reason="name_and_birth_date"
    )
    ParticipantFactory(person=PersonFactory())

    page, queries = _page(counter_client, person)

    assert _reads_of(queries, "people_possibleduplicate") == []
    assert _reads_of(queries, "outreach_participant") == []
    assert len(_reads_of(queries, "people_person")) == 1
    assert DUPLICATES_LINK not in page
    assert 'data-testid="person-programmes"' not in page


@pytest.mark.parametrize("side", ["worker", "similar_to"])
def test_a_flag_or_a_programme_added_shows_on_the_next_page_at_once(counter_client, side):
    person = PersonFactory()
    _page(counter_client, person)
    twin = PersonFactory(full_name=f"Kembar {HOSTILE}")
    PossibleDuplicate.objects.create(
        **{side: person, ("similar_to" if side == "worker" else "worker"): twin},
        reason="name_and_birth_date",
    )
    ParticipantFactory(person=person, programme=ProgrammeFactory(title=f"Kursus {HOSTILE}"))

    page, queries = _page(counter_client, person)

    assert "Kembar &lt;script&gt;&amp;&quot;&#x27;" in page
    assert "Kursus &lt;script&gt;&amp;&quot;&#x27;" in page
    assert "<script>&" not in page
    assert len(_reads_of(queries, "people_possibleduplicate")) == 1
    assert len(_reads_of(queries, "outreach_participant")) == 1


def test_a_resolved_flag_is_read_no_more(counter_client):
    person = PersonFactory()
    flag = PossibleDuplicate.objects.create(
        worker=person, similar_to=PersonFactory(), reason="name_and_birth_date"
    )
    assert DUPLICATES_LINK in _page(counter_client, person)[0]
    flag.resolution = PossibleDuplicate.Resolution.DIFFERENT
    flag.save()

    page, queries = _page(counter_client, person)

    assert DUPLICATES_LINK not in page
    assert _reads_of(queries, "people_possibleduplicate") == []


@pytest.mark.usefixtures("reference_kept")
def test_the_home_regency_and_office_are_kept_and_a_renamed_one_shows_at_once(
    counter_client, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    _page(counter_client, person)

    page, queries = _page(counter_client, person)

    # The person alone, without joining the reference data.
    (read,) = _reads_of(queries, "people_person")
    assert "JOIN" not in read.split(" WHERE ")[0]
    names = ('"offices_regency"."name"', '"offices_province"."name"')
    assert not [q["sql"] for q in queries.captured_queries if any(n in q["sql"] for n in names)]
    regency, office = person.home_regency, person.registered_by_office
    assert f"{regency.name}, {regency.province.name}</dd>" in page
    assert f"Didaftarkan di {office.name} pada" in page

    # A saved regency, province or office renews the reference data once committed.
    with django_capture_on_commit_callbacks(execute=True):
        regency.name = f"Kab {HOSTILE}"
        regency.save()
        regency.province.name = f"Prov {HOSTILE}"
        regency.province.save()
        office.name = f"UPT {HOSTILE}"
        office.save()

    page = _page(counter_client, person)[0]
    assert "Kab &lt;script&gt;&amp;&quot;&#x27;, Prov &lt;script&gt;&amp;&quot;&#x27;</dd>" in page
    assert "Didaftarkan di UPT &lt;script&gt;&amp;&quot;&#x27; pada" in page


@pytest.mark.usefixtures("reference_kept")
@pytest.mark.parametrize("active, queries", [(False, 10), (True, 12)])
def test_the_worker_page_costs_its_queries_and_no_more(
    counter_client, django_assert_max_num_queries, active, queries
):
    """At most, with the test settings' sessions in the database (saved on every request): the
    session's read and save (3 statements), the user and the scope's regencies, the unread
    notifications, the person (its home regency and office kept), the audit row, the
    placements; with an active one its documents and history. Fewer with Redis (6 and 8)."""
    person = PlacementFactory().worker if active else PersonFactory()
    counter_client.get(f"/registry/workers/{PersonFactory().pk}/")  # another person's clock

    with django_assert_max_num_queries(queries):
        assert counter_client.get(f"/registry/workers/{person.pk}/").status_code == 200


def test_another_offices_worker_is_not_found_and_the_asking_is_audited(counter_client, counter):
    """The person is read by key and judged on the row: one of Pontianak answers Serang 404,
    with the out-of-scope row its region's heads see, and no identity viewed."""
    pontianak = PersonFactory(home_regency_id="6171", registered_by_office=office("upt-pontianak"))

    response = counter_client.get(f"/registry/workers/{pontianak.pk}/")

    assert response.status_code == 404
    asked = AuditEvent.objects.get(action=AuditAction.OUT_OF_SCOPE, actor=counter)
    assert (asked.object_id, asked.regency_id) == (str(pontianak.pk), "6171")
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTITY).exists()
    assert pontianak.full_name.encode() not in response.content


def test_a_worker_registered_by_the_office_is_in_its_scope_wherever_they_live(counter_client):
    """The scope holds the office that registered a person as restrict() holds it."""
    elsewhere = PersonFactory(home_regency_id="6171")

    assert counter_client.get(f"/registry/workers/{elsewhere.pk}/").status_code == 200


def test_a_worker_that_does_not_exist_is_not_found_and_nothing_is_audited(counter_client):
    missing = PersonFactory().pk + 1000

    assert counter_client.get(f"/registry/workers/{missing}/").status_code == 404
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.OUT_OF_SCOPE, AuditAction.VIEW_IDENTITY]
    ).exists()
