"""The counter's home: the placements waiting on the office, as its template loop wrote them,
read in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from placements.selectors import counter_queue
from pmi_portal.access.roles import Role
from pmi_portal.web.views import queue_rows
from tests.factories import PersonFactory, PlacementFactory, UserFactory, office

pytestmark = pytest.mark.django_db

# The queue's rows as the home page's template loop wrote them before queue_rows wrote them in
# one pass.
_LOOP = Template(
    """{% load i18n %}{% for placement in queue %}
          <li class="list-group-item px-0 d-flex justify-content-between flex-wrap">
            <a href="{% url 'placements:worker' placement.worker_id %}">{{ placement.worker.full_name }}</a>
            <span class="text-muted small">{{ placement.get_stage_display }} · {{ placement.destination }} · {{ placement.stage_changed_at|timesince }}</span>
          </li>
          {% empty %}
          <li class="list-group-item px-0 text-muted">{% translate "Nothing is waiting." %}</li>
          {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_queue_is_written_as_the_template_loop_wrote_it(counter, language):
    now = timezone.now()
    PlacementFactory(
        worker=PersonFactory(full_name="<script>alert(\"x\")</script> Siti & 'Aminah'"),
        stage_changed_at=now - datetime.timedelta(days=40, hours=3),
    )
    PlacementFactory(stage="medical_check", destination_id="MY", stage_changed_at=now)
    PlacementFactory(
        stage="visa", destination_id="SA", stage_changed_at=now - datetime.timedelta(minutes=7)
    )
    PlacementFactory(stage="departed")  # no longer waiting
    queue = list(counter_queue(counter, limit=10))
    elsewhere = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))

    with translation.override(language), timezone.override("Asia/Makassar"):
        loop = _LOOP.render(Context({"queue": queue}))
        rows = queue_rows(counter)
        again = queue_rows(counter)  # from the kept SQL
        empty_loop = _LOOP.render(Context({"queue": []}))
        empty_rows = queue_rows(elsewhere)

    assert len(queue) == 3
    assert rows == loop
    assert again == loop
    assert empty_rows == empty_loop
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Siti &amp; &#x27;Aminah&#x27;" in rows


def test_the_kept_queue_shows_a_change_at_once_and_keeps_to_the_scope(counter):
    elsewhere = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    waiting = PlacementFactory(worker=PersonFactory(full_name="Siti Aminah"))
    assert "Siti Aminah" in queue_rows(counter)
    assert "Siti Aminah" not in queue_rows(elsewhere)

    PlacementFactory(worker=PersonFactory(full_name="Dewi <b>Lestari</b>"))
    waiting.worker.full_name = "Siti Rahayu"
    waiting.worker.save()
    rows = queue_rows(counter)

    assert "Siti Rahayu" in rows
    assert "Dewi &lt;b&gt;Lestari&lt;/b&gt;" in rows
    assert "Lestari" not in queue_rows(elsewhere)


def _queue_reads(captured) -> list[str]:
    """The SELECTs of placements, their workers or countries (not the summaries' refresh)."""
    tables = ('"placements_placement"', '"people_person"', '"offices_country"')
    return [
        query["sql"]
        for query in captured
        if query["sql"].startswith("SELECT") and any(table in query["sql"] for table in tables)
    ]


@pytest.mark.parametrize(("page", "rows", "marker"), [
    ("home", 10, '<li class="list-group-item px-0 d-flex'),
    ("placements:queue", 12, 'class="masked-identity"'),
])  # fmt: skip
def test_the_queue_is_read_in_one_query_whatever_its_length(client, counter, page, rows, marker):
    for _ in range(12):
        PlacementFactory()
    client.force_login(counter)
    client.get(reverse(page))

    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse(page)).content.decode()

    assert html.count(marker) == rows
    assert len(_queue_reads(captured)) == 1


def test_the_home_queue_reads_only_the_columns_it_shows(client, counter):
    PlacementFactory()
    client.force_login(counter)
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))

    (read,) = _queue_reads(captured)
    assert '"people_person"."nik"' not in read
    assert "placements_agency" not in read
