"""The page scenarios: who is logged in and the one request each simulated user repeats.

To add one, append a Scenario: its name (the prefix of its figures), a function
`(client, context, rng)` that makes one request with locust's client (`same_page(path)` for a
fixed page) and the demo username (None for an anonymous visitor). `context` is what run.py
read from the bench database before the load (office pks, regency names, ...); add to
`load_context` in run.py what a new scenario needs. This module stays free of Django and
locust: run.py and the load process both import it.
"""

import datetime
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.figures import BARE

HTMX = {"HX-Request": "true"}


def get_page(client, path: str, *, name: str | None = None, headers: dict | None = None) -> None:
    """GET `path`; anything but 200 is a failure, a redirect to the login page included.

    `name` groups requests whose paths differ (one pk or query each) in locust's statistics.
    """
    with client.get(
        path, name=name or path, headers=headers, allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code} for {path}")


def same_page(path: str) -> Callable[[object, dict, random.Random], None]:
    """The request of a scenario that asks for one fixed page."""
    return lambda client, context, rng: get_page(client, path)


@dataclass(frozen=True)
class Scenario:
    name: str
    request: Callable[[object, dict, random.Random], None]
    username: str | None = None
    # Scenarios over generate_synthetic's workers are reported missing until it has run.
    needs_synthetic: bool = False
    # The context's list of records each user holds one of at a time (run.py checks that
    # there are enough for the users).
    pool: str | None = None


def _bare(client, context: dict, rng: random.Random) -> None:
    office_pk = rng.choice(context["office_pks"])
    get_page(client, f"/bench/bare/{office_pk}/", name="/bench/bare/<pk>/")


def _office_search(client, context: dict, rng: random.Random) -> None:
    query = urlencode({"q": rng.choice(context["regency_names"])})
    get_page(client, f"/offices/?{query}", name="/offices/?q=<regency>", headers=HTMX)


def _worker_search_nik(client, context: dict, rng: random.Random) -> None:
    query = urlencode({"q": rng.choice(context["serang_worker_niks"])})
    get_page(client, f"/registry/?{query}", name="/registry/?q=<nik>", headers=HTMX)


def _worker_search_name(client, context: dict, rng: random.Random) -> None:
    query = urlencode({"q": with_typo(rng.choice(context["serang_worker_names"]), rng)})
    get_page(client, f"/registry/?{query}", name="/registry/?q=<name>", headers=HTMX)


def _worker_page(client, context: dict, rng: random.Random) -> None:
    pk = rng.choice(context["serang_worker_pks"])
    get_page(client, f"/registry/workers/{pk}/", name="/registry/workers/<pk>/")


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _arrival_entry(client, context: dict, rng: random.Random) -> None:
    """The airport officer's cycle: open the arrival form, log one returnee by NIK (302)."""
    path = "/returns/arrivals/new/"
    token = _form_token(client, path, name=f"{path} GET")
    if token is None:
        return
    data = {
        "csrfmiddlewaretoken": token,
        "nik": rng.choice(context["arrival_niks"]),
        "flight_number": rng.choice(["QZ7511", "CI761", "CX777", "SV816"]),
        "arrived_at": context["arrival_time"],
        "from_country": rng.choice(["MY", "TW", "HK", "SA"]),
        "category": "regular",
    }
    _post_form(client, path, data, name=f"{path} POST", expected=302)


def _post_form(client, path: str, data: dict, *, name: str, expected: int) -> None:
    """POST a form as the browser does; anything but `expected` is a failure."""
    with client.post(
        path,
        data=urlencode(data),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": path},
        name=name,
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != expected:
            response.failure(f"HTTP {response.status_code} for POST {path}")


def _form_token(client, path: str, *, name: str) -> str | None:
    """GET a page with a form and return its CSRF token; a failure when there is none."""
    with client.get(path, name=name, catch_response=True) as page:
        token = CSRF_INPUT.search(page.text or "")
        if page.status_code != 200 or token is None:
            page.failure(f"HTTP {page.status_code} for {path}")
            return None
        return token.group(1)


# The NIKs the registration scenario gives: women of Kabupaten Tangerang (3603) in a district
# code synthetic data never uses (99), born on the 29th to 31st (synthetic birthdays stop at the
# 28th). Registration number i has the i-th of them, so a run continues where the last stopped.
REGISTRATION_NIK_PREFIX = "360399"
REGISTRATION_REGENCY = "3603"
_REGISTRATION_BIRTH_DATES = [
    datetime.date(year, month, day)
    for year in range(1976, 2001)
    for month in range(1, 13)
    for day in (29, 30, 31)
    if day <= (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(1)).day
]
FEMALE_DAY_OFFSET = 40


def registration_nik(index: int) -> tuple[str, datetime.date]:
    """The `index`-th NIK of the registration scenario and the birth date it encodes."""
    birth_date = _REGISTRATION_BIRTH_DATES[index % len(_REGISTRATION_BIRTH_DATES)]
    serial = index // len(_REGISTRATION_BIRTH_DATES) + 1
    if serial > 9999:
        raise ValueError("the registration scenario's NIKs are used up")
    day = birth_date.day + FEMALE_DAY_OFFSET
    return f"{REGISTRATION_NIK_PREFIX}{day:02d}{birth_date:%m%y}{serial:04d}", birth_date


def registration_index(birth_date: datetime.date, serial: int) -> int:
    """The inverse of `registration_nik`: which registration gave the NIK with these parts."""
    position = _REGISTRATION_BIRTH_DATES.index(birth_date)
    return (serial - 1) * len(_REGISTRATION_BIRTH_DATES) + position


def _letters(number: int) -> str:
    """A number as a word of letters (0 "a", 26 "ba"): each registration's name is its own, so
    no two are flagged as the same person (same name and birth date)."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if not number:
            return word


def registration_form(index: int, agency_pk: int) -> dict[str, str]:
    """The counter's registration form for a woman of Kabupaten Tangerang going to Taiwan."""
    nik, birth_date = registration_nik(index)
    return {
        "nik": nik,
        "full_name": f"Siti Uji {_letters(index).capitalize()}",
        "sex": "F",
        "birth_place": "Tangerang",
        "birth_date": birth_date.isoformat(),
        "home_regency": REGISTRATION_REGENCY,
        "address": "Kampung Pasir Angin RT 02/05, Desa Cikupa",
        "phone": "0812 3456 7890",
        "education": "smp",
        "skills": "merawat lansia, memasak",
        "next_of_kin_name": "Sarinah",
        "next_of_kin_relation": "ibu",
        "next_of_kin_phone": "081298765432",
        "passport_number": "",
        "passport_expiry": "",
        "placement-scheme": "p2p",
        "placement-agency": str(agency_pk),
        "placement-destination": "TW",
        "placement-employer_name": "Chen Mei-Ling",
        "placement-sector": "informal",
        "placement-job_title": "pengasuh lansia",
        "placement-contract_months": "24",
        "placement-salary_amount": "20000",
        "placement-salary_currency": "TWD",
    }


def _register_cpmi(client, context: dict, rng: random.Random) -> None:
    """The counter's most frequent write: open the registration form, register a CPMI with her
    placement (302 to the receipt). Each gets the next unused NIK (`registration_nik`)."""
    path = "/registry/workers/new/"
    token = _form_token(client, path, name=f"{path} GET")
    if token is None:
        return
    index = context["registration_next_index"]
    context["registration_next_index"] = index + 1
    data = registration_form(index, rng.choice(context["active_agency_pks"]))
    data = {"csrfmiddlewaretoken": token, **data}
    _post_form(client, path, data, name=f"{path} POST", expected=302)


TO_STAGE_INPUT = re.compile(r'name="to_stage" value="([a-z_]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')


def _stage_move(client, context: dict, rng: random.Random) -> None:
    """Open a worker's page and move the placement a stage (htmx, as the panel's buttons do):
    on to selection from registration (its KTP is in), or back with a reason. Each placement of
    the pool is held by one user at a time, so no move meets another's version."""
    pool = context["stage_move_placements"]
    placement_pk, worker_pk = pool.pop(rng.randrange(len(pool)))
    try:
        page_path = f"/registry/workers/{worker_pk}/"
        with client.get(
            page_path, name="/registry/workers/<pk>/ (to move)", catch_response=True
        ) as page:
            text = page.text or ""
            token, forward, version = (
                CSRF_INPUT.search(text), TO_STAGE_INPUT.search(text), VERSION_INPUT.search(text)
            )  # fmt: skip
            if page.status_code != 200 or None in (token, forward, version):
                page.failure(f"HTTP {page.status_code} for {page_path}, or no stage panel")
                return
        data = {"csrfmiddlewaretoken": token.group(1), "version": version.group(1)}
        if forward.group(1) == "selection":
            data["to_stage"] = "selection"
        else:
            data |= {"to_stage": "registered", "reason": "berkas belum lengkap (uji beban)"}
        path = f"/registry/placements/{placement_pk}/move/"
        with client.post(
            path,
            data=urlencode(data),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": page_path,
                **HTMX,
            },
            name="/registry/placements/<pk>/move/ POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            moved = VERSION_INPUT.search(response.text or "")
            if response.status_code != 200 or moved is None or moved.group(1) == version.group(1):
                response.failure(f"HTTP {response.status_code} for POST {path}: not moved")
    finally:
        pool.append((placement_pk, worker_pk))


def _case_page(client, context: dict, rng: random.Random) -> None:
    """A case with a 200-entry timeline (one per office in the synthetic data)."""
    pks = context["long_timeline_case_pks"] or [0]  # none: a 404, reported as failures
    get_page(client, f"/cases/{rng.choice(pks)}/", name="/cases/<pk>/ (200 entries)")


def with_typo(name: str, rng: random.Random) -> str:
    """The name as an officer might type it: one letter of it doubled or dropped."""
    at = rng.randrange(1, len(name) - 1)
    return name[:at] + name[at + 1 :] if rng.random() < 0.5 else name[:at] + name[at] + name[at:]


SCENARIOS = [
    Scenario(BARE, _bare),
    Scenario("healthz", same_page("/healthz")),
    Scenario("counter_home", same_page("/"), username="counter.serang"),
    Scenario("counter_office_search", _office_search, username="counter.serang"),
    Scenario("head_audit", same_page("/audit/"), username="head.banten"),
    Scenario("analyst_audit", same_page("/audit/"), username="analyst.national"),
    Scenario(
        "counter_worker_search_nik",
        _worker_search_nik,
        username="counter.serang",
        needs_synthetic=True,
    ),
    Scenario(
        "counter_worker_search_name",
        _worker_search_name,
        username="counter.serang",
        needs_synthetic=True,
    ),
    Scenario("counter_worker_page", _worker_page, username="counter.serang", needs_synthetic=True),
    Scenario(
        "airport_arrival_entry", _arrival_entry, username="airport.soetta", needs_synthetic=True
    ),
    # The handler's own queue (open cases given to them, by deadline) and all cases of the area.
    Scenario(
        "handler_case_list", same_page("/cases/"), username="cases.pontianak", needs_synthetic=True
    ),
    Scenario(
        "handler_case_list_all",
        same_page("/cases/?view=all"),
        username="cases.pontianak",
        needs_synthetic=True,
    ),
    # The counter's writes: a CPMI registered with her placement, a placement's stage moved.
    Scenario(
        "counter_register_cpmi", _register_cpmi, username="counter.serang", needs_synthetic=True
    ),
    Scenario(
        "counter_stage_move",
        _stage_move,
        username="counter.serang",
        needs_synthetic=True,
        pool="stage_move_placements",
    ),
    Scenario("handler_case_page", _case_page, username="cases.pontianak", needs_synthetic=True),
    Scenario("public_report_form", same_page("/lapor/")),
    # The figures are read from the summaries and cached per scope, filters and refresh: these
    # measure the page as heads meet it (mostly from the cache); `dashboard_*_read_*` times the
    # reading itself and `dashboard_refresh_seconds` the summaries' refresh.
    Scenario(
        "analyst_dashboard",
        same_page("/dashboard/"),
        username="analyst.national",
        needs_synthetic=True,
    ),
    Scenario(
        "head_dashboard", same_page("/dashboard/"), username="head.banten", needs_synthetic=True
    ),
    # Outreach: the office's activities, newest first, 50 a page with the area's totals.
    Scenario(
        "head_outreach_list", same_page("/outreach/"), username="head.banten", needs_synthetic=True
    ),
    # The SKM index of the year's answers in the head's scope, per element, quarter and office.
    Scenario(
        "head_satisfaction",
        same_page("/service/satisfaction/"),
        username="head.banten",
        needs_synthetic=True,
    ),
    Scenario("public_service_standards", same_page("/layanan/upt-serang/")),
]

# The officers' real jobs the issue names whose pages do not exist yet: reported missing with
# the reason until a scenario above replaces the entry.
PENDING_SCENARIOS: dict[str, str] = {}

SCENARIOS_BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
