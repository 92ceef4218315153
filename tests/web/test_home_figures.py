"""The home page's figures card: its sections as the template's loops wrote them, hostile text
escaped, each figure grouped in the reader's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from pmi_portal.dashboards.sections import Figure
from pmi_portal.web.views import figure_sections

# The sections as the home page's template loops wrote them before figure_sections wrote them
# in one pass.
_LOOP = Template(
    """{% load humanize %}{% for title, figures in sections %}
        <h3 class="h6 mt-2 mb-1">{{ title }}</h3>
        <dl class="row mb-0 small">
          {% for figure in figures %}<dt class="col-8 fw-normal">{{ figure.label }}</dt><dd class="col-4 text-end mb-0 fw-semibold" data-testid="home-figure-{{ figure.key }}">{{ figure.value|intcomma }}</dd>{% endfor %}
        </dl>
        {% endfor %}"""  # noqa: E501
)

HOSTILE = "<script>alert(\"x\")</script> & 'Serang'"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_sections_are_written_as_the_template_loops_wrote_them(language):
    sections = [
        ("Penempatan", [Figure("departed", "Berangkat", 260), Figure("registered", "Daftar", 0)]),
        (HOSTILE, [Figure(HOSTILE, HOSTILE, 1234567), Figure("target", "Target", None)]),
        ("Kasus", []),
    ]

    with translation.override(language):
        loop = _LOOP.render(Context({"sections": sections}))
        written = figure_sections(sections)

    assert written == loop
    assert figure_sections([]) == _LOOP.render(Context({"sections": []})) == ""
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Serang&#x27;" in written
    assert ("1.234.567" if language == "id" else "1,234,567") in written
