"""The registration forms check a post on their class's fields and copy a field only to draw or
change it: a refused registration drawn with its errors leaves the next forms drawn as before,
and the class's fields as they were."""

import copy

import pytest
from django.core.cache import cache

from placements.forms import PlacementForm, WorkerEditForm, WorkerForm
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import PersonFactory
from tests.placements.test_register_form_markup import ERRORS, MARKUP, form_of, posted, sent
from tests.placements.test_registration import NIK, registration

pytestmark = pytest.mark.django_db

FORMS = (WorkerForm, WorkerEditForm, PlacementForm)


@pytest.fixture(autouse=True)
def cached_lists(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


def class_fields() -> dict:
    """What drawing or changing a form could change in its class's fields."""
    return {
        (form.__name__, name): (
            field.required,
            field.initial,
            copy.deepcopy(field.widget.attrs),
            field.widget.is_required,
        )
        for form in FORMS
        for name, field in form.base_fields.items()
    }


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_a_refused_registration_drawn_leaves_the_next_forms_as_they_were(counter_client, case):
    before = class_fields()
    overrides, _codes = ERRORS[case]

    refused = posted(counter_client, "id", sent(**overrides))
    drawn_next = counter_client.get(f"/registry/workers/new/?nik={NIK}").content.decode()

    assert "is-invalid" in refused.content.decode()
    assert form_of(drawn_next) == (MARKUP / "register_nik_id.html").read_text()
    assert class_fields() == before


def test_a_checked_form_draws_and_changes_fields_of_its_own():
    form = WorkerForm(registration(full_name="12345"))
    assert form.is_valid()
    checked_with = {name: form.fields[name] for name in form.fields}

    assert all(field is not WorkerForm.base_fields[name] for name, field in checked_with.items())
    assert form["full_name"].field is checked_with["full_name"]


def test_the_fields_a_cpmi_registration_needs_are_required_in_both_forms():
    worker = PersonFactory()

    for form in (WorkerForm(), WorkerEditForm(instance=worker)):
        assert form.fields["full_name"].required
        assert form.fields["next_of_kin_phone"].required
        assert not form.fields["phone"].required


def test_the_edit_form_shows_the_version_it_was_opened_at_without_changing_the_class():
    worker = PersonFactory()

    form = WorkerEditForm(instance=worker)

    assert form.fields["version"].initial == worker.version
    assert WorkerEditForm.base_fields["version"].initial is None


def test_no_lent_field_is_narrowed_per_form():
    # ModelForm.__init__ narrows a choice field by its `limit_choices_to`, on the fields lent:
    # such a field would change the class's own.
    narrowed = [
        (form.__name__, name)
        for form in FORMS
        for name, field in form.base_fields.items()
        if getattr(field, "get_limit_choices_to", lambda: None)() is not None
    ]

    assert narrowed == []
