"""How each scoped page proves its office scoping: a record in UPT Serang's area, seen by
Serang's staff and national roles, invisible (no row, or 404) to Pontianak's, and closed to
anonymous visitors.

The core's pages are listed here; each app lists its own in `tests/<app>/scope_cases.py`
(a `SCOPE_CASES` list), found by `all_scope_cases()`, so a new app edits only its own tests.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record


@dataclass(frozen=True)
class ScopeCase:
    url_name: str
    kind: str  # "list": the record's marker shows or not; "detail": answered, or 404
    make: Callable[[], object]  # creates a record in Serang's area (Kota Serang, 3673)
    marker: Callable[[object], str] = lambda record: ""
    kwargs: Callable[[object], dict] = lambda record: {}
    query: Callable[[object], dict] = lambda record: {}
    method: str = "get"
    data: Callable[[object], dict] = field(default=lambda record: {})
    # Roles that may use the page at all; the national analyst reads but does not register.
    national_may: bool = True


def _audit_event_in_serang():
    return audit_record(
        action=AuditAction.UPDATE, actor=None, object_repr="Penanda Serang", regency_id="3673"
    )


def _pk(record) -> dict:
    return {"pk": record.pk}


CORE_SCOPE_CASES = [
    ScopeCase("audit:list", "list", _audit_event_in_serang, lambda event: event.object_repr),
]


def _app_modules():
    tests_dir = Path(__file__).resolve().parent.parent
    for module_file in sorted(tests_dir.glob("*/scope_cases.py")):
        if module_file.parent.name != "access":
            yield importlib.import_module(f"tests.{module_file.parent.name}.scope_cases")


def all_scope_cases() -> list[ScopeCase]:
    cases = list(CORE_SCOPE_CASES)
    for module in _app_modules():
        cases.extend(module.SCOPE_CASES)
    return cases


def all_pages_without_records() -> set[str]:
    """Pages an app declares the same for all its staff (a blank form): `SAME_FOR_ALL_STAFF`."""
    names = set()
    for module in _app_modules():
        names |= set(getattr(module, "SAME_FOR_ALL_STAFF", ()))
    return names


def all_public_pages() -> set[str]:
    """Pages an app opens to anyone, without login (e.g. a public report form): `PUBLIC`."""
    names = set()
    for module in _app_modules():
        names |= set(getattr(module, "PUBLIC", ()))
    return names
