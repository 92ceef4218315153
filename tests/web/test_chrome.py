"""The page's frame (pmi_portal.web.chrome): kept once per process for each language, login state
and menu, it writes out the very bytes its templates draw for the request, hostile values
included, and is drawn anew when the settings change."""

import re

import pytest
from django.template.loader import render_to_string

from pmi_portal.access.roles import Role
from pmi_portal.web import chrome
from pmi_portal.web.templatetags import chrome as chrome_tag
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

HOSTILE = "<script>\"&'"
HOSTILE_PATH = "/registry/?q=%3Cscript%3E%22%26%27&x=<b>"
TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[A-Za-z0-9]+')
# The home page's clock ({% now %}): two draws a minute apart differ there, not in the frame.
CLOCK = re.compile(r'<p class="text-muted">[^<]* \d\d:\d\d [^<]*</p>')


@pytest.fixture(autouse=True)
def nothing_kept():
    chrome._KEPT.clear()
    yield
    chrome._KEPT.clear()


def page(client, path: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return CLOCK.sub("<clock>", TOKEN.sub(r"\1<token>", response.content.decode()))


def drawn_fresh(client, path: str, language: str, monkeypatch) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(chrome_tag, "chrome_html", chrome.fresh)
        return page(client, path, language)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("unread", [0, 7])
def test_the_kept_frame_is_the_frame_its_templates_draw(client, monkeypatch, language, unread):
    officer = UserFactory(first_name=HOSTILE, last_name="&amp;")
    monkeypatch.setattr(
        "pmi_portal.notifications.context_processors.unread_count", lambda user: unread
    )
    client.force_login(officer)

    fresh = drawn_fresh(client, HOSTILE_PATH, language, monkeypatch)
    drawing = page(client, HOSTILE_PATH, language)
    kept = page(client, HOSTILE_PATH, language)

    assert kept == drawing == fresh
    assert chrome._KEPT
    assert "&lt;script&gt;&quot;&amp;&#x27; &amp;amp;" in kept
    assert '<script>"' not in kept
    assert 'value="/registry/?q=%3Cscript%3E%22%26%27&amp;x=%3Cb%3E"' in kept
    assert "pmichromeslot" not in kept
    assert (' d-none"' in kept) is (unread == 0)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_anonymous_frame_is_drawn_as_its_templates_draw_it(client, monkeypatch, language):
    fresh = drawn_fresh(client, "/accounts/login/?next=/%3Cb%3E", language, monkeypatch)
    kept = page(client, "/accounts/login/?next=/%3Cb%3E", language)

    assert kept == fresh == page(client, "/accounts/login/?next=/%3Cb%3E", language)
    assert 'value="/accounts/login/?next=/%3Cb%3E"' in kept
    assert "data-unread-count" not in kept


def test_each_user_sees_the_menu_of_their_own_role_and_their_own_name(client, monkeypatch):
    counter = UserFactory(first_name="Sari", last_name="Loket")
    head = UserFactory(first_name="Budi", last_name="Kepala", role=Role.OFFICE_HEAD)
    pontianak = UserFactory(first_name="Dewi", last_name="Kalbar", office=office("upt-pontianak"))
    pages = {}
    for user in (counter, head, pontianak):
        client.force_login(user)
        pages[user.pk] = page(client, "/", "id")
        assert pages[user.pk] == drawn_fresh(client, "/", "id", monkeypatch)
        assert f"> {user.get_full_name()}</span>" in pages[user.pk]
        assert "<clock>" in pages[user.pk]

    # The counter officers share one kept frame; the head's menu (the audit trail) is another.
    assert "/audit/" in pages[head.pk]
    assert "/audit/" not in pages[counter.pk]
    assert len({key for key in chrome._KEPT if key[0] == "body"}) == 2


def test_a_change_of_settings_draws_the_frame_anew(client, settings):
    client.force_login(UserFactory())
    assert "/static/css/portal.css" in page(client, "/", "id")

    settings.STATIC_URL = "/aset/"

    assert '"/aset/css/portal.css"' in page(client, "/", "id")


def test_a_render_without_a_request_draws_the_frame_without_a_form_token():
    text = render_to_string("base.html", {})

    assert "csrfmiddlewaretoken" not in text
    assert "pmichromeslot" not in text
    assert not chrome._KEPT
