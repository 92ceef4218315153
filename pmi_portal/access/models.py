from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff; the public never logs in."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
