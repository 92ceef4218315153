"""A person answers the satisfaction survey (SKM) on a phone, from the receipt's link."""

import pytest

from service_quality.models import SurveyAnswer
from service_quality.services import survey_token
from tests.factories import office

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_person_answers_the_nine_questions_on_a_phone_once(phone, reference_data):
    token = survey_token(
        office=office("upt-serang"), service="registration", receipt="registration:31"
    )

    phone.goto(f"/skm/{token}/")
    assert phone.locator("h1").inner_text() == "Bagaimana pelayanan kami?"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for number, score in enumerate([4, 4, 3, 4, 3, 3, 4, 3], start=1):
        phone.locator(f"label[for=id_u{number}_{score - 1}]").tap()
    phone.get_by_test_id("skm-send").tap()
    # The ninth was left out: the page says so at the question, keeping the other answers.
    assert phone.locator("#u9-error").inner_text() == "Pilih salah satu jawaban."
    assert phone.locator("#id_u1_3").is_checked()
    phone.locator("label[for=id_u9_3]").tap()
    phone.get_by_test_id("skm-send").tap()

    phone.get_by_test_id("skm-thanks").wait_for()
    answer = SurveyAnswer.objects.get()
    assert [getattr(answer, f"u{n}") for n in range(1, 10)] == [4, 4, 3, 4, 3, 3, 4, 3, 4]
    phone.goto(f"/skm/{token}/")
    phone.get_by_test_id("skm-already").wait_for()
    assert SurveyAnswer.objects.count() == 1
