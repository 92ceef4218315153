"""The filters beyond period and province: regency, scheme, destination country, trouble; a
code outside the user's scope is refused as if it did not exist."""

import pytest
from django.urls import reverse

from tests.dashboards.data import PERIOD

pytestmark = pytest.mark.django_db
API = "/api/v1/dashboard/"


def test_a_regency_narrows_every_section_to_it(client, data_set, heads):
    client.force_login(heads.serang)

    answer = client.get(API, {**PERIOD, "regency": "3604"}).json()

    assert answer["filters"]["regency"] == "3604"
    assert answer["placements"]["departed"] == 1
    assert answer["returns"]["arrivals"] == 0
    assert answer["cases"]["opened"] == 0


def test_a_scheme_narrows_the_placements(client, data_set, heads):
    client.force_login(heads.national)

    answer = client.get(API, {**PERIOD, "scheme": "g2g"}).json()

    assert answer["placements"]["departed"] == 1
    assert answer["placements"]["by_destination"] == {"KR": 1}
    assert answer["returns"]["arrivals"] == 4
    assert answer["filters"]["scheme"] == "g2g"


def test_a_destination_narrows_placements_and_the_country_returns_came_from(
    client, data_set, heads
):
    client.force_login(heads.serang)

    taiwan = client.get(API, {**PERIOD, "destination": "TW"}).json()
    saudi = client.get(API, {**PERIOD, "destination": "SA"}).json()

    assert taiwan["placements"]["by_destination"] == {"TW": 2}
    assert saudi["placements"]["departed"] == 0
    assert saudi["returns"]["arrivals"] == 1
    assert saudi["returns"]["no_placement_on_record"] == 1


def test_a_trouble_narrows_the_returns_to_troubled_arrivals_with_it(client, data_set, heads):
    client.force_login(heads.serang)

    answer = client.get(API, {**PERIOD, "trouble": "sick"}).json()

    assert answer["returns"]["arrivals"] == 1
    assert answer["returns"]["by_category"] == {"regular": 0, "troubled": 1}
    assert answer["returns"]["handovers_waiting"] == 1
    assert answer["placements"]["departed"] == 3


@pytest.mark.parametrize(
    ("who", "query", "attr", "code"),
    [
        ("serang", {"regency": "6171"}, "regency", "invalid_choice"),  # Pontianak's
        ("serang", {"regency": "9999"}, "regency", "invalid_choice"),  # none such
        ("national", {"province": "36", "regency": "6171"}, "regency", "regency_outside_province"),
        ("national", {"scheme": "calo"}, "scheme", "invalid_choice"),
        ("national", {"destination": "XX"}, "destination", "invalid_choice"),
        ("national", {"trouble": "bored"}, "trouble", "invalid_choice"),
        ("national", {"trouble": ""}, "trouble", "blank"),
        ("serang", {"province": "61"}, "province", "invalid_choice"),
    ],
)
def test_a_bad_or_out_of_scope_filter_answers_400_with_its_field_and_code(
    client, heads, who, query, attr, code
):
    client.force_login(getattr(heads, who))

    response = client.get(API, query)

    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [(attr, code)]


def test_the_page_offers_only_the_regencies_of_the_scope_and_names_a_bad_one(client, heads):
    client.force_login(heads.serang)

    page = client.get(reverse("dashboards:page"))
    refused = client.get(reverse("dashboards:page"), {"regency": "6171"})

    regencies = dict(page.context["form"].fields["regency"].choices)
    assert "3673" in regencies
    assert "6171" not in regencies
    assert refused.status_code == 400
    assert refused.context["form"].error_codes() == {"regency": ["invalid_choice"]}
    assert 'id="id_regency-error"' in refused.content.decode()


def test_the_exports_follow_the_filters(client, data_set, heads):
    client.force_login(heads.serang)

    rows = client.get(
        reverse("dashboards:export", args=["csv"]), {**PERIOD, "destination": "SA"}
    ).content.decode()

    departed = next(line for line in rows.splitlines() if ",departed," in line)
    assert departed.endswith(",0")


def test_a_filter_select_marks_the_chosen_option_and_escapes_every_label():
    from django import forms

    from pmi_portal.dashboards.templatetags.filter_options import select_options

    class Form(forms.Form):
        where = forms.ChoiceField(choices=[("", "All"), ("3601", "Pandeglang"), ("x", "<b>&")])

    html = select_options(Form({"where": "3601"})["where"])

    assert html == (
        '<option value="">All</option>'
        '<option value="3601" selected>Pandeglang</option>'
        '<option value="x">&lt;b&gt;&amp;</option>'
    )


def test_a_destination_narrows_the_cases_to_those_of_that_country_and_their_links(
    client, data_set, heads
):
    from cases.models import Case

    Case.objects.filter(created_at__month=2).update(country_id="MY")
    client.force_login(heads.serang)

    malaysia = client.get(API, {**PERIOD, "destination": "MY"}).json()
    page = client.get(reverse("dashboards:page"), {**PERIOD, "destination": "MY"})
    cases = next(s for s in page.context["figures"].sections if s.key == "cases")
    opened = next(figure for figure in cases.figures if figure.key == "opened")
    listed = client.get(opened.link).context["cases"]

    assert malaysia["cases"]["opened"] == 2
    assert malaysia["cases"]["referrals"] == 1
    assert "destination=MY" in opened.link
    # The list's rows are named tuples of what it shows; the country read from the case.
    listed = Case.objects.filter(pk__in=[case.pk for case in listed])
    assert sorted(case.country_id for case in listed) == ["MY", "MY"]


def test_a_section_that_cannot_apply_a_filter_says_so_beside_it(client, data_set, heads):
    client.force_login(heads.serang)

    scheme = client.get(reverse("dashboards:page"), {**PERIOD, "scheme": "g2g"})
    page = scheme.content.decode()
    none_chosen = client.get(reverse("dashboards:page"), PERIOD).content.decode()

    assert 'data-testid="not-narrowed-cases"' in page
    assert 'data-testid="not-narrowed-returns"' in page
    assert 'data-testid="not-narrowed-placements"' not in page
    assert "not-narrowed-" not in none_chosen
    not_narrowed = {section.key: labels for section, labels in scheme.context["sections"]}
    assert not_narrowed["placements"] == []
    assert len(not_narrowed["cases"]) == len(not_narrowed["returns"]) == 1


# The filter form's fields as the dashboard's template loop wrote them before filter_fields
# wrote them in one pass.
_FIELDS_LOOP = """{% load i18n filter_options %}{% for field in form %}
  <div class="col-sm-6 col-lg-3">
    <label class="form-label small" for="{{ field.id_for_label }}">{{ field.label }}</label>
    {% if field.name == "from" or field.name == "to" %}
    <input type="month" class="form-control form-control-sm{% if field.errors %} is-invalid{% endif %}" id="{{ field.id_for_label }}" name="{{ field.html_name }}" value="{{ field.value|default_if_none:'' }}" placeholder="YYYY-MM" pattern="\\d{4}-\\d{2}"{% if field.errors %} aria-describedby="{{ field.id_for_label }}-error"{% endif %}>
    {% else %}
    <select class="form-select form-select-sm{% if field.errors %} is-invalid{% endif %}" id="{{ field.id_for_label }}" name="{{ field.html_name }}"{% if field.errors %} aria-describedby="{{ field.id_for_label }}-error"{% endif %}>
      {{ field|select_options }}
    </select>
    {% endif %}
    {% if field.help_text %}<div class="form-text small">{% blocktranslate with sections=field.help_text %}Narrows: {{ sections }}{% endblocktranslate %}</div>{% endif %}
    {% for error in field.errors %}<div class="invalid-feedback" id="{{ field.id_for_label }}-error">{{ error }}</div>{% endfor %}
  </div>
  {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_filter_fields_are_written_as_the_template_loop_wrote_them(data_set, heads, language):
    from django.template import Context, Template
    from django.utils import translation

    from pmi_portal.dashboards.forms import DashboardFilterForm
    from pmi_portal.dashboards.templatetags.filter_options import filter_fields

    hostile = "<script>&\"'"
    with translation.override(language):
        forms = [
            DashboardFilterForm({}, user=heads.national),
            DashboardFilterForm({**PERIOD, "regency": "3604", "scheme": "g2g"}, user=heads.serang),
            DashboardFilterForm(
                {"from": hostile, "to": "2026-13", "province": hostile, "destination": "TW"},
                user=heads.serang,
            ),
        ]
        forms[2].fields["province"].label = hostile
        forms[2].fields["regency"].help_text = hostile
        for form in forms:
            form.is_valid()
            loop = Template(_FIELDS_LOOP).render(Context({"form": form}))

            assert filter_fields(form) == loop
    assert "&lt;script&gt;&amp;&quot;&#x27;" in filter_fields(forms[2])
    assert "is-invalid" in filter_fields(forms[2]) and "selected" in filter_fields(forms[1])
