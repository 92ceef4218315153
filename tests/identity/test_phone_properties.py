"""Properties of the phone normaliser over generated input (Hypothesis)."""

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from pmi_portal.identity.rules import normalize_phone

phone_like = st.one_of(
    st.text(),
    st.text(alphabet="0123456789+-() ", max_size=40),
    st.from_regex(r"\A(\+62|0)8[1-9][0-9]{7,10}\Z"),
)


@given(phone_like)
def test_any_text_normalises_or_raises_validation_error_only(value):
    try:
        normalized = normalize_phone(value)
    except ValidationError as exc:
        assert exc.code == "phone_invalid"
        return
    if normalized:
        assert normalized.startswith("+")
        assert normalized[1:].isdigit()
        assert normalize_phone(normalized) == normalized


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_a_telkomsel_number_written_locally_or_internationally_is_one_number(subscriber):
    local = normalize_phone(f"0812{subscriber}")

    assert local == f"+62812{subscriber}"
    assert normalize_phone(f"+62 812-{subscriber}") == local
