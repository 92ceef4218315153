"""The SKM page's rows of elements as the template's loop wrote them: code and element, each
period's average in the reader's language, a dash where there is none; nothing unescaped."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from service_quality.models import ELEMENTS
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
