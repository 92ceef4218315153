"""What each row of the trail and its filter form say, in the user's language and time zone."""

import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.defaultfilters import date
from django.utils import timezone, translation

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.audit.services import audit_record
from pmi_portal.audit.templatetags.audit_rows import _ROWS, audit_rows
from pmi_portal.audit.views import events_for_display
from tests.factories import PersonFactory, UserFactory, office

pytestmark = pytest.mark.django_db

MATARAM = zoneinfo.ZoneInfo("Asia/Makassar")


@pytest.fixture
def mataram_head(client):
    head = UserFactory(
        username="head.mataram.uji", role=Role.OFFICE_HEAD, office=office("upt-mataram")
    )
    client.force_login(head)
    return head


def speak(client, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def test_each_event_shows_its_time_in_the_offices_zone_as_the_date_filter_writes_it(
    client, mataram_head
):
    moments = [
        datetime.datetime(2026, 5, 31, 16, 59, 58, tzinfo=datetime.UTC),  # 1 June in Mataram
        datetime.datetime(2026, 12, 3, 1, 2, 3, tzinfo=datetime.UTC),
    ]
    for number, moment in enumerate(moments):
        AuditEvent.objects.create(
            occurred_at=moment,
            action=AuditAction.UPDATE,
            actor=mataram_head,
            actor_username=mataram_head.username,
            actor_office=mataram_head.office,
            object_repr=f"Data {number}",
        )

    for language in ("id", "en"):
        speak(client, language)
        text = client.get("/audit/").content.decode()
        with translation.override(language):
            expected = [date(m.astimezone(MATARAM), "j M Y H:i:s T") for m in moments]
        assert all(f'<td class="text-nowrap">{when}</td>' in text for when in expected), expected
        assert "1 Jun 2026 00:59:58 WITA" in text


def test_each_event_shows_its_action_and_record_type_in_the_users_language(client, mataram_head):
    person = PersonFactory(full_name="Baiq Nurul", home_regency_id="5271")
    audit_record(action=AuditAction.VIEW_IDENTITY, actor=mataram_head, obj=person)

    speak(client, "id")
    indonesian = client.get("/audit/").content.decode()
    speak(client, "en")
    english = client.get("/audit/").content.decode()

    assert "melihat data identitas" in indonesian
    assert '<span class="text-muted small">orang</span> Baiq Nurul' in indonesian
    assert "viewed identity data" in english
    assert '<span class="text-muted small">person</span> Baiq Nurul' in english


def value_of(text: str, name: str) -> str | None:
    found = re.search(rf'<input type="[a-z]+" name="{name}"(?: value="([^"]*)")?', text)
    return found.group(1) if found else "no input"


def test_the_filter_form_speaks_the_users_language_and_shows_the_filter_applied(
    client, mataram_head
):
    speak(client, "id")
    plain = client.get("/audit/").content.decode()
    filtered = client.get("/audit/", {"actor": "staf.mataram"}).content.decode()
    speak(client, "en")
    english = client.get("/audit/").content.decode()

    assert "Nama pengguna" in plain and "Username" not in plain
    assert value_of(plain, "actor") is None
    assert value_of(filtered, "actor") == "staf.mataram"
    assert "Username" in english and "Nama pengguna" not in english
    assert value_of(english, "actor") is None


# The rows as the trail's template loop wrote them before audit_rows wrote them in one pass.
_LOOP = Template(
    """{% load i18n %}{% for event in object_list %}
    <tr>
      <td class="text-nowrap">{{ event.when }}</td>
      <td>{{ event.actor_username|default:"—" }}</td>
      <td>{{ event.actor_office|default:"—" }}</td>
      <td>{{ event.action_label }}</td>
      <td>{% if event.type_name %}<span class="text-muted small">{{ event.type_name }}</span> {% endif %}{{ event.object_repr }}</td>
      <td class="small">
        {% for field, values in event.changes.items %}
        <div><code>{{ field }}</code>: {{ values.0|default_if_none:"∅" }} → {{ values.1|default_if_none:"∅" }}</div>
        {% endfor %}
      </td>
      <td class="small text-muted">{{ event.ip_address|default:"" }}</td>
    </tr>
    {% empty %}
    <tr><td colspan="7" class="text-muted">{% translate "No events match." %}</td></tr>
    {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_written_as_the_template_loop_wrote_them(mataram_head, language):
    person = PersonFactory()
    audit_record(
        action=AuditAction.UPDATE,
        actor=mataram_head,
        obj=person,
        changes={
            "full_name": ["<b>Siti</b>", "Siti & Aminah"],
            "attendance": [None, 1234],
            "score": [2.5, True],
            "tags": [["a", "b"], {"x": 1}],
        },
    )
    AuditEvent.objects.create(
        action=AuditAction.LOGIN_FAILED, object_repr="<script>x</script>", ip_address="10.0.0.7"
    )
    AuditEvent.objects.create(
        action=AuditAction.UPDATE,
        actor_office=mataram_head.office,
        changes={"odd": "not a pair", "single": [1]},
    )
    # Values a page writes once and repeats: 1, True and 1.0 are equal but written apart.
    AuditEvent.objects.create(
        action=AuditAction.UPDATE,
        changes={
            '<i>"field"</i>': [1, True],
            "score": [1.0, 1234],
            "attendance": [False, 0],
            "full_name": ["<script>&\"'", 2.5],
        },
    )
    events = events_for_display(list(AuditEvent.objects.select_related("actor_office")))

    with translation.override(language), timezone.override(MATARAM):
        loop = _LOOP.render(Context({"object_list": events}))
        rows = audit_rows(events)
        empty_loop = _LOOP.render(Context({"object_list": []}))
        empty_rows = audit_rows([])

    assert len(events) == 5  # with the head's login
    assert rows == loop
    assert empty_rows == empty_loop
    assert "&lt;b&gt;Siti&lt;/b&gt;" in rows and "&lt;script&gt;" in rows


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_kept_row_is_the_row_written_anew(mataram_head, language):
    audit_record(
        action=AuditAction.UPDATE,
        actor=mataram_head,
        obj=PersonFactory(),
        changes={"full_name": ["<b>Siti</b>", "Siti & 'Aminah\""], "attendance": [None, 1234]},
    )
    _ROWS.clear()
    events = events_for_display(list(AuditEvent.objects.select_related("actor_office")))

    with translation.override(language), timezone.override(MATARAM):
        written = audit_rows(events)
        kept = audit_rows(
            events_for_display(list(AuditEvent.objects.select_related("actor_office")))
        )
        loop = _LOOP.render(Context({"object_list": events}))

    assert _ROWS
    assert kept == written == loop


def test_a_row_is_written_anew_in_another_zone_and_after_its_office_is_renamed(
    mataram_head, django_capture_on_commit_callbacks
):
    audit_record(action=AuditAction.UPDATE, actor=mataram_head, obj=PersonFactory())

    def rows() -> str:
        return audit_rows(
            events_for_display(list(AuditEvent.objects.select_related("actor_office")))
        )

    with timezone.override(MATARAM):
        in_mataram = rows()
    with timezone.override(zoneinfo.ZoneInfo("Asia/Jayapura")):
        in_jayapura = rows()
    with django_capture_on_commit_callbacks(execute=True):
        mataram = office("upt-mataram")
        mataram.name = "UPT BP2MI Mataram (baru)"
        mataram.save()
    with timezone.override(MATARAM):
        renamed = rows()

    assert "WITA" in in_mataram and "WIT<" in in_jayapura
    assert "UPT BP2MI Mataram (baru)" not in in_mataram
    assert "UPT BP2MI Mataram (baru)" in renamed


def test_a_kept_page_reads_only_the_events_it_has_not_kept(client, mataram_head, monkeypatch):
    from pmi_portal.audit import views

    for _ in range(3):
        audit_record(action=AuditAction.UPDATE, actor=mataram_head, obj=PersonFactory())
    _ROWS.clear()
    first = client.get("/audit/").content.decode()
    audit_record(action=AuditAction.VIEW_IDENTITY, actor=mataram_head, obj=PersonFactory())
    newest = AuditEvent.objects.latest("occurred_at", "pk").pk
    read = []
    display = views.events_for_display

    def counted(events):
        read.extend(event.pk for event in events)
        return display(events)

    monkeypatch.setattr(views, "events_for_display", counted)
    second = client.get("/audit/").content.decode()

    assert read == [newest]
    rows_before = re.findall(r"<tr>.*?</tr>", first[first.index("<tbody>") :], re.S)
    assert rows_before and all(row in second for row in rows_before)
