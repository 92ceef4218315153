"""A request reads the reference data under the generation its user's row was read with
(access.middleware.RequestGenerationMiddleware): the cache is asked for it once, with the
user, and a new generation reaches the very next request; outside a request it is read from
the cache each time."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from pmi_portal.access.roles import Role
from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Office
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.USER_CACHE_SECONDS = 300
    settings.SCOPE_CACHE_SECONDS = 600
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # a generation of this test's own


@pytest.fixture
def generation_reads(monkeypatch):
    """The generations read apart from the user's row (each a GET of its own)."""
    reads = []
    read = office_selectors.reference_generation

    def counted():
        if office_selectors._request_generation.get() is None:
            reads.append(cache.get(REFERENCE_GENERATION_KEY))
        return read()

    monkeypatch.setattr(office_selectors, "reference_generation", counted)
    return reads


def test_a_page_reads_its_scope_and_lists_under_its_users_generation(client, generation_reads):
    client.force_login(UserFactory(role=Role.OFFICE_HEAD))
    assert client.get(reverse("dashboards:page")).status_code == 200
    generation_reads.clear()

    response = client.get(reverse("dashboards:page"))

    assert response.status_code == 200
    assert generation_reads == []
    assert office_selectors._request_generation.get() is None


def test_an_office_saved_is_a_new_generation_for_the_next_request(
    client, django_capture_on_commit_callbacks
):
    head = UserFactory(role=Role.OFFICE_HEAD)
    client.force_login(head)
    client.get(reverse("dashboards:page"))
    before = cache.get(REFERENCE_GENERATION_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        office = Office.objects.get(pk=head.office_id)
        office.name = f"{office.name} (baru)"
        office.save()
    assert client.get(reverse("dashboards:page")).status_code == 200

    after = cache.get(REFERENCE_GENERATION_KEY)
    assert after != before
    scope_key = f"access.scope:{after}:{head.pk}:False:{head.role}:{head.office_id}"
    assert cache.get(scope_key) is not None
