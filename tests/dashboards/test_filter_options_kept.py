"""The dashboard filter form's <option>s are written once per scope, language and version of the
reference data and kept: the kept markup is the template loop's, byte for byte, and a change of
the regions, the language or the scope writes them anew."""

import pytest
from django.core.cache import cache, caches
from django.template import Context, Template
from django.utils import translation

from pmi_portal.dashboards.forms import DashboardFilterForm
from pmi_portal.dashboards.templatetags.filter_options import filter_fields
from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from pmi_portal.offices.services import reference_data_changed
from tests.dashboards.data import PERIOD
from tests.dashboards.test_filters import _FIELDS_LOOP

HOSTILE = "<script>alert(\"x\")</script> & 'Serang'"


@pytest.fixture
def kept(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test kept is read
    caches["process"].clear()


def _fresh(form) -> str:
    return Template(_FIELDS_LOOP).render(Context({"form": form}))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kept_options_are_the_template_loops_for_hostile_names(heads, kept, language):
    Regency.objects.filter(code="3673").update(name=HOSTILE)
    given = [
        {},
        {**PERIOD, "regency": "3673", "scheme": "g2g"},
        {"from": HOSTILE, "province": HOSTILE, "regency": HOSTILE, "destination": '"><b>'},
    ]
    with translation.override(language):
        for data in given:
            for _ in range(2):  # written and kept, then from the process, then from the cache
                form = DashboardFilterForm(data, user=heads.serang)
                form.is_valid()

                assert filter_fields(form) == _fresh(form)
            caches["process"].clear()
            form = DashboardFilterForm(data, user=heads.serang)
            form.is_valid()
            assert filter_fields(form) == _fresh(form)
        chosen = DashboardFilterForm({"regency": "3673"}, user=heads.serang)
        chosen.is_valid()
        written = filter_fields(chosen)

    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Serang&#x27;"
    assert f'<option value="3673" selected>{escaped}</option>' in written
    assert written.count(" selected>") == 6  # the regency, and "All" of the other selects


def _regency_option(user, code: str) -> str:
    form = DashboardFilterForm({}, user=user)
    form.is_valid()
    written = filter_fields(form)
    start = written.index(f'<option value="{code}">')
    return written[start : written.index("</option>", start)]


def test_a_change_of_the_reference_data_writes_the_options_anew(
    heads, kept, django_capture_on_commit_callbacks
):
    before = _regency_option(heads.serang, "3673")
    with django_capture_on_commit_callbacks(execute=True):
        Regency.objects.filter(code="3673").update(name="Kota Serang Baru")
        reference_data_changed()

    assert "Kota Serang Baru" not in before
    assert _regency_option(heads.serang, "3673").endswith(">Kota Serang Baru")


def test_the_options_are_kept_per_language(heads, kept):
    def labels(language: str) -> str:
        with translation.override(language):
            form = DashboardFilterForm({}, user=heads.serang)
            form.is_valid()
            return filter_fields(form)

    indonesian, english = labels("id"), labels("en")

    assert '<option value="" selected>All of my area</option>' not in indonesian
    assert '<option value="" selected>All of my area</option>' in english
    assert labels("id") == indonesian


def test_the_options_are_kept_per_scope(heads, kept):
    serang = DashboardFilterForm({}, user=heads.serang)
    serang.is_valid()
    filter_fields(serang)
    pontianak = DashboardFilterForm({}, user=heads.pontianak)
    pontianak.is_valid()
    written = filter_fields(pontianak)

    assert '<option value="3673">' not in written
    assert '<option value="6171">' in written
    assert written == _fresh(pontianak)
