"""The page scenarios: who is logged in and the one request each simulated user repeats.

To add one, append a Scenario: its name (the prefix of its figures), a function
`(client, context, rng)` that makes one request with locust's client (`same_page(path)` for a
fixed page) and the demo username (None for an anonymous visitor). `context` is what run.py
read from the bench database before the load (office pks, regency names, ...); add to
`load_context` in run.py what a new scenario needs. This module stays free of Django and
locust: run.py and the load process both import it.
"""

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
    with client.get(path, name=f"{path} GET", catch_response=True) as page:
        token = CSRF_INPUT.search(page.text or "")
        if page.status_code != 200 or token is None:
            page.failure(f"HTTP {page.status_code} for {path}")
            return
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "nik": rng.choice(context["arrival_niks"]),
        "flight_number": rng.choice(["QZ7511", "CI761", "CX777", "SV816"]),
        "arrived_at": context["arrival_time"],
        "from_country": rng.choice(["MY", "TW", "HK", "SA"]),
        "category": "regular",
    }
    with client.post(
        path,
        data=urlencode(data),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": path},
        name=f"{path} POST",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"HTTP {response.status_code} for POST {path}")


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
    Scenario("handler_case_page", _case_page, username="cases.pontianak", needs_synthetic=True),
    Scenario("public_report_form", same_page("/lapor/")),
    # The figures are cached a few minutes per scope and filters: these measure the page as
    # heads meet it (mostly from the cache); `dashboard_compute_*` times the computation itself.
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
