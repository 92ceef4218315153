from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    UserChangeForm,
    UserCreationForm,
    UsernameField,
)
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.models import User
from pmi_portal.access.two_factor import has_two_factor, verified_device

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


def _code_field(label, help_text="", required=True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class LoginForm(AuthenticationForm):
    """Username and password, and the authenticator code for those who turned it on."""

    # Django sets only the HTML maxlength of the username; without the check a longer name
    # reaches django-axes, whose record of the failure cannot hold it (a 503 on PostgreSQL).
    username = UsernameField(
        max_length=User._meta.get_field("username").max_length,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    otp_token = _code_field(
        _("Two-factor code"),
        _("Only if you turned on two-factor login: the 6 digits in your authenticator app."),
        required=False,
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong username or password. Mind the capital letters: both are case-sensitive."
        ),
        "otp_required": _(
            "This account uses two-factor login: enter the 6-digit code from your "
            "authenticator app."
        ),
        "otp_invalid": _("The two-factor code is wrong or has expired. Try the current one."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.otp_device = None

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not has_two_factor(user):
            return
        token = self.cleaned_data.get("otp_token")
        if not token:
            raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
        self.otp_device = verified_device(user, token)
        if self.otp_device is None:
            raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")


class TwoFactorCodeForm(forms.Form):
    token = _code_field(_("Code from the authenticator app"))


class LockingPasswordChangeForm(PasswordChangeForm):
    """Django's form, with the login's lockout: a wrong old password counts as a failed login.

    After the limit of failures of the username from one address (django-axes) the page
    answers with the lockout page, as the login does, for the same cool-off time.
    """

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            # AxesMiddleware answers with the lockout page.
            self.request.axes_locked_out = True
            self.request.axes_credentials = credentials
            raise forms.ValidationError(
                _("Too many wrong passwords: try again later."), code="locked_out"
            )
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            raise
