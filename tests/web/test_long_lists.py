"""Every form's long lists kept in the cache (QuickSelect with `cache_as`) render exactly as
built from the rows, in each language."""

import pytest
from django.core.cache import cache
from django.utils import translation

from cases.forms import CaseForm, PublicReportForm
from placements.forms import PlacementForm, WorkerForm
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from pmi_portal.web.forms import QuickSelect
from returns.forms import ArrivalForm, InterceptionForm
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

FORMS = [PublicReportForm, CaseForm, WorkerForm, PlacementForm, ArrivalForm, InterceptionForm]


def cached_fields(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field.widget, QuickSelect) and field.widget.cache_as
    ]


def rendered(form_class) -> str:
    form = form_class()
    names = cached_fields(form)
    assert names
    return "".join(str(form[name]) for name in names)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__name__)
def test_the_cached_lists_are_the_lists_built_from_the_rows(settings, form_class, language):
    AgencyFactory(name="PT Duta Samudera")
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read
    with translation.override(language):
        settings.REFERENCE_OPTIONS_CACHE_SECONDS = 0
        built = rendered(form_class)
        settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
        rendered(form_class)
        cached = rendered(form_class)

    assert cached == built


def test_no_two_lists_share_a_cache_name():
    fields_by_name = {}
    for form_class in FORMS:
        for field in form_class.base_fields.values():
            if isinstance(field.widget, QuickSelect) and field.widget.cache_as:
                # A form inherits its base's field itself: one field, one name.
                fields_by_name.setdefault(field.widget.cache_as, set()).add(id(field))

    assert all(len(fields) == 1 for fields in fields_by_name.values())
