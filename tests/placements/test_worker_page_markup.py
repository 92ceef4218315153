"""The worker page written in one pass (placement_rows.worker_heading and worker_sections) is
the page its template drew, byte for byte: with an active placement or none, no placement at
all, flags in and out of the scope, programmes, an officer who may change it and one who may
only look, hostile text, each language and time zone."""

import re

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from placements.models import PlacementDocument
from pmi_portal.access.roles import Role
from pmi_portal.people.models import PossibleDuplicate
from tests.factories import AgencyFactory, PersonFactory, PlacementFactory, UserFactory, office
from tests.outreach.factories import ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>&\"'"

# The page's template and its placements table before they were written in Python.
_TEMPLATE = """{% extends "base.html" %}
{% load i18n placement_rows programmes %}
{% block title %}{{ worker.full_name }}{% endblock %}
{% block content %}
<div class="d-flex justify-content-between align-items-start flex-wrap gap-2">
  <div>
    <h1 class="h3 mb-0" data-testid="worker-name">{{ worker.full_name }}</h1>
    <p class="text-muted">{% blocktranslate with office=registered_at date=worker.created_at|date:"j M Y" %}Registered at {{ office }} on {{ date }}{% endblocktranslate %}</p>
  </div>
  <div class="d-print-none d-flex gap-2">
    {% if perms.people.change_person %}<a class="btn btn-outline-primary" href="{% url 'placements:worker_edit' worker.pk %}">{% translate "Change data" %}</a>{% endif %}
    {% if perms.placements.add_placement and not active %}<a class="btn btn-primary" href="{% url 'placements:placement_new' worker.pk %}">{% translate "New placement" %}</a>{% endif %}
  </div>
</div>
{% if duplicates %}
<div class="alert alert-warning" role="alert">
  {% translate "Flagged as possibly the same person as:" %}
  {% for duplicate in duplicates %}{% if duplicate.visible %}<a href="{% url 'placements:worker' duplicate.other.pk %}">{{ duplicate.other.full_name }}</a>{% else %}{% blocktranslate with office=duplicate.other.registered_by_office %}a record at {{ office }}, outside your area{% endblocktranslate %}{% endif %}{% if not forloop.last %}, {% endif %}{% endfor %}
  · <a href="{% url 'people:duplicates' %}">{% translate "Check and resolve" %}</a>
</div>
{% endif %}
<div class="row g-3">
  <div class="col-lg-5">
    <section class="card" aria-labelledby="identity-heading">
      <div class="card-body">
        <h2 class="h5" id="identity-heading">{% translate "Identity" %}</h2>
        <p class="small text-muted">{% translate "Whole identity data: this view is recorded in the audit trail." %}</p>
        <dl class="row mb-0">{{ worker|identity_rows }}</dl>
      </div>
    </section>
  </div>
  <div class="col-lg-7">
    {% if active %}
      <div id="stage-panel">{% include "placements/_stage_panel.html" with placement=active %}</div>
    {% endif %}
    {% include "placements/_placements_table.html" %}
    {% if worker.took_part %}{% person_programmes worker %}{% endif %}
  </div>
</div>
{% endblock %}
"""  # noqa: E501
_TABLE = """{% load i18n placement_rows %}
<section class="mt-3" id="placements-table" aria-labelledby="placements-heading">
  <h2 class="h5" id="placements-heading">{% translate "Placements" %}</h2>
  {% if placements %}
  <div class="table-responsive" tabindex="0" role="region" aria-labelledby="placements-heading">
  <table class="table table-sm">
    <thead><tr><th scope="col">{% translate "Destination" %}</th><th scope="col">{% translate "Scheme" %}</th><th scope="col">{% translate "Employer" %}</th><th scope="col">{% translate "Stage" %}</th><th scope="col">{% translate "Registered" %}</th><th scope="col"></th></tr></thead>
    <tbody>
      {{ placements|placement_rows }}
    </tbody>
  </table>
  </div>
  {% else %}<p class="text-muted">{% translate "No placement yet." %}</p>{% endif %}
</section>
"""  # noqa: E501

_PANEL = "{% load placement_rows %}\n{% stage_panel %}\n"

_TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')


@pytest.fixture
def as_the_template_drew_it(settings):
    """Draws the page with the templates above, the rest as the settings have it."""
    engine = django_settings.TEMPLATES[0]

    def use():
        settings.TEMPLATES = [
            {
                **engine,
                "APP_DIRS": False,
                "OPTIONS": {
                    **engine["OPTIONS"],
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {
                                "placements/worker_detail.html": _TEMPLATE,
                                "placements/_placements_table.html": _TABLE,
                                "placements/_stage_panel.html": _PANEL,
                            },
                        ),
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                },
            }
        ]

    return use


def _both(client, person, use_template) -> tuple[str, str]:
    url = f"/registry/workers/{person.pk}/"
    written = client.get(url)
    use_template()
    drawn = client.get(url)
    assert written.status_code == drawn.status_code == 200
    return _TOKENS.sub("token", written.content.decode()), _TOKENS.sub(
        "token", drawn.content.decode()
    )


def _worker(**fields):
    return PersonFactory(
        full_name=f"Siti {HOSTILE}",
        address=f"Jl. {HOSTILE}",
        next_of_kin_name=f"Ibu {HOSTILE}",
        **fields,
    )


def _hostile_office():
    serang = office("upt-serang")
    serang.name = f"UPT {HOSTILE}"
    serang.save()
    return serang


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura", "UTC"])
@pytest.mark.parametrize("stage", ["registered", "visa", "cancelled"])
def test_a_worker_with_placements_is_drawn_as_the_template_drew_it(
    client, as_the_template_drew_it, language, zone, stage
):
    _hostile_office()
    worker = _worker(passport_number="C1234567")
    placement = PlacementFactory(
        worker=worker,
        stage=stage,
        agency=AgencyFactory(name=f"PT {HOSTILE}"),
        employer_name=f"Majikan {HOSTILE}",
        cancel_reason=HOSTILE if stage == "cancelled" else "",
    )
    PlacementFactory(worker=worker, stage="cancelled", cancel_reason=HOSTILE)
    PlacementDocument.objects.create(
        placement=placement,
        kind="ktp",
        file="private/x.pdf",
        original_name=f"scan {HOSTILE}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    client.force_login(UserFactory(role=Role.COUNTER_OFFICER))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language

    with timezone.override(zone):
        written, drawn = _both(client, worker, as_the_template_drew_it)

    assert written == drawn
    assert ('data-testid="stage-panel"' in written) == (stage != "cancelled")
    assert "Siti &lt;script&gt;&amp;&quot;&#x27;" in written
    assert "UPT &lt;script&gt;" in written


@pytest.mark.parametrize("role", [Role.COUNTER_OFFICER, Role.OFFICE_HEAD, Role.NATIONAL_ANALYST])
def test_a_worker_without_placements_is_drawn_alike_for_each_role(
    client, as_the_template_drew_it, role
):
    worker = _worker(skills="", phone="")
    user = UserFactory(
        role=role, office=office("hq" if role == Role.NATIONAL_ANALYST else "upt-serang")
    )
    client.force_login(user)

    written, drawn = _both(client, worker, as_the_template_drew_it)

    assert written == drawn
    assert 'id="placements-table"' in written


def test_flags_in_and_out_of_the_scope_and_programmes_are_drawn_alike(
    client, as_the_template_drew_it
):
    worker = _worker()
    PlacementFactory(worker=worker)
    for other in (
        PersonFactory(full_name=f"Kembar {HOSTILE}"),
        PersonFactory(home_regency_id="6171", registered_by_office=office("upt-pontianak")),
    ):
        PossibleDuplicate.objects.create(
            worker=worker, similar_to=other, reason="name_and_birth_date"
        )
    ParticipantFactory(person=worker, programme=ProgrammeFactory(title=f"Kursus {HOSTILE}"))
    client.force_login(UserFactory(role=Role.COUNTER_OFFICER))

    written, drawn = _both(client, worker, as_the_template_drew_it)

    assert written == drawn
    assert "Kembar &lt;script&gt;" in written
    assert "Kursus &lt;script&gt;" in written
    assert 'data-testid="person-programmes"' in written
