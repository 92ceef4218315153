from django.contrib.auth.forms import AuthenticationForm, UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.models import User

STAFF_ERRORS = {
    "office": {"required": _("Every member of staff belongs to an office.")},
    "role": {"required": _("Every member of staff has a role.")},
}


class StaffCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "office", "role"]
        error_messages = STAFF_ERRORS


class StaffChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        error_messages = STAFF_ERRORS


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong username or password. Mind the capital letters: both are case-sensitive."
        ),
    }
