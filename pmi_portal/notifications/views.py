"""The inbox, a user's choice of channels, an office's gateway and digest time, and the
administrators' list of deliveries that failed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmi_portal.access.middleware import background
from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.notifications import selectors, services
from pmi_portal.notifications.forms import OfficeSettingsForm, PreferencesForm
from pmi_portal.notifications.models import Delivery, Notification
from pmi_portal.offices.models import Office
from pmi_portal.web.forms import apply_errors

PAGE = 50


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.inbox(request.user, unread_only=unread_only), PAGE).get_page(
        request.GET.get("page")
    )
    entries = []
    for notification in page:
        title, detail = services.render(notification.event)
        entries.append({"notification": notification, "title": title, "detail": detail})
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "entries": entries,
            "unread_only": unread_only,
            "unread": selectors.unread_count(request.user),
            "may_configure_office": request.user.has_perm("notifications.change_officesettings"),
        },
    )


def _safe_link(request, link: str) -> str | None:
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None) and link.startswith("/"):
        return link
    return None


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark read and go to the record; the record's own page checks the reader's scope."""
    try:
        notification = services.notification_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    return redirect(_safe_link(request, notification.event.link) or "notifications:inbox")


@login_required
@require_POST
def notification_mark_read(request, pk: int):
    try:
        services.notification_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    unread_only = "?unread=1" if request.POST.get("next") == "unread" else ""
    return redirect(reverse("notifications:inbox") + unread_only)


@login_required
@require_POST
def notifications_mark_all_read(request):
    count = services.notifications_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("notifications:inbox")


@background
@login_required
@require_GET
def unread(request):
    """The navigation's badge asks here every half minute: not the officer's activity, so it
    does not hold off the idle logout (access.middleware.IdleLogoutMiddleware)."""
    response = JsonResponse({"unread": selectors.unread_count(request.user)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    choices, email_mode = services.preferences_of(request.user)
    form = PreferencesForm(
        request.POST or None, initial=PreferencesForm.initial_from(choices, email_mode)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(
                user=request.user,
                choices=form.choices(),
                email_mode=form.cleaned_data["email_mode"],
            )
        except ValidationError as error:
            apply_errors(form, error=error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _office_for(request) -> Office:
    user = request.user
    code = request.GET.get("office") or request.POST.get("office")
    if code and user.scope_level == "national":
        return get_object_or_404(Office, code=code)
    return user.office


@login_required
@permission_required("notifications.change_officesettings", raise_exception=True)
@require_http_methods(["GET", "POST"])
def office_settings(request):
    office = _office_for(request)
    current = services.office_settings_of(office)
    form = OfficeSettingsForm(
        request.POST or None,
        initial={
            "webhook_url": current.webhook_url,
            "webhook_kinds": current.webhook_kinds,
            "digest_time": current.digest_time,
        },
    )
    new_secret = None
    if request.method == "POST" and request.POST.get("rotate"):
        try:
            new_secret = services.webhook_secret_rotate(actor=request.user, office=office)
        except NotFoundOrNotYours:
            raise Http404 from None
        except ValidationError as error:
            apply_errors(form, error=error)
    elif request.method == "POST" and form.is_valid():
        try:
            current, new_secret = services.office_settings_save(
                actor=request.user,
                office=office,
                webhook_url=form.cleaned_data["webhook_url"],
                webhook_kinds=form.cleaned_data["webhook_kinds"],
                digest_time=form.cleaned_data["digest_time"],
            )
        except NotFoundOrNotYours:
            raise Http404 from None
        except ValidationError as error:
            apply_errors(form, error=error)
        else:
            messages.success(request, _("The office's notification settings are saved."))
            if new_secret is None:
                return redirect(f"{request.path}?office={office.code}")
    offices = Office.objects.all() if request.user.scope_level == "national" else None
    return render(
        request,
        "notifications/office_settings.html",
        {
            "form": form,
            "office": office,
            "current": current,
            "new_secret": new_secret,
            "offices": offices,
        },
    )


@login_required
@permission_required("notifications.view_delivery", raise_exception=True)
@require_GET
def failed(request):
    page = Paginator(selectors.failed_deliveries(), PAGE).get_page(request.GET.get("page"))
    rows = []
    for delivery in page:
        title, _detail = services.render(delivery.notification.event)
        rows.append({"delivery": delivery, "title": title})
    return render(request, "notifications/failed.html", {"page": page, "rows": rows})


@login_required
@permission_required("notifications.resend_delivery", raise_exception=True)
@require_POST
def resend(request, pk: int):
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.delivery_resend(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The delivery is queued again."))
    return redirect("notifications:failed")
