import pytest
from django.core.cache import cache

from cases.selectors import CASES_CHANGED
from pmi_portal.access.roles import Role
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from pmi_portal.web.versioned import version_key
from tests.factories import UserFactory, office


@pytest.fixture
def handler(db):
    """A case handler of UPT BP2MI Serang."""
    return UserFactory(username="kasus.serang", role=Role.CASE_HANDLER)


@pytest.fixture
def head(db):
    return UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)


@pytest.fixture
def outsider(db):
    """A case handler of UPT BP2MI Pontianak."""
    return UserFactory(
        username="kasus.pontianak", role=Role.CASE_HANDLER, office=office("upt-pontianak")
    )


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin.pusat", role=Role.ADMINISTRATOR, office=office("hq"))


@pytest.fixture
def airport(db):
    return UserFactory(
        username="bandara.soetta", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )


@pytest.fixture
def reference_kept(settings):
    """The reference data kept, as in production (a case page reads its office from it)."""
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


@pytest.fixture
def lists_kept(settings):
    """The cases lists' counts and rows kept, as in production; nothing another test kept is
    read."""
    settings.CASE_COUNT_CACHE_SECONDS = 300
    settings.CASE_LIST_CACHE_SECONDS = 300
    cache.delete(version_key(CASES_CHANGED, "any"))
