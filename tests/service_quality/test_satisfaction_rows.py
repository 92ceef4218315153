"""The SKM page's tables as the template's loops wrote them: code and element, each period's
figures in the reader's language, a dash where there is none, each office's row, the year
picker; nothing unescaped."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from pmi_portal.offices.selectors import OfficeName
from service_quality.ikm import Index, index_of
from service_quality.models import ELEMENTS
from service_quality.selectors import Period, periods_of
from service_quality.templatetags.skm_rows import element_rows

# The rows as the page's template loop wrote them before element_rows wrote them in one pass.
_LOOP = Template(
    """{% for code, element, averages in element_rows %}
    <tr><th scope="row" class="fw-normal">{{ code|upper }} {{ element }}</th>{% for average in averages %}<td class="text-end" data-testid="nrr-{{ code }}-{{ forloop.counter }}">{{ average|default:"—" }}</td>{% endfor %}</tr>
    {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_written_as_the_template_loop_wrote_them(language):
    averages = [Decimal("3.25"), None, Decimal("0"), Decimal("1234.50"), 2.5]
    rows = [(code, element, averages) for code, element, _question in ELEMENTS]
    rows.append(("<script>&\"'", '<b>Unsur</b> & "x"', [None, Decimal("4.00")]))

    with translation.override(language):
        loop = _LOOP.render(Context({"element_rows": rows}))
        written = element_rows(rows)
        empty = element_rows([])
        empty_loop = _LOOP.render(Context({"element_rows": []}))

    assert written == loop
    assert empty == empty_loop
    assert "&lt;SCRIPT&gt;&amp;&quot;&#x27;" in written and "&lt;b&gt;Unsur" in written
    assert ("3,25" if language == "id" else "3.25") in written


# The head, the footer and the per-office table as the page's loops wrote them before
# period_heads, period_footer and office_rows wrote them in one pass.
_PERIODS_LOOP = Template(
    """{% load i18n %}<thead><tr><th scope="col">{% translate "Element" %}</th>{% for period, index in periods %}<th scope="col" class="text-end">{{ period.label }}</th>{% endfor %}</tr></thead>
  <tfoot>
    <tr><th scope="row">{% translate "Weighted average (1-4)" %}</th>{% for period, index in periods %}<td class="text-end">{{ index.weighted|default:"—" }}</td>{% endfor %}</tr>
    <tr><th scope="row">{% translate "IKM (25-100)" %}</th>{% for period, index in periods %}<td class="text-end fw-bold" data-testid="ikm-{{ period.code }}">{{ index.ikm|default:"—" }}</td>{% endfor %}</tr>
    <tr><th scope="row">{% translate "Quality of service" %}</th>{% for period, index in periods %}<td class="text-end">{% if index.grade %}{{ index.grade }} ({{ index.grade_label }}){% else %}—{% endif %}</td>{% endfor %}</tr>
    <tr><th scope="row">{% translate "Answers" %}</th>{% for period, index in periods %}<td class="text-end" data-testid="answers-{{ period.code }}">{{ index.answers }}</td>{% endfor %}</tr>
  </tfoot>
  <tbody>
    {% for office, index in by_office %}
    <tr data-office="{{ office.code }}"><td>{{ office.name }}</td><td class="text-end">{{ index.ikm }}</td><td>{{ index.grade }} ({{ index.grade_label }})</td><td class="text-end">{{ index.answers }}</td></tr>
    {% empty %}
    <tr><td colspan="4" class="text-muted">{% translate "No answer in this year yet." %}</td></tr>
    {% endfor %}
  </tbody>
<select class="form-select" id="year" name="year">{% for option in years %}<option value="{{ option }}"{% if option == year %} selected{% endif %}>{{ option }}</option>{% endfor %}</select>"""  # noqa: E501
)
_PERIODS_ONE_PASS = Template(
    """{% load i18n skm_rows %}<thead><tr><th scope="col">{% translate "Element" %}</th>{{ periods|period_heads }}</tr></thead>
  <tfoot>
    {{ periods|period_footer }}
  </tfoot>
  <tbody>
    {{ by_office|office_rows }}
  </tbody>
<select class="form-select" id="year" name="year">{{ years|year_options:year }}</select>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_periods_offices_and_years_are_written_as_the_template_loops_wrote_them(language):
    with translation.override(language):
        periods = periods_of(2026)
        indexes = [
            index_of({f"u{n}": 13 for n in range(1, 10)}, 4),  # B, 3,250
            index_of({}, 0),  # no answers: dashes
            index_of({f"u{n}": 4000 for n in range(1, 10)}, 1000),  # A, 1.000 answers
            Index(answers=3, weighted=Decimal("0.000"), ikm=Decimal("0"), grade="<b>"),
            index_of({f"u{n}": 1 for n in range(1, 10)}, 1),  # D
        ]
        hostile = Period("<script>&\"'", '<i>Triwulan</i> & "x"', periods[0].start, periods[0].end)
        context = {
            "periods": list(zip([hostile, *periods[1:]], indexes, strict=True)),
            "by_office": [
                (OfficeName("upt-serang", "UPT BP2MI Serang"), indexes[0]),
                (OfficeName("<script>&\"'", "<script>alert('x')</script> & Co"), indexes[2]),
            ],
            "years": range(2026, 2016, -1),
            "year": 2024,
        }
        loop = _PERIODS_LOOP.render(Context(context))
        written = _PERIODS_ONE_PASS.render(Context(context))
        empty = _PERIODS_ONE_PASS.render(Context(context | {"by_office": []}))
        empty_loop = _PERIODS_LOOP.render(Context(context | {"by_office": []}))

    assert written == loop
    assert empty == empty_loop
    assert "&lt;i&gt;Triwulan&lt;/i&gt; &amp; &quot;x&quot;" in written
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in written
    assert ("3,250" if language == "id" else "3.250") in written
    assert '<option value="2024" selected>2024</option>' in written
