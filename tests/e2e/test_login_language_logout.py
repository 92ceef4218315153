import pytest

from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.mark.django_db(transaction=True)
def test_officer_logs_in_switches_to_english_and_logs_out(page, reference_data):
    officer = UserFactory(username="counter.uji", first_name="Siti", last_name="Aminah")

    page.goto("/")
    assert page.locator("h1").inner_text() == "Masuk ke Portal PMI"
    page.get_by_label("Nama pengguna").fill(officer.username)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Selamat datang, Siti Aminah"

    page.get_by_test_id("language-en").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Welcome, Siti Aminah"
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator("h1").inner_text() == "Log in to the PMI Portal"
