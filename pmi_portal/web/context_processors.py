import functools
import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

from pmi_portal.web.navigation import menu_html


def navigation(request):
    """The main menu's markup, rendered when a page shows it (an htmx fragment does not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": ""}
    return {"nav_menu": functools.partial(menu_html, user, request.path)}


def csrf(request):
    """`csrf_token` as Django's own processor gives it (it runs first; this one replaces its
    value), with the mask drawn from one read of the system's randomness instead of 32: Django's
    `get_token` took about 60 microseconds on every page that shows a form (the language switch
    and the logout of the navigation bar are forms)."""
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request))}


_CHARS = CSRF_ALLOWED_CHARS
# A random byte below the largest multiple of the alphabet's size names one of its characters
# evenly (byte % size); the bytes above it are dropped.
_EVEN_BELOW = 256 - 256 % len(_CHARS)
_BYTE_TO_CHAR = bytes(
    ord(_CHARS[byte % len(_CHARS)]) if byte < _EVEN_BELOW else 0 for byte in range(256)
)
_UNEVEN_BYTES = bytes(range(_EVEN_BELOW, 256))
# The cipher's character for each (secret's character, mask's character).
_SHIFTED = {
    (char, shift_char): _CHARS[(index + shift) % len(_CHARS)]
    for index, char in enumerate(_CHARS)
    for shift, shift_char in enumerate(_CHARS)
}


def csrf_token(request) -> str:
    """The request's CSRF secret masked with a fresh random mask: what `get_token` returns, and
    with its side effect (the cookie is sent again, renewing it)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        # No cookie yet: Django makes the secret (and the cookie) and masks it itself.
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return masked(secret)


def masked(secret: str) -> str:
    """Django's `_mask_cipher_secret`: a uniformly random mask of CSRF_SECRET_LENGTH allowed
    characters, then each character of the secret shifted by the mask's."""
    mask = b""
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += secrets.token_bytes(48).translate(_BYTE_TO_CHAR, _UNEVEN_BYTES)
    mask_chars = mask[:CSRF_SECRET_LENGTH].decode("ascii")
    return mask_chars + "".join(map(_SHIFTED.__getitem__, zip(secret, mask_chars, strict=True)))
