"""The search results' rows written in one pass (search_rows.search_result_rows) give the markup
the template's loop gave, byte for byte: hostile text, people without a NIK, birth date, home
regency or passport, each language."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from pmi_portal.people.models import Person
from pmi_portal.people.selectors import search_rows
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>&\"'"

# The results' loop before it was written in Python, as the template placed it.
_LOOP = engines["django"].from_string(
    "{% load identity %}"
    + """      {% for worker in results %}
      <tr>
        <td><a href="{% url 'placements:worker' worker.pk %}">{{ worker.full_name }}</a></td>
        <td class="masked-identity">{{ worker.nik|mask_nik }}</td>
        <td>{{ worker.birth_date|date:"j M Y" }}</td>
        <td>{{ worker.home_regency }}</td>
        <td class="masked-identity">{{ worker.passport_number|mask_passport|default:"—" }}</td>
      </tr>
      {% endfor %}
    </tbody>"""
)
_ROWS = engines["django"].from_string(
    "{% load search_rows %}      {{ results|search_result_rows }}\n    </tbody>"
)


@pytest.fixture
def people(db):
    return [
        PersonFactory(
            full_name=f"Siti {HOSTILE} Aminah",
            birth_date=datetime.date(1990, 5, 3),
            passport_number="C1234567",
            passport_expiry="2030-01-01",
        ),
        PersonFactory(full_name="Siti Aminah", nik=None, birth_date=None, home_regency=None),
        PersonFactory(full_name="Siti Aminah Putri", birth_date=datetime.date(1985, 12, 31)),
        PersonFactory(full_name="Siti Aminah Dewi", home_regency_id="6171"),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_the_loops_byte_for_byte(counter, people, language):
    rows = search_rows(counter, "Siti Aminah")
    records = Person.objects.select_related("home_regency").in_bulk([row.pk for row in rows])
    assert {row.pk for row in rows} == {person.pk for person in people}

    with translation.override(language):
        written = _ROWS.render({"results": rows})
        looped = _LOOP.render({"results": [records[row.pk] for row in rows]})

    assert written == looped
    assert "&lt;script&gt;&amp;&quot;&#x27;" in written


def test_no_rows_are_no_markup(counter):
    assert _ROWS.render({"results": []}) == _LOOP.render({"results": []})
