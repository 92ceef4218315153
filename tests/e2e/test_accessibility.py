"""axe-core (node_modules, pinned in package.json) over each role's main pages, on a laptop
and on a phone: no serious or critical finding.

The demo data is loaded and each role logs in once for the module, outside the tests'
transactions (pytest-django's live server would flush and reload it for each page below);
the module empties the database afterwards and puts the reference data back.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import modify_settings
from pytest_django.live_server_helper import LiveServer

from cases.models import Case
from placements.models import Placement
from pmi_portal.demo.users import DEMO_PASSWORD
from pmi_portal.offices.models import Office
from returns.models import Arrival
from service_quality.services import survey_token
from tests.conftest import load_reference_data
from tests.e2e.conftest import launched_chromium, log_in

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1366, "phone": 390}
FAILING_IMPACTS = {"serious", "critical"}

# Each role's home and the main pages of its menu; None is the visitor who is not logged in.
PAGES = {
    None: ["login", "public_report", "public_status_lookup", "service_standards", "survey"],
    "counter.serang": [
        "home",
        "queue",
        "registry",
        "registry_search",
        "register",
        "worker",
        "outreach",
        "outreach_new",
        "programmes",
    ],
    "airport.soetta": ["home", "arrivals", "arrival_new", "arrival", "interceptions"],
    "cases.pontianak": ["home", "cases", "case", "case_new"],
    "head.banten": [
        "home",
        "audit",
        "duplicates",
        "merges",
        "agencies",
        "offices",
        "satisfaction",
        "service_time",
        "standards",
    ],
    "analyst.national": ["home", "cases", "arrivals"],
}


def path_of(page_name: str) -> str:
    """The address of a page; the records come from the demo data of the user's office."""
    if page_name == "worker":
        placement = Placement.objects.filter(office__code="upt-serang").order_by("pk").first()
        return f"/registry/workers/{placement.worker_id}/"
    if page_name == "case":
        return f"/cases/{Case.objects.filter(office__code='upt-pontianak').order_by('pk')[0].pk}/"
    if page_name == "survey":
        token = survey_token(
            office=Office.objects.get(code="upt-serang"), service="registration", receipt="a11y"
        )
        return f"/skm/{token}/"
    if page_name == "arrival":
        return f"/returns/arrivals/{Arrival.objects.order_by('pk')[0].pk}/"
    return {
        "login": "/accounts/login/",
        "public_report": "/lapor/",
        "public_status_lookup": "/lapor/status/",
        "home": "/",
        "queue": "/registry/queue/",
        "registry": "/registry/",
        "registry_search": "/registry/?q=Wati+Hidayet",
        "register": "/registry/workers/new/",
        "arrivals": "/returns/",
        "arrival_new": "/returns/arrivals/new/",
        "interceptions": "/returns/interceptions/",
        "cases": "/cases/",
        "case_new": "/cases/new/",
        "audit": "/audit/",
        "duplicates": "/people/duplicates/",
        "merges": "/people/merges/",
        "agencies": "/registry/agencies/",
        "offices": "/offices/",
        "service_standards": "/layanan/upt-serang/",
        "outreach": "/outreach/",
        "outreach_new": "/outreach/new/",
        "programmes": "/outreach/programmes/",
        "satisfaction": "/service/satisfaction/",
        "service_time": "/service/time/",
        "standards": "/service/",
    }[page_name]


CASES = [
    pytest.param(username, page_name, width, id=f"{username or 'visitor'}-{page_name}-{width}")
    for username, page_names in PAGES.items()
    for page_name in page_names
    for width in WIDTHS
]


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """A live server over the demo data, for this module's tests."""
    with django_db_blocker.unblock():
        load_reference_data()
        call_command("load_demo", force=True, stdout=io.StringIO())
        server = LiveServer("localhost")
        with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
            yield server
        server.stop()
        call_command("flush", interactive=False, verbosity=0)
        load_reference_data()


@pytest.fixture(scope="module")
def role_contexts(chromium_path, demo_site):
    """One browser context per role, logged in once, with axe-core injected into every page.

    An init script is not subject to the portal's Content-Security-Policy, which would refuse
    an inline script tag. The browser is this module's own and closed after it: these tests
    run before the live-server ones, and another test may start its own Playwright later."""
    assert AXE.exists(), f"{AXE} is missing: run npm ci (make test does)"
    with launched_chromium(chromium_path) as browser:
        yield from _logged_in_contexts(browser, demo_site)


def _logged_in_contexts(browser, demo_site):
    contexts = {}
    for username in PAGES:
        context = browser.new_context(base_url=demo_site.url, locale="id-ID")
        context.add_init_script(path=AXE)
        context.set_default_timeout(15_000)
        if username is not None:
            page = context.new_page()
            log_in(page, username, DEMO_PASSWORD)
            page.close()
        contexts[username] = context
    yield contexts
    for context in contexts.values():
        context.close()


def serious_findings(page) -> list[str]:
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}) {node['target']}: {violation['help']}"
        f" - {node['failureSummary']}"
        for violation in results["violations"]
        if violation["impact"] in FAILING_IMPACTS
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize(("username", "page_name", "width"), CASES)
def test_each_roles_main_pages_have_no_serious_accessibility_finding(
    role_contexts, username, page_name, width
):
    page = role_contexts[username].new_page()
    try:
        page.set_viewport_size({"width": WIDTHS[width], "height": 844})
        response = page.goto(path_of(page_name))
        assert response.status == 200
        page.wait_for_load_state("load")
        findings = serious_findings(page)
    finally:
        page.close()
    assert not findings, "\n".join(findings)
