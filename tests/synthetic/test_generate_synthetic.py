import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outreach.models import Activity
from placements.models import Agency, Placement, StageChange
from placements.stages import ACTIVE
from pmi_portal.access.roles import Role
from pmi_portal.db import _nodes as plan_nodes
from pmi_portal.identity.nik import parse_nik
from pmi_portal.offices.models import Regency
from pmi_portal.people.models import Person
from pmi_portal.people.selectors import search_people, search_rows
from service_quality.models import SurveyAnswer
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db(transaction=True)


def generate(workers: int, seed: int = 1) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", workers=workers, seed=seed, no_progress=True, stdout=out)
    return out.getvalue()


def test_synthetic_workers_have_valid_niks_that_agree_with_sex_birth_date_and_home(
    reference_data,
):
    generate(2000)

    workers = Person.objects.filter(placements__isnull=False).distinct()
    assert workers.count() == 2000
    for worker in workers[:300]:
        nik = parse_nik(worker.nik)
        assert nik.sex == worker.sex
        assert nik.birth_date == worker.birth_date
        assert nik.regency_code == worker.home_regency_id


def test_synthetic_placements_keep_the_registry_rules(reference_data):
    generate(2000)

    active = Counter(Placement.objects.filter(stage__in=ACTIVE).values_list("worker_id", flat=True))
    assert max(active.values()) == 1
    assert not Placement.objects.filter(scheme="p2p", agency__isnull=True).exists()
    assert StageChange.objects.count() == 2 * Placement.objects.count()
    assert Agency.objects.exists()


def test_synthetic_data_has_realistic_proportions(reference_data):
    generate(3000)

    provinces = Counter(w[:2] for w in Person.objects.values_list("home_regency_id", flat=True))
    top_three = {code for code, _ in provinces.most_common(3)}
    assert top_three <= {"32", "33", "35", "52"}
    destinations = Counter(Placement.objects.values_list("destination_id", flat=True))
    assert {code for code, _ in destinations.most_common(3)} == {"TW", "HK", "MY"}
    informal = Person.objects.filter(placements__sector="informal").distinct()
    assert informal.filter(sex="F").count() > 0.9 * informal.count()


def _people():
    return list(Person.objects.order_by("id").values_list("nik", "full_name", "birth_date"))


def _empty_registry():
    from cases.models import Case, CaseParty
    from returns.models import Arrival

    CaseParty.objects.all().delete()
    Case.objects.all().delete()
    Arrival.objects.all().delete()
    StageChange.objects.all().delete()
    Placement.objects.all().delete()
    Person.objects.all().delete()
    Agency.objects.all().delete()


def test_the_same_seed_gives_the_same_people_and_another_seed_others(reference_data):
    generate(300, seed=7)
    first = _people()
    _empty_registry()
    generate(300, seed=7)
    again = _people()
    _empty_registry()
    generate(300, seed=8)

    assert first == again
    assert _people() != first


def test_generate_synthetic_refuses_zero_workers(reference_data):
    with pytest.raises(CommandError):
        generate(0)


def test_the_counter_opens_the_page_of_a_synthetic_worker_with_its_history(reference_data, client):
    from pmi_portal.access.roles import Role
    from tests.factories import UserFactory

    generate(300)
    worker = (
        Person.objects.filter(placements__stage__in=ACTIVE)
        .select_related("home_regency__office")
        .first()
    )
    officer = UserFactory(role=Role.COUNTER_OFFICER, office=worker.home_regency.office)
    client.force_login(officer)

    response = client.get(f"/registry/workers/{worker.pk}/")
    placement = worker.placements.get(stage__in=ACTIVE)
    # What the stage panel asks for when its history is opened.
    history = client.get(
        f"/registry/placements/{placement.pk}/history/", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert f'hx-get="/registry/placements/{placement.pk}/history/"' in response.content.decode()
    assert "rekaman impor" in history.content.decode()


def test_synthetic_arrivals_come_from_returned_placements_and_from_people_with_none(
    reference_data,
):
    from returns.models import Arrival

    generate(2000)

    returned = Placement.objects.filter(stage="returned").count()
    arrivals = Arrival.objects.all()
    documented = arrivals.filter(no_placement_on_record=False)
    assert documented.count() == returned > 0
    undocumented = arrivals.filter(no_placement_on_record=True)
    assert undocumented.exists()
    assert not Placement.objects.filter(worker__arrivals__in=undocumented).exists()
    troubled_share = arrivals.filter(category="troubled").count() / arrivals.count()
    assert 0.1 < troubled_share < 0.5
    assert all(a.office_id == a.regency.office_id for a in arrivals.select_related("regency")[:300])
    assert not arrivals.filter(handover="received", received_on__isnull=True).exists()


def test_synthetic_cases_come_in_realistic_proportions_across_states(reference_data):
    from cases.models import Case, CaseAgency, CaseParty, CaseStateChange

    output = generate(5000)

    cases = Case.objects.all()
    assert 450 <= cases.count() <= 550, output
    types = Counter(cases.values_list("case_type", flat=True))
    assert types.most_common(1)[0][0] == "repatriation_request"
    assert types["unpaid_wages"] > types["trafficking"] > 0
    assert types["non_procedural"] > 0 and types["unlicensed_recruiter"] > 0
    states = Counter(cases.values_list("state", flat=True))
    assert {"reported", "under_investigation", "referred", "closed", "rejected"} <= set(states)
    assert states["closed"] > states["reported"]
    assert cases.filter(source="troubled_return", arrival__isnull=False).exists()
    assert all(c.office_id == c.regency.office_id for c in cases.select_related("regency")[:300])
    assert not cases.filter(state="merged", merged_into__isnull=True).exists()
    assert not cases.filter(state="referred", referrals__isnull=True).exists()
    assert not cases.exclude(state__in=["rejected", "merged", "closed"]).filter(due_at=None)
    moves = CaseStateChange.objects.filter(case__in=cases)
    assert moves.filter(kind="opened").count() == cases.count()
    assert CaseParty.objects.filter(role="victim").count() == cases.count()
    assert CaseAgency.objects.exists()


def test_some_synthetic_recruiters_recur_across_cases(reference_data):
    from django.db.models import Count

    from cases.models import CaseParty

    generate(5000)

    recruiters = (
        CaseParty.objects.filter(role="recruiter")
        .values("person")
        .annotate(cases=Count("case", distinct=True))
    )
    assert recruiters.filter(cases__gte=3).exists()
    assert recruiters.filter(cases=1).exists()
    calo = Person.objects.get(pk=recruiters.order_by("-cases").first()["person"])
    assert calo.nik is None and " alias " in calo.full_name


def test_every_office_with_cases_has_one_with_a_200_entry_timeline(reference_data, client):
    from cases.models import Case
    from cases.selectors import timeline
    from pmi_portal.access.roles import Role
    from tests.factories import UserFactory

    generate(3000)

    offices = set(Case.objects.values_list("office", flat=True))
    long_cases = [
        case for case in Case.objects.filter(state="referred") if case.notes.count() > 150
    ]
    assert {case.office_id for case in long_cases} == offices
    case = long_cases[0]
    assert len(timeline(case)) == 200
    handler = UserFactory(role=Role.CASE_HANDLER, office=case.office)
    client.force_login(handler)
    newest = client.get(f"/cases/{case.pk}/").content.decode()
    whole = client.get(f"/cases/{case.pk}/?timeline=all").content.decode()
    assert newest.count('class="border-start ps-2 mb-2"') == 50
    assert "Tampilkan 150 entri sebelumnya" in newest
    assert whole.count('class="border-start ps-2 mb-2"') == 200


def test_synthetic_outreach_and_surveys_keep_their_rules_and_leave_coverage_gaps(reference_data):
    generate(4000)

    activities = Activity.objects.select_related("regency")
    assert activities.count() == 20
    for activity in activities.exclude(online=True):
        assert activity.regency.office_id == activity.office_id
    assert not activities.filter(online=False, regency__isnull=True).exists()
    visited = set(activities.values_list("regency", flat=True))
    assert Regency.objects.exclude(code__in=[code for code in visited if code]).exists()
    answers = SurveyAnswer.objects.all()
    assert answers.count() == 200
    assert not answers.filter(u1__gt=4).exists() and not answers.filter(u9__lt=1).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the name index (people_namekey) is PostgreSQL's"
)
def test_synthetic_people_are_found_by_a_misspelt_name_from_the_name_index(reference_data):
    generate(500)

    with connection.cursor() as cursor:
        cursor.execute("SELECT name_key FROM people_namekey")
        indexed = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'people_namekey_trgm_idx'"
        )
        (trigram_indexes,) = cursor.fetchone()
    assert set(Person.objects.values_list("name_key", flat=True)) <= indexed
    assert trigram_indexes == 1  # built again after the load
    person = Person.objects.filter(full_name__contains=" ").order_by("pk").first()
    analyst = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))
    misspelt = person.full_name[:-1] + ("x" if person.full_name[-1] != "x" else "y")
    assert person in search_people(analyst, misspelt)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
def test_a_name_search_reads_the_people_of_each_name_from_the_index_alone(reference_data):
    # The loaded tables are left vacuumed, as autovacuum leaves a database in service, and the
    # scope's columns lie in the names' index (migration people 0012): most people of a name
    # live outside a counter's scope, and none of their rows is read to tell.
    generate(500)
    counter = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-serang"))
    person = Person.objects.filter(home_regency__province_id="36").order_by("pk").first()
    search_rows(counter, "warm the scope")

    with CaptureQueriesContext(connection) as queries:
        found = search_rows(counter, person.full_name[:-1])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {queries[0]['sql']}")
        reads = [
            node
            for node in plan_nodes(cursor.fetchone()[0][0]["Plan"])
            if node.get("Index Name") == "person_name_birth_scope_idx"
        ]
    assert person.pk in {row.pk for row in found}
    assert reads
    assert {(node["Node Type"], node["Heap Fetches"]) for node in reads} == {("Index Only Scan", 0)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
def test_a_handlers_queue_reads_its_first_page_from_the_index_alone(reference_data, client):
    # Their open cases in scope, soonest due first (migration cases 0007): the page's keys in
    # deadline order from the index by handler, none of the handler's other rows read.
    from cases.models import Case

    handlers = [
        UserFactory(role=Role.CASE_HANDLER, office=office(code))
        for code in ("upt-serang", "upt-pontianak", "bp3mi-jatim", "bp3mi-jabar")
    ]
    generate(3000)
    handler = max(handlers, key=lambda user: Case.objects.filter(assigned_to=user).count())
    client.force_login(handler)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cases/").status_code == 200
    (listing,) = [query["sql"] for query in queries if 'due_at" ASC LIMIT' in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {listing}")
        reads = [
            (node["Node Type"], node.get("Heap Fetches"))
            for node in plan_nodes(cursor.fetchone()[0][0]["Plan"])
            if node.get("Index Name") == "case_handler_due_idx"
        ]
    assert reads == [("Index Only Scan", 0)]
