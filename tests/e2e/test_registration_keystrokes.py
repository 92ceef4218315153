"""One CPMI registered at the counter with the keyboard alone, keys and page loads counted.

The same person and placement twice: with the page's scripts (the NIK fills the sex, birth
date and regency; the long lists are searched as you type) and without them, which is the
form as it was before: plain drop-downs chosen by typing the start of an entry, nothing
filled in. README.md ("The counter's keystrokes") reports both counts.
"""

import pytest

from placements.models import Placement
from pmi_portal.access.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import AgencyFactory, UserFactory

NIK = "3603124507950003"
# What the focused element is: its name, or the test id of a search box, or its type.
FOCUSED = (
    "() => { const el = document.activeElement;"
    " return el.name || el.dataset.testid || el.type || el.tagName; }"
)


class Keyboard:
    """The officer's keyboard: every key pressed is counted, and the characters typed."""

    def __init__(self, page):
        self.page = page
        self.keys = 0
        self.typed = 0
        self.day_first = self._date_fields_take_the_day_first()

    def _date_fields_take_the_day_first(self) -> bool:
        """Chromium's date field takes its parts in its own language's order (headless: the
        month first); a field of its own, typed into and removed, says which, uncounted."""
        self.page.evaluate(
            "() => { const probe = document.createElement('input'); probe.type = 'date';"
            " probe.id = 'date-probe'; document.body.append(probe); }"
        )
        self.page.focus("#date-probe")
        self.page.keyboard.type("01022003")
        value = self.page.evaluate("() => document.getElementById('date-probe').value")
        self.page.evaluate("() => document.getElementById('date-probe').remove()")
        self.page.focus("[autofocus]")
        return value == "2003-02-01"

    def type_date(self, day: str, month: str, year: str) -> None:
        self.type(day + month + year if self.day_first else month + day + year)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.keys += len(text)
        self.typed += len(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.keys += 1

    def tab_to(self, target: str) -> None:
        """Tab until `target` has the focus, as an officer would (a date field takes three)."""
        for _ in range(6):
            self.press("Tab")
            if self.page.evaluate(FOCUSED) == target:
                return
        raise AssertionError(f"Tab never reached {target}; at {self.page.evaluate(FOCUSED)}")


def register_by_keyboard(page, *, scripts: bool) -> Keyboard:
    keyboard = Keyboard(page)
    keyboard.type(NIK)
    if scripts:
        page.get_by_test_id("nik-status").filter(has_text="NIK").wait_for()
    keyboard.tab_to("full_name")
    keyboard.type("Siti Aminah")
    keyboard.tab_to("sex")
    if not scripts:
        keyboard.type("p")  # perempuan
    keyboard.tab_to("birth_place")
    keyboard.type("Tangerang")
    keyboard.tab_to("birth_date")
    if not scripts:
        keyboard.type_date("05", "07", "1995")
    if scripts:
        keyboard.tab_to("search-home_regency")  # filled from the NIK: passed over
        keyboard.tab_to("home_regency")
    else:
        keyboard.tab_to("home_regency")
        keyboard.type("kabupaten tangerang")
    keyboard.tab_to("address")
    keyboard.type("Kampung Pasir Angin RT 02/05")
    keyboard.tab_to("phone")
    keyboard.type("081234567890")
    keyboard.tab_to("education")
    keyboard.type("smp")
    keyboard.tab_to("skills")
    keyboard.tab_to("next_of_kin_name")
    keyboard.type("Sarinah")
    keyboard.tab_to("next_of_kin_relation")
    keyboard.type("ibu")
    keyboard.tab_to("next_of_kin_phone")
    keyboard.type("081298765432")
    keyboard.tab_to("passport_number")
    keyboard.type("C1234567")
    keyboard.tab_to("passport_expiry")
    keyboard.type_date("31", "12", "2030")
    keyboard.tab_to("placement-scheme")
    keyboard.type("p")  # P to P
    if scripts:
        keyboard.tab_to("search-placement-agency")
        keyboard.type("duta")
        keyboard.press("Enter")  # chosen; on to the next field
        assert page.evaluate(FOCUSED) == "search-placement-destination"
        keyboard.type("taiwan")
        keyboard.press("Enter")
        assert page.evaluate(FOCUSED) == "placement-employer_name"
    else:
        keyboard.tab_to("placement-agency")
        keyboard.type("pt duta")
        keyboard.tab_to("placement-destination")
        keyboard.type("taiwan")
        keyboard.tab_to("placement-employer_name")
    keyboard.type("Keluarga Chen")
    keyboard.tab_to("placement-sector")
    keyboard.type("i")  # informal
    keyboard.tab_to("placement-job_title")
    keyboard.type("pengasuh lansia")
    keyboard.tab_to("placement-contract_months")
    keyboard.type("24")
    keyboard.tab_to("placement-salary_amount")
    keyboard.type("20000")
    keyboard.tab_to("placement-salary_currency")
    keyboard.type("tw")
    keyboard.tab_to("submit")
    with page.expect_navigation():
        keyboard.press("Enter")
    assert page.locator(".invalid-feedback, .alert-danger").all_inner_texts() == []
    assert page.url.endswith("/receipt/")
    return keyboard


@pytest.fixture
def counter_desk(browser, live_server, reference_data):
    UserFactory(username="loket.ketik", role=Role.COUNTER_OFFICER)
    AgencyFactory(name="PT Duta Putra Bersama")

    def open_form(*, scripts: bool):
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", java_script_enabled=scripts
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, "loket.ketik")
        loads = []
        page.on("load", lambda: loads.append(page.url))
        page.goto("/registry/workers/new/")
        return page, loads

    return open_form


def assert_registered():
    placement = Placement.objects.select_related("worker", "agency", "destination").get()
    worker = placement.worker
    assert (worker.nik, worker.sex, worker.birth_date.isoformat()) == (NIK, "F", "1995-07-05")
    assert (worker.home_regency_id, worker.education) == ("3603", "smp")
    assert (placement.scheme, placement.agency.name) == ("p2p", "PT Duta Putra Bersama")
    assert (placement.destination_id, placement.salary_currency) == ("TW", "TWD")


@pytest.mark.django_db(transaction=True)
def test_a_registration_now_takes_197_keys_and_two_page_loads(counter_desk):
    page, loads = counter_desk(scripts=True)

    keyboard = register_by_keyboard(page, scripts=True)

    assert_registered()
    assert (keyboard.keys, keyboard.typed, len(loads)) == (197, 166, 2)


@pytest.mark.django_db(transaction=True)
def test_the_same_registration_took_225_keys_with_plain_drop_downs_and_nothing_filled_in(
    counter_desk,
):
    page, loads = counter_desk(scripts=False)

    keyboard = register_by_keyboard(page, scripts=False)

    assert_registered()
    assert (keyboard.keys, keyboard.typed, len(loads)) == (225, 197, 2)
