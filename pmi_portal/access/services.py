"""Staff accounts and role groups."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from pmi_portal.access.models import User
from pmi_portal.access.roles import Role, role_permissions
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, snapshot


class UnknownPermissionError(LookupError):
    pass


@transaction.atomic
def role_groups_sync() -> None:
    """Make each role's group hold exactly the permissions `role_permissions()` gives it."""
    permissions_of = role_permissions()
    for role in Role:
        wanted = permissions_of[role]
        condition = Q(pk__in=[])
        for name in wanted:
            app_label, codename = name.split(".")
            condition |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(condition))
        if len(permissions) != len(set(wanted)):
            found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
            raise UnknownPermissionError(f"{role}: unknown {sorted(set(wanted) - found)}")
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(permissions)


@transaction.atomic
def staff_create(
    *,
    actor: User | None,
    username: str,
    office,
    role: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a member of staff, refusing a wrong office or role with the reason."""
    user = User(
        username=username,
        office=office,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=user,
        changes={name: [None, value] for name, value in snapshot(user).items()},
    )
    return user
