"""Masking of personal identity data in lists and search results.

Whole values are shown only on a detail page to a user in scope, and that view is audited.
"""

MASK = "*"


def mask_middle(value: str | None, *, keep_start: int, keep_end: int) -> str:
    if not value:
        return ""
    text = str(value)
    if len(text) <= keep_start + keep_end:
        return MASK * len(text)
    hidden = len(text) - keep_start - keep_end
    return text[:keep_start] + MASK * hidden + text[len(text) - keep_end :]


def mask_nik(nik: str | None) -> str:
    """`3201********0001`: the region stays readable, the birth date does not."""
    return mask_middle(nik, keep_start=4, keep_end=4)


def mask_passport(number: str | None) -> str:
    return mask_middle(number, keep_start=1, keep_end=2)


def mask_phone(phone: str | None) -> str:
    """`+62812*****789`: country and operator prefix, last three digits."""
    return mask_middle(phone, keep_start=6, keep_end=3)


def mask_address(address: str | None) -> str:
    """Only the first word of a street address (often the village or street name)."""
    if not address:
        return ""
    first, _, rest = str(address).partition(" ")
    return first + (" " + MASK * 3 if rest else "")
