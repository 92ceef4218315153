"""The SKM page reads its sums in one query and the offices' names with the reference data:
a renamed office shows at once, a new answer too."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmi_portal.access.roles import Role
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from service_quality import selectors
from tests.factories import UserFactory, office
from tests.service_quality.factories import SurveyAnswerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test kept is read
    caches["process"].clear()


@pytest.fixture
def head_client(client):
    client.force_login(UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD))
    return client


def _reads(captured, table: str) -> list[str]:
    return [query["sql"] for query in captured if f'FROM "{table}"' in query["sql"]]


def test_the_page_reads_its_answers_once_and_no_office(head_client, kept):
    SurveyAnswerFactory()
    SurveyAnswerFactory(office=office("pos-soetta"), u1=4)
    head_client.get(reverse("service_quality:satisfaction"))

    with CaptureQueriesContext(connection) as captured:
        page = head_client.get(reverse("service_quality:satisfaction")).content.decode()

    assert len(_reads(captured, "service_quality_surveyanswer")) == 1
    assert _reads(captured, "offices_office") == []
    assert page.count("<tr data-office=") == 2


def test_a_renamed_office_and_a_new_answer_show_at_once(
    head_client, kept, django_capture_on_commit_callbacks
):
    SurveyAnswerFactory()
    url = reverse("service_quality:satisfaction")
    before = head_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        serang = office("upt-serang")
        serang.name = "<script>alert('x')</script> Serang"
        serang.save()
    SurveyAnswerFactory(office=office("pos-soetta"))

    after = head_client.get(url).content.decode()

    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Serang" not in before
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Serang</td>" in after
    assert after.count("<tr data-office=") == before.count("<tr data-office=") + 1


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_page_from_its_kept_sql_is_the_first_and_the_orms_and_keeps_to_the_scope(
    client, kept, language
):
    head = UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)
    client.force_login(head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    SurveyAnswerFactory(u1=4, u5=1)
    SurveyAnswerFactory(office=office("pos-soetta"), u2=2)
    SurveyAnswerFactory(office=office("upt-pontianak"), u3=1)  # not the head's
    periods = selectors.periods_of(timezone.localdate().year)
    url = reverse("service_quality:satisfaction")

    first = client.get(url).content.decode()
    again = client.get(url).content.decode()

    assert _main(again) == _main(first)
    assert first.count("<tr data-office=") == 2
    assert selectors.indexes_in_scope(head, periods) == selectors.indexes_of(
        selectors.answers_for(head), periods
    )


def _main(page: str) -> str:
    """The page's content (the rest holds a CSRF token masked anew each request)."""
    return page[page.index("<main") : page.index("</main>")]
