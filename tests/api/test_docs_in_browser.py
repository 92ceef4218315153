"""The interactive docs work in a real browser under the portal's strict CSP, offline."""

import shutil
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def docs_page(live_server, reference_data):
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Chromium is not installed: run `make browser`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=live_server.url)
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def test_swagger_ui_renders_the_api_from_the_portal_alone(docs_page, live_server):
    problems, hosts = [], set()
    docs_page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    docs_page.on("pageerror", lambda error: problems.append(str(error)))
    docs_page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    docs_page.goto("/api/v1/docs/")
    docs_page.get_by_text("/api/v1/me/").first.wait_for()

    assert docs_page.get_by_text("PMI Portal API").first.is_visible()
    assert problems == []  # a CSP refusal shows here
    assert hosts == {urlsplit(live_server.url).netloc}
