"""Each row of the outreach list as the template's loop wrote it: date and link, kind in the
reader's language, where, audience and partner, attendance, office; nothing escapes unescaped."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from outreach import selectors
from outreach.models import Kind
from outreach.templatetags.activity_rows import activity_rows, kind_options
from pmi_portal.access.roles import Role
from tests.factories import UserFactory, office
from tests.outreach.factories import ActivityFactory

pytestmark = pytest.mark.django_db

# The rows as the list's template loop wrote them before activity_rows wrote them in one pass.
_LOOP = Template(
    """{% load i18n %}{% for activity in activities %}
    <tr>
      <td><a href="{% url 'outreach:detail' activity.pk %}">{{ activity.held_on|date:"j M Y" }}</a></td>
      <td>{{ activity.get_kind_display }}</td>
      <td>{{ activity.where }}</td>
      <td>{{ activity.audience }}{% if activity.partner %}<br><span class="small text-muted">{{ activity.partner }}</span>{% endif %}</td>
      <td class="text-end">{{ activity.attendance }}</td>
      <td class="small">{{ activity.office }}</td>
    </tr>
    {% empty %}
    <tr><td colspan="6" class="text-muted">{% translate "No outreach activity recorded." %}</td></tr>
    {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_written_as_the_template_loop_wrote_them(language):
    head = UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)
    ActivityFactory(audience="<b>Ibu-ibu</b> & pemuda", partner="", attendance=12345, kind="school")
    ActivityFactory(online=True, kind="online_live", regency=None, place="")
    ActivityFactory(place="", held_on=datetime.date(2026, 5, 1), kind="security_liaison")
    ActivityFactory(place='Desa "Sukamaju"', partner="Polsek <Kasemen>", kind="media")
    ActivityFactory(held_on=datetime.date(2025, 12, 31), partner="<script>&\"'", kind="school")
    ActivityFactory(held_on=datetime.date(2026, 8, 9), audience="<script>&\"'", kind="media")
    ActivityFactory(place="<script>&\"'", kind="school")
    activities = list(selectors.activities_for(head).select_related("office", "regency"))
    listed = list(selectors.activities_listed(selectors.activities_for(head)))

    with translation.override(language):
        loop = _LOOP.render(Context({"activities": activities}))
        rows = activity_rows(listed)
        empty_loop = _LOOP.render(Context({"activities": []}))
        empty_rows = activity_rows([])

    assert len(activities) == 7
    assert rows == loop
    assert empty_rows == empty_loop
    assert "&lt;b&gt;Ibu-ibu&lt;/b&gt; &amp; pemuda" in rows


def test_the_list_links_the_heads_office_activities_and_no_other_offices(client):
    head = UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)
    ours = ActivityFactory(kind="school")
    theirs = ActivityFactory(office=office("upt-pontianak"), regency_id="6171")
    client.force_login(head)

    page = client.get(reverse("outreach:list")).content.decode()

    assert f'<a href="{reverse("outreach:detail", args=[ours.pk])}">' in page
    assert "<td>sekolah atau balai latihan</td>" in page
    assert reverse("outreach:detail", args=[theirs.pk]) not in page


_KINDS_LOOP = Template(
    """{% for code, label in kinds %}<option value="{{ code }}"{% if code == kind %} selected{% endif %}>{{ label }}</option>{% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("chosen", ["", "school", "online_live", "<script>"])
def test_the_kind_options_are_written_as_the_template_loop_wrote_them(language, chosen):
    with translation.override(language):
        loop = _KINDS_LOOP.render(Context({"kinds": Kind.choices, "kind": chosen}))
        written = kind_options(chosen)

    assert written == loop
    assert written.count(" selected") == (chosen in Kind.values)
