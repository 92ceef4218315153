import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from placements.models import Agency, Placement, StageChange
from placements.stages import ACTIVE
from pmi_portal.identity.nik import parse_nik
from pmi_portal.people.models import Person

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
    from returns.models import Arrival

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

    assert response.status_code == 200
    assert "rekaman impor" in response.content.decode()


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
