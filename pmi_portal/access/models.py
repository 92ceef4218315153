from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import OFFICE_KINDS, SCOPE_LEVEL, Role, ScopeLevel


class StaffManager(UserManager):
    def get_queryset(self):
        # Every request reads the user's office (scope, time zone): load it with the user.
        return super().get_queryset().select_related("office")


class User(AbstractUser):
    """A member of staff of one office, in one role; the public never logs in."""

    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("office"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    objects = StaffManager()

    REQUIRED_FIELDS = ["email", "office", "role"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if not self.office_id:
            raise ValidationError(
                {"office": _("Every member of staff belongs to an office.")}, code="no_office"
            )
        if self.role and self.office.kind not in OFFICE_KINDS[self.role]:
            raise ValidationError(
                {
                    "role": _("A %(role)s cannot work at %(office)s (%(kind)s).")
                    % {
                        "role": self.get_role_display(),
                        "office": self.office.name,
                        "kind": self.office.get_kind_display(),
                    }
                },
                code="role_office_mismatch",
            )
        area_office = self.office.area_office
        if area_office is not None and not area_office.regencies.exists():
            raise ValidationError(
                {
                    "office": _("%(office)s has no working area yet: give it its regencies first.")
                    % {"office": area_office.name}
                },
                code="office_without_area",
            )

    @property
    def scope_level(self) -> ScopeLevel:
        if self.is_superuser:
            return ScopeLevel.NATIONAL
        return SCOPE_LEVEL[self.role]
