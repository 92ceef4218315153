"""The dashboards' one write: the yearly placement targets administrators set."""

from django.db import transaction

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from pmi_portal.dashboards.models import Target


@transaction.atomic
def target_set(*, actor, year: int, office, placements: int) -> Target:
    """Set the placements target of `year` nationally (no office) or for `office`: the one
    target of that year and office, created or changed, checked and written to the audit."""
    # No ordering: the model's (by office name) would join the office, which PostgreSQL will
    # not lock on the nullable side of an outer join.
    target = (
        Target.objects.select_for_update().filter(year=year, office=office).order_by("pk").first()
    )
    before = None if target is None else target.placements
    if target is None:
        target = Target(year=year, office=office, placements=placements)
    target.placements = placements
    target.full_clean()
    target.save()
    audit_record(
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        actor=actor,
        obj=target,
        changes={"placements": [before, placements]},
        object_repr=str(target),
    )
    return target
