"""A domain app arrives through its own files: the core's roles, menu, URLconf and API router
read what each app declares in its AppConfig (pmi_portal.contributions)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from pmi_portal.access.roles import Role, role_permissions
from pmi_portal.contributions import Contribution
from pmi_portal.web.navigation import nav_items

ROOT = Path(__file__).resolve().parent.parent.parent
CORE_LISTS = [
    "pmi_portal/access/roles.py",
    "pmi_portal/web/navigation.py",
    "pmi_portal/api/urls.py",
    "pmi_portal/urls.py",
    "tests/access/scope_cases.py",
    "tests/access/test_every_view_is_scoped.py",
]
DOMAIN_APPS = ["placements", "returns", "cases", "outreach", "service_quality"]


@pytest.mark.parametrize("path", CORE_LISTS)
def test_the_cores_lists_name_no_domain_app(path):
    text = (ROOT / path).read_text()

    named = [
        app
        for app in DOMAIN_APPS
        if re.search(rf"(from|import)\s+{app}\b|[\"']{app}[.:/\"']", text)
    ]

    assert named == []


def test_the_registry_arrives_by_its_declaration():
    assert "placements.add_placement" in role_permissions()[Role.COUNTER_OFFICER]
    assert "placements:search" in {item.url_name for item in nav_items()}
    assert reverse("api:placement-list") == "/api/v1/placements/"
    assert reverse("placements:search") == "/registry/"


def test_an_app_may_mount_its_pages_under_a_second_address_as_well():
    contribution = Contribution(urls=("staff/", "app.urls"), more_urls=(("public/", "app.p"),))

    assert contribution.url_mounts() == [("staff/", "app.urls"), ("public/", "app.p")]
    assert Contribution().url_mounts() == []
