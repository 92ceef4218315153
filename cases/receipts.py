"""The receipt code a public reporter follows their report with (the way LAPOR! does it).

20 characters of an alphabet without look-alikes (no 0/O, 1/I/L): about 100 bits, shown once in
groups of four. Only its SHA-256 hash is stored, found by its first characters and compared in
constant time, so a forged code costs the same as a real miss.
"""

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 20
PREFIX_LENGTH = 6
_NO_MATCH = hashlib.sha256(b"no report has this receipt").hexdigest()


def receipt_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def receipt_normal(text: str) -> str:
    """What the reporter typed, without the dashes and spaces of its display, in capitals."""
    return "".join(text.split()).replace("-", "").upper()[: LENGTH + 4]


def receipt_hash(code: str) -> str:
    return hashlib.sha256(receipt_normal(code).encode()).hexdigest()


def receipt_prefix(code: str) -> str:
    return receipt_normal(code)[:PREFIX_LENGTH]


def receipt_display(code: str) -> str:
    code = receipt_normal(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_matches(candidates, code: str):
    """The one of `candidates` (rows with `receipt_hash`) whose hash is `code`'s, else None."""
    digest = receipt_hash(code)
    found = None
    compared = False
    for candidate in candidates:
        compared = True
        if hmac.compare_digest(candidate.receipt_hash, digest):
            found = candidate
    if not compared:
        hmac.compare_digest(_NO_MATCH, digest)
    return found
