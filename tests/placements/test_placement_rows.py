"""The worker page's loops written in one pass (placements/templatetags/placement_rows.py) give
the markup the template's loops gave, byte for byte, hostile text escaped alike."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from placements.models import PlacementDocument
from placements.selectors import worker_placements
from placements.stages import DocumentKind
from placements.templatetags.placement_rows import (
    checklist_items,
    document_items,
    identity_rows,
    placement_rows,
)
from pmi_portal.people.models import Person
from tests.factories import AgencyFactory, PersonFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>&\"'"
LANGUAGES = ["id", "en"]
ZONES = ["Asia/Jakarta", "Asia/Jayapura", "UTC"]

_PLACEMENTS_LOOP = Template(
    """{% load i18n %}{% for placement in placements %}
      <tr id="placement-{{ placement.pk }}">
        <td>{{ placement.destination }}</td>
        <td>{{ placement.get_scheme_display }}{% if placement.agency %}<br><span class="small">{{ placement.agency }}</span>{% endif %}</td>
        <td>{{ placement.employer_name }}<br><span class="small text-muted">{{ placement.job_title }}</span></td>
        <td data-testid="placement-stage">{{ placement.get_stage_display }}{% if placement.cancel_reason %}<br><span class="small text-muted">{{ placement.cancel_reason }}</span>{% endif %}</td>
        <td>{{ placement.created_at|date:"j M Y" }}</td>
        <td class="d-print-none"><a href="{% url 'placements:receipt' placement.pk %}">{% translate "Receipt" %}</a></td>
      </tr>
      {% endfor %}"""  # noqa: E501
)

_CHECKLIST_LOOP = Template(
    """{% load i18n %}{% for item in checklist %}
      <li><i class="bi {% if item.held %}bi-check-circle-fill text-success{% else %}bi-circle text-danger{% endif %}" aria-hidden="true"></i>
        {{ item.label }}
        <span class="visually-hidden">{% if item.held %}{% translate "received" %}{% else %}{% translate "missing" %}{% endif %}</span></li>
      {% endfor %}"""  # noqa: E501
)

_DOCUMENTS_LOOP = Template(
    """{% for document in documents %}<li><a href="{% url 'placements:document' document.pk %}">{{ document.get_kind_display }}</a> · {{ document.original_name }} · {{ document.uploaded_at|date:"j M Y" }}</li>{% endfor %}"""  # noqa: E501
)


_IDENTITY = Template(
    """{% load i18n %}
          <dt class="col-sm-5">NIK</dt><dd class="col-sm-7" data-testid="worker-nik">{{ worker.nik }}</dd>
          <dt class="col-sm-5">{% translate "Sex" %}</dt><dd class="col-sm-7">{{ worker.get_sex_display }}</dd>
          <dt class="col-sm-5">{% translate "Born" %}</dt><dd class="col-sm-7">{{ worker.birth_place }}, {{ worker.birth_date|date:"j F Y" }}</dd>
          <dt class="col-sm-5">{% translate "Lives in" %}</dt><dd class="col-sm-7">{{ worker.address }}, {{ worker.home_regency }}, {{ worker.home_regency.province }}</dd>
          <dt class="col-sm-5">{% translate "Phone" %}</dt><dd class="col-sm-7">{{ worker.phone|default:"—" }}</dd>
          <dt class="col-sm-5">{% translate "Education" %}</dt><dd class="col-sm-7">{{ worker.get_education_display }}</dd>
          <dt class="col-sm-5">{% translate "Skills" %}</dt><dd class="col-sm-7">{{ worker.skills|default:"—" }}</dd>
          <dt class="col-sm-5">{% translate "Next of kin" %}</dt><dd class="col-sm-7">{{ worker.next_of_kin_name }} ({{ worker.next_of_kin_relation }}), {{ worker.next_of_kin_phone }}</dd>
          <dt class="col-sm-5">{% translate "Passport" %}</dt><dd class="col-sm-7">{% if worker.passport_number %}{{ worker.passport_number }}, {% translate "valid until" %} {{ worker.passport_expiry|date:"j M Y" }}{% else %}—{% endif %}</dd>
        """  # noqa: E501
)


def assert_written_as(written_by, loop: Template, name: str, values) -> None:
    """`written_by(values)` is what `loop` wrote of `values` (as `name`), hostile text escaped."""
    written = str(written_by(values))
    assert written == loop.render(Context({name: values}))
    assert "&lt;script&gt;&amp;&quot;&#x27;" in written


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("zone", ZONES)
def test_the_placements_table_rows_are_written_as_the_loop_wrote_them(language, zone):
    first = PlacementFactory(
        agency=AgencyFactory(name=f"PT {HOSTILE}"),
        employer_name=HOSTILE,
        job_title=f"{HOSTILE} caregiver",
        stage="cancelled",
        cancel_reason=HOSTILE,
        # Late in the evening, UTC: another day in Jakarta and in Jayapura.
        created_at=datetime.datetime(2025, 3, 31, 20, 30, tzinfo=datetime.UTC),
    )
    PlacementFactory(
        worker=first.worker,
        agency=None,
        scheme="g2g",
        destination_id="KR",
        stage="visa",
        created_at=datetime.datetime(2025, 12, 1, 2, 0, tzinfo=datetime.UTC),
    )
    placements = list(worker_placements(first.worker, UserFactory(is_superuser=True)))
    assert len(placements) == 2

    with translation.override(language), timezone.override(zone):
        assert_written_as(placement_rows, _PLACEMENTS_LOOP, "placements", placements)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_checklist_is_written_as_the_loop_wrote_it(language):
    checklist = [
        {"label": DocumentKind.KTP.label, "held": True},
        {"label": DocumentKind.VISA.label, "held": False},
        {"label": HOSTILE, "held": False},
    ]

    with translation.override(language):
        assert_written_as(checklist_items, _CHECKLIST_LOOP, "checklist", checklist)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("zone", ZONES)
def test_the_documents_are_written_as_the_loop_wrote_them(language, zone):
    placement = PlacementFactory()
    for number, kind in enumerate(["ktp", "visa", "other"]):
        PlacementDocument.objects.create(
            placement=placement,
            kind=kind,
            file=f"documents/{number}.pdf",
            original_name=f"{HOSTILE}{number}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )
    PlacementDocument.objects.filter(kind="visa").update(
        uploaded_at=datetime.datetime(2025, 1, 31, 19, 0, tzinfo=datetime.UTC)
    )
    documents = list(placement.documents.all())

    with translation.override(language), timezone.override(zone):
        assert_written_as(document_items, _DOCUMENTS_LOOP, "documents", documents)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_identity_is_written_as_the_template_wrote_it(language):
    whole = PersonFactory(
        full_name=HOSTILE,
        sex="F",
        birth_place=HOSTILE,
        birth_date=datetime.date(1990, 5, 1),
        address=HOSTILE,
        phone="0812<&>",
        education=Person._meta.get_field("education").choices[0][0],
        skills=HOSTILE,
        next_of_kin_name=HOSTILE,
        next_of_kin_relation=HOSTILE,
        next_of_kin_phone=HOSTILE,
        passport_number="C1234567",
        passport_expiry=datetime.date(2030, 8, 17),
    )
    # As a record migrated from the old registry: little known, no home regency.
    sparse = PersonFactory()
    Person.objects.filter(pk=sparse.pk).update(
        sex="", birth_date=None, phone="", education="", skills="", passport_number="",
        home_regency=None,
    )  # fmt: skip
    passport_only = PersonFactory(passport_number="X<1>", passport_expiry=None)
    people = Person.objects.select_related("home_regency__province").filter(
        pk__in=[whole.pk, sparse.pk, passport_only.pk]
    )
    assert len(people) == 3

    with translation.override(language):
        assert_written_as(identity_rows, _IDENTITY, "worker", people.get(pk=whole.pk))
        for worker in people:
            assert str(identity_rows(worker)) == _IDENTITY.render(Context({"worker": worker}))
