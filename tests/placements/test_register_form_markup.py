"""The registration form's markup is pinned, byte for byte, as main drew it before its fields
were built more cheaply: empty (kept and afresh), with a NIK from the address, and sent back
with the form's and the service's errors, in both languages (the CSRF token masked)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation

from placements.forms import PostedDateField, WorkerEditForm, WorkerForm
from placements.models import Agency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import PersonFactory
from tests.placements.test_form_lists import CSRF_VALUE, register_page
from tests.placements.test_registration import NIK, registration

pytestmark = pytest.mark.django_db

MARKUP = Path(__file__).parent / "markup"
FORM = re.compile(r'<form method="post" enctype="multipart/form-data" novalidate>.*?</form>', re.S)


@pytest.fixture(autouse=True)
def cached_lists(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


def form_of(page: str) -> str:
    return FORM.search(CSRF_VALUE.sub(r'\1"', page)).group(0)


def sent(**overrides) -> dict:
    """A registration without an agency: none is listed, whose key the sequence would change."""
    data = registration(**{"placement-agency": "", **overrides})
    Agency.objects.all().delete()
    return data


def posted(client, language: str, data: dict):
    register_page(client, language)  # the language cookie set
    return client.post("/registry/workers/new/", data)


# What each case's fields say wrong, by code (None: a message the form writes itself).
ERRORS = {
    "form_errors": (
        dict(
            full_name="x" * 300,
            birth_date="31-31-1995",
            sex="Z",
            home_regency="9999",
            **{"placement-contract_months": "tiga", "placement-salary_currency": ""},
        ),
        {
            "full_name": ["max_length"],
            "sex": ["invalid_choice"],
            "birth_date": ["invalid"],
            "home_regency": ["invalid_choice"],
            "placement-agency": [None],
            "placement-contract_months": ["invalid"],
            "placement-salary_currency": ["required"],
        },
    ),
    "service_errors": (
        dict(sex="M", phone="12", **{"placement-scheme": "individual"}),
        {"sex": ["nik_sex_mismatch"], "phone": ["phone_invalid"]},
    ),
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_empty_form_is_drawn_as_it_was(counter_client, settings, language):
    kept = form_of(register_page(counter_client, language))
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 0
    afresh = form_of(register_page(counter_client, language))

    assert kept == afresh == (MARKUP / f"register_empty_{language}.html").read_text()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_form_with_a_nik_from_the_address_is_drawn_as_it_was(counter_client, language):
    page = register_page(counter_client, language, f"?nik={NIK}")

    assert form_of(page) == (MARKUP / f"register_nik_{language}.html").read_text()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("case", sorted(ERRORS))
def test_a_refused_registration_is_drawn_as_it_was(counter_client, language, case):
    overrides, codes = ERRORS[case]

    response = posted(counter_client, language, sent(**overrides))

    worker, placement = response.context["worker_form"], response.context["placement_form"]
    found = {
        **{name: [e.code for e in errors] for name, errors in worker.errors.as_data().items()},
        **{
            f"placement-{name}": [e.code for e in errors]
            for name, errors in placement.errors.as_data().items()
        },
    }
    assert found == codes
    page = response.content.decode()
    assert form_of(page) == (MARKUP / f"register_{case}_{language}.html").read_text()


def test_a_form_s_choices_given_anew_leave_the_next_form_s_as_they_were():
    first = WorkerForm()
    first.fields["sex"].choices = [("F", "F")]

    second = WorkerForm()

    assert [value for value, _label in second.fields["sex"].choices] == ["", "M", "F"]
    assert [value for value, _label in second.fields["sex"].widget.choices] == ["", "M", "F"]
    assert second.fields["sex"] is not first.fields["sex"]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "text",
    [
        "1995-07-05",
        " 1995-07-05 ",
        "2024-02-29",
        "2023-02-29",
        "1995-13-01",
        "0000-01-01",
        "0999-12-31",
        "1995-7-5",
        "19950705",
        "05-07-1995",
        "05/07/95",
        "5 Jul 1995",
        "1995-07-05T00:00",
        "\u0661\u0669\u0669\u0665-\u0660\u0667-\u0660\u0665",  # Arabic-Indic digits
        "",
    ],
)
def test_a_posted_date_reads_as_django_s_date_field_reads_it(language, text):
    def read(field):
        try:
            return field.clean(text)
        except ValidationError as error:
            return [error.code]

    with translation.override(language):
        assert read(PostedDateField(required=False)) == read(forms.DateField(required=False))


def test_the_edit_form_still_changes_the_worker_it_shows_back_as_typed():
    worker = PersonFactory(full_name="Siti Aminah")
    data = {**registration(full_name="Siti Aminah Binti Umar"), "version": worker.version}

    WorkerEditForm(data, instance=worker).is_valid()

    assert worker.full_name == "Siti Aminah Binti Umar"
