"""The idle logout counts from the officer's last own request: the bell's poll, which a visible
tab sends every half minute, never keeps an unattended screen logged in."""

import pytest
from django.urls import reverse

from pmi_portal.access import middleware
from pmi_portal.access.middleware import ACTIVE_AT, ACTIVE_AT_STEP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOME = reverse("home")
POLL = reverse("notifications:unread")


class Clock:
    def __init__(self):
        self.now = 1_800_000_000

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(middleware, "_now", clock)
    return clock


@pytest.fixture
def officer(client):
    client.force_login(UserFactory())
    return client


def _poll_for(client, clock, seconds: int) -> list[int]:
    """The poll's answers, every half minute for `seconds`."""
    codes = []
    for _ in range(seconds // 30):
        clock.now += 30
        codes.append(client.get(POLL).status_code)
    return codes


def test_a_tab_left_open_is_logged_out_once_idle_though_the_bell_polls(officer, clock, settings):
    assert officer.get(HOME).status_code == 200

    codes = _poll_for(officer, clock, settings.SESSION_COOKIE_AGE + ACTIVE_AT_STEP + 30)

    assert codes[0] == 200
    assert codes[-1] == 302
    assert officer.get(HOME)["Location"].startswith(reverse("login"))


def test_the_poll_keeps_answering_while_the_officer_is_within_the_idle_time(
    officer, clock, settings
):
    assert officer.get(HOME).status_code == 200

    codes = _poll_for(officer, clock, settings.SESSION_COOKIE_AGE - 30)

    assert set(codes) == {200}
    assert officer.get(HOME).status_code == 200


def test_an_officer_who_keeps_working_is_never_logged_out(officer, clock, settings):
    for _ in range(12):
        clock.now += settings.SESSION_COOKIE_AGE - ACTIVE_AT_STEP
        assert officer.get(HOME).status_code == 200


def test_the_last_activity_is_written_at_most_once_a_step(officer, clock):
    officer.get(HOME)
    first = officer.session[ACTIVE_AT]

    clock.now += ACTIVE_AT_STEP - 1
    officer.get(HOME)
    unchanged = officer.session[ACTIVE_AT]
    clock.now += 1
    officer.get(HOME)

    assert unchanged == first
    assert officer.session[ACTIVE_AT] == first + ACTIVE_AT_STEP


def test_the_poll_is_not_activity(officer, clock):
    officer.get(HOME)
    first = officer.session[ACTIVE_AT]

    clock.now += 10 * ACTIVE_AT_STEP
    officer.get(POLL)

    assert officer.session[ACTIVE_AT] == first
