"""Staff roles. Each role is a Django group of the same name holding the role's permissions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", _("counter officer")
    AIRPORT_OFFICER = "airport_officer", _("airport return-post officer")
    CASE_HANDLER = "case_handler", _("case handler")
    OFFICE_HEAD = "office_head", _("office head")
    REGIONAL_HEAD = "regional_head", _("regional head")
    NATIONAL_ANALYST = "national_analyst", _("national analyst")
    ADMINISTRATOR = "administrator", _("administrator")


class ScopeLevel(models.TextChoices):
    """How far a role sees: its office's working area, the provinces of it, or the nation."""

    OFFICE = "office", _("the office's working area")
    PROVINCE = "province", _("the provinces of the office's area")
    NATIONAL = "national", _("nationwide")


SCOPE_LEVEL = {
    Role.COUNTER_OFFICER: ScopeLevel.OFFICE,
    Role.AIRPORT_OFFICER: ScopeLevel.OFFICE,
    Role.CASE_HANDLER: ScopeLevel.OFFICE,
    Role.OFFICE_HEAD: ScopeLevel.OFFICE,
    Role.REGIONAL_HEAD: ScopeLevel.PROVINCE,
    Role.NATIONAL_ANALYST: ScopeLevel.NATIONAL,
    Role.ADMINISTRATOR: ScopeLevel.NATIONAL,
}

# Which kinds of office each role may belong to (see offices.models.Office.Kind).
OFFICE_KINDS = {
    Role.COUNTER_OFFICER: {"regional", "service_post"},
    Role.AIRPORT_OFFICER: {"regional", "return_post"},
    Role.CASE_HANDLER: {"regional", "service_post", "return_post"},
    Role.OFFICE_HEAD: {"regional", "service_post", "return_post"},
    Role.REGIONAL_HEAD: {"regional"},
    Role.NATIONAL_ANALYST: {"headquarters"},
    Role.ADMINISTRATOR: {"headquarters"},
}

# Heads and administrators may protect their login with a second factor (TOTP).
HEADS_AND_ADMINISTRATORS = {Role.OFFICE_HEAD, Role.REGIONAL_HEAD, Role.ADMINISTRATOR}

# "app_label.codename" per role: the core's own here; each domain app declares the
# permissions on its records in its AppConfig (see pmi_portal.contributions).
_READ_REFERENCE = ["offices.view_office", "offices.view_regency", "offices.view_province"]
_READ_AUDIT = ["audit.view_auditevent"]
_READ_USERS = ["access.view_user"]
CORE_PERMISSIONS: dict[str, list[str]] = {
    Role.COUNTER_OFFICER: [*_READ_REFERENCE],
    Role.AIRPORT_OFFICER: [*_READ_REFERENCE],
    Role.CASE_HANDLER: [*_READ_REFERENCE],
    Role.OFFICE_HEAD: [*_READ_REFERENCE, *_READ_AUDIT, *_READ_USERS],
    Role.REGIONAL_HEAD: [*_READ_REFERENCE, *_READ_AUDIT, *_READ_USERS],
    Role.NATIONAL_ANALYST: [*_READ_REFERENCE, *_READ_AUDIT, *_READ_USERS],
    Role.ADMINISTRATOR: [
        *_READ_REFERENCE,
        *_READ_AUDIT,
        *_READ_USERS,
        "access.add_user",
        "access.change_user",
        "offices.change_office",
        "offices.add_office",
        "offices.change_regency",
        # API tokens of systems: issue (add), list with last use (view), revoke (change).
        "api.view_apitoken",
        "api.add_apitoken",
        "api.change_apitoken",
    ],
}


def role_permissions() -> dict[str, list[str]]:
    """Every role's permissions: the core's and those the installed apps declare."""
    from pmi_portal.contributions import contributions

    merged = {role: list(names) for role, names in CORE_PERMISSIONS.items()}
    for contribution in contributions():
        for role, names in contribution.permissions.items():
            merged[role].extend(name for name in names if name not in merged[role])
    return merged


def portal_permissions() -> frozenset[str]:
    """Every permission some role holds."""
    return frozenset(name for names in role_permissions().values() for name in names)
