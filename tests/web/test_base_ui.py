import pytest


@pytest.mark.django_db
def test_login_page_is_in_bahasa_indonesia_by_default(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="id">' in text
    assert "Masuk ke Portal PMI" in text


@pytest.mark.django_db
def test_language_switch_turns_pages_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    text = client.get("/accounts/login/").content.decode()

    assert '<html lang="en">' in text
    assert "Log in to the PMI Portal" in text


@pytest.mark.django_db
def test_home_redirects_anonymous_visitor_to_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_home_greets_logged_in_officer_and_offers_log_out(logged_in_client, user):
    text = logged_in_client.get("/").content.decode()

    assert f"Selamat datang, {user.get_full_name()}" in text
    assert 'action="/accounts/logout/"' in text


@pytest.mark.django_db
def test_administration_menu_is_shown_only_to_staff_admins(client, user):
    client.force_login(user)
    assert "/admin/" not in client.get("/").content.decode()

    user.is_staff = True
    user.save()
    assert "/admin/" in client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_forbid_inline_script_and_load_assets_from_the_portal_only(client):
    response = client.get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    text = response.content.decode()
    assert "<script>" not in text
    assert "https://" not in text
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in text
    assert "/static/vendor/htmx/htmx.min.js" in text


@pytest.mark.django_db
def test_vendor_assets_are_served_by_the_portal(client):
    from django.contrib.staticfiles import finders

    for path in (
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
    ):
        assert finders.find(path), path


def test_dates_and_numbers_use_indonesian_format():
    import datetime
    from decimal import Decimal

    from django.utils import formats, translation

    with translation.override("id"):
        assert formats.date_format(datetime.date(2024, 8, 17)) == "17 Agu 2024"
        assert formats.date_format(datetime.date(2024, 8, 17), "j F Y") == "17 Agustus 2024"
        grouped = formats.number_format(Decimal("273747.5"), 1, force_grouping=True)
        assert grouped == "273.747,5"


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_the_officer_switches(client):
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}

    first = client.get("/accounts/login/", headers=english_browser).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    second = client.get("/accounts/login/", headers=english_browser).content.decode()

    assert "Masuk ke Portal PMI" in first
    assert "Log in to the PMI Portal" in second


@pytest.mark.django_db
def test_the_menu_keeps_each_roles_main_work_in_sight_and_gathers_the_rest():
    from django.utils import translation

    from pmi_portal.access.roles import Role
    from pmi_portal.web.navigation import menu_for
    from tests.factories import UserFactory, office

    head = UserFactory(username="kepala.menu", role=Role.OFFICE_HEAD)
    airport = UserFactory(
        username="bandara.menu", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )

    # In English whatever language an earlier test's request left active in this thread.
    with translation.override("en"):
        head_menu = menu_for(head, "/people/merges/")
        top = [str(entry["label"]) for entry in head_menu]
        registry = next(entry for entry in head_menu if entry.get("children"))
        assert "Workers" in top and "Arrivals" in top
        assert {str(child["label"]) for child in registry["children"]} >= {"Merges"}
        assert registry["active"]
        assert "Arrivals" in [str(entry["label"]) for entry in menu_for(airport, "/")]


@pytest.mark.django_db
def test_the_menu_is_each_roles_own_in_the_pages_language_with_the_page_active(client):
    from django.utils import translation

    from pmi_portal.access.roles import Role
    from pmi_portal.web.navigation import menu_html
    from tests.factories import UserFactory

    head = UserFactory(username="kepala.menu2", role=Role.OFFICE_HEAD)
    counter = UserFactory(username="loket.menu2", role=Role.COUNTER_OFFICER)

    with translation.override("id"):
        head_id = menu_html(head, "/audit/")
        counter_id = menu_html(counter, "/audit/")
        assert menu_html(head, "/audit/?page=2") is head_id  # rendered once, then kept
    with translation.override("en"):
        head_en = menu_html(head, "/audit/")

    assert 'href="/audit/" aria-current="page"' in head_id
    assert 'href="/audit/"' not in counter_id
    assert "Jejak audit" in head_id and "Audit trail" in head_en
    client.force_login(head)
    page = client.get("/audit/", headers={"Accept-Language": "id"}).content.decode()
    assert head_id in page


@pytest.mark.django_db
def test_the_home_page_names_the_provinces_of_the_users_area(client, settings):
    from pmi_portal.access.roles import Role
    from tests.factories import UserFactory, office

    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    counter = UserFactory(username="loket.provinsi", role=Role.COUNTER_OFFICER)
    analyst = UserFactory(
        username="analis.provinsi", role=Role.NATIONAL_ANALYST, office=office("hq")
    )

    client.force_login(counter)
    for _ in range(2):  # read, then kept
        assert "(Banten)" in client.get("/").content.decode()
    client.force_login(analyst)
    page = client.get("/").content.decode()
    assert "data seluruh Indonesia" in page and "(Banten)" not in page
