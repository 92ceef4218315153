from pmi_portal.identity.masking import mask_address, mask_nik, mask_passport, mask_phone


def test_a_nik_keeps_its_region_and_serial_and_hides_the_birth_date():
    assert mask_nik("3201234507900001") == "3201********0001"


def test_passport_and_phone_are_masked():
    assert mask_passport("C1234567") == "C*****67"
    assert mask_phone("+6281234567890") == "+62812*****890"


def test_an_address_shows_its_first_word_only():
    assert mask_address("Kampung Pasir Angin RT 02/05") == "Kampung ***"


def test_empty_values_mask_to_nothing_and_short_ones_wholly():
    assert mask_nik(None) == ""
    assert mask_passport("AB") == "**"
