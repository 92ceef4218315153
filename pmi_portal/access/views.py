from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from pmi_portal.access import two_factor
from pmi_portal.access.forms import LockingPasswordChangeForm, LoginForm, TwoFactorCodeForm


class PortalLoginView(LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


class PortalPasswordChangeView(PasswordChangeView):
    form_class = LockingPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_settings(request):
    """Turn the authenticator code on (scan, confirm with a first code) or off (with a code)."""
    user = request.user
    if not two_factor.may_use_two_factor(user):
        raise PermissionDenied
    enabled = two_factor.has_two_factor(user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if enabled and two_factor.two_factor_disable(actor=user, token=token):
            messages.success(request, _("Two-factor login is off."))
            return redirect("two_factor")
        if not enabled and two_factor.two_factor_enable(
            actor=user, device=two_factor.pending_device(user), token=token
        ):
            messages.success(request, _("Two-factor login is on from your next login."))
            return redirect("two_factor")
        form.add_error("token", _("The code is wrong or has expired. Try the current one."))
    context = {"form": form, "enabled": enabled}
    if not enabled:
        device = two_factor.pending_device(user)
        context |= {"qr_svg": two_factor.qr_svg(device), "secret": two_factor.secret_of(device)}
    return render(request, "registration/two_factor.html", context)
