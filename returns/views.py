"""The return post's pages: log an arrival, the handover queue, departures stopped."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmi_portal.access.scoping import get_in_scope_or_404
from pmi_portal.audit.services import audit_identity_viewed
from pmi_portal.dashboards.exports import RECORDS_CAP, records_response
from pmi_portal.dashboards.forms import records_filter_form
from pmi_portal.identity.masking import mask_nik, mask_passport
from pmi_portal.offices.selectors import reference_kept
from pmi_portal.web.forms import apply_errors, call_service, flash_errors
from returns import manifest, selectors, services
from returns.forms import (
    ArrivalForm,
    InterceptionForm,
    ManifestForm,
    ReceiveForm,
    TransportForm,
    arrival_starts_at,
)
from returns.handover import MACHINE
from returns.models import Arrival, Handover


def _arrivals_listed(request):
    """The arrivals list's view, its dashboard filters (from a figure's link) and the arrivals;
    with a bad filter nothing is listed (the form names it)."""
    view = request.GET.get("view")
    if view not in selectors.VIEWS:
        view = "today" if request.user.has_perm("returns.add_arrival") else "waiting"
    filter_form = records_filter_form(request.GET, request.user)
    if filter_form is not None and not filter_form.is_valid():
        return view, filter_form, None
    filters = filter_form.filters() if filter_form is not None else None
    return view, filter_form, selectors.arrivals_for(request.user, view, filters=filters)


@login_required
@permission_required("returns.view_arrival", raise_exception=True)
def arrivals(request):
    view, filter_form, arrivals = _arrivals_listed(request)
    context = {
        "arrivals": [] if arrivals is None else arrivals[:200],
        "filter_form": filter_form,
        "records_export": "returns:arrivals_export",
        "view": view,
        "views": [
            ("today", _("Landed today")),
            ("waiting", _("Handover waiting")),
            ("overdue", _("Overdue")),
            ("all", _("All")),
        ],
    }
    return render(
        request, "returns/arrivals.html", context, status=400 if arrivals is None else 200
    )


@login_required
@permission_required("returns.view_arrival", raise_exception=True)
def arrivals_export(request, fmt: str):
    """The arrivals listed, as CSV or XLSX: identity numbers masked, audited, capped."""
    _view, _form, listed = _arrivals_listed(request)
    if listed is None:
        return arrivals(request)  # the list, naming the bad filter
    header = [
        _("Arrived at"), _("Name"), _("NIK"), _("Passport"), _("Flight"), _("Coming from"),
        _("Category"), _("Troubles"), _("Home regency"), _("Receiving office"), _("Handover"),
    ]  # fmt: skip
    rows = (
        [
            f"{timezone.localtime(arrival.arrived_at):%Y-%m-%d %H:%M}",
            arrival.person.full_name,
            mask_nik(arrival.person.nik),
            mask_passport(arrival.person.passport_number),
            arrival.flight_number,
            arrival.from_country_id,
            arrival.get_category_display(),
            ", ".join(arrival.trouble_labels),
            arrival.regency.name if arrival.regency_id else "",
            arrival.office.name,
            arrival.get_handover_display(),
        ]
        for arrival in listed[: RECORDS_CAP + 1].iterator(chunk_size=2000)
    )
    return records_response(request, fmt=fmt, what="kedatangan", header=header, rows=rows)


@login_required
@permission_required("returns.add_arrival", raise_exception=True)
@require_http_methods(["GET", "POST"])
def arrival_new(request):
    """One arrival, one screen: keyboard-first, the person matched by NIK or passport."""
    if not request.POST:
        context = {"blank_fields": _blank_arrival_fields()}
        return render(request, "returns/arrival_new.html", context)
    form = ArrivalForm(request.POST)
    if form.is_valid():
        try:
            person_fields = form.person_fields()
            if form.cleaned_data["mrz"]:
                # What the officer typed wins over the zone where both are given.
                zone = services.person_fields_from_mrz(form.cleaned_data["mrz"])
                person_fields = zone | {k: v for k, v in person_fields.items() if v}
            arrival = services.arrival_log(
                actor=request.user,
                person_fields=person_fields,
                arrival_fields=form.arrival_fields(),
            )
        except ValidationError as error:
            apply_errors(form, error=error)
        else:
            messages.success(
                request,
                _("%(name)s is logged and routed to %(office)s.")
                % {"name": arrival.person.full_name, "office": arrival.office.name},
            )
            return redirect("returns:arrival_new")
    return render(request, "returns/arrival_new.html", {"form": form})


# The arrival time the empty form's fields are drawn with, to be cut out of them: no other
# field writes a year 1901.
_DRAWN_STARTING_AT = datetime.datetime(1901, 1, 1)


def _blank_arrival_fields() -> SafeString:
    """The fields of the empty arrival form, with this minute as its arrival time. The rest
    changes only with the language and the reference data (the countries and regencies
    listed): it is kept, either side of the arrival time, with the reference data's version."""
    before, after = reference_kept(
        f"returns.arrival-fields:{get_language()}", _arrival_fields_either_side_of_start
    )
    return mark_safe(before + conditional_escape(_arrived_at_value(arrival_starts_at())) + after)


def _arrival_fields_either_side_of_start() -> tuple[str, str]:
    form = ArrivalForm(initial={"arrived_at": _DRAWN_STARTING_AT})
    html = render_to_string("returns/_arrival_fields.html", {"form": form})
    before, _start, after = html.partition(_arrived_at_value(_DRAWN_STARTING_AT))
    return before, after


def _arrived_at_value(moment: datetime.datetime) -> str:
    """The arrival time as the form's field writes it in its value, in the current timezone."""
    field = ArrivalForm.base_fields["arrived_at"]
    return field.widget.format_value(field.prepare_value(moment))


def _arrival(request, pk: int, action: str = "view") -> Arrival:
    return get_in_scope_or_404(
        Arrival.objects.select_related(
            "person__home_regency", "from_country", "office", "post", "regency", "logged_by"
        ),
        request.user,
        action,
        pk=pk,
    )


@login_required
@permission_required("returns.view_arrival", raise_exception=True)
def arrival_detail(request, pk: int, transport_form=None, receive_form=None):
    arrival = _arrival(request, pk)
    audit_identity_viewed(actor=request.user, obj=arrival.person, regency_id=arrival.regency_id)
    may_change = request.user.has_perm("returns.change_arrival")
    moves = {t.target for t in MACHINE.moves_from(arrival.handover)}
    context = {
        "arrival": arrival,
        "history": arrival.history.select_related("actor", "office"),
        "transport_form": (
            transport_form or TransportForm(initial={"version": arrival.version})
            if may_change and Handover.IN_TRANSIT in moves
            else None
        ),
        "receive_form": (
            receive_form
            or ReceiveForm(
                initial={"version": arrival.version, "received_on": timezone.localdate()}
            )
            if may_change and Handover.RECEIVED in moves
            else None
        ),
    }
    return render(request, "returns/arrival_detail.html", context)


@login_required
@permission_required("returns.change_arrival", raise_exception=True)
@require_POST
def arrival_transport(request, pk: int):
    arrival = _arrival(request, pk, "change")
    form = TransportForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.arrival_transport,
        actor=request.user,
        arrival=arrival,
        by=form.cleaned_data["by"],
        to=form.cleaned_data["to"],
        departs_at=form.cleaned_data["departs_at"],
        expected_version=form.cleaned_data["version"],
    ):
        messages.success(request, _("The onward transport is recorded."))
        return redirect("returns:arrival", pk=pk)
    flash_errors(request, form)
    return redirect("returns:arrival", pk=pk)


@login_required
@permission_required("returns.change_arrival", raise_exception=True)
@require_POST
def arrival_receive(request, pk: int):
    arrival = _arrival(request, pk, "change")
    form = ReceiveForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.arrival_receive,
        actor=request.user,
        arrival=arrival,
        received_on=form.cleaned_data["received_on"],
        note=form.cleaned_data["note"],
        expected_version=form.cleaned_data["version"],
    ):
        messages.success(request, _("The handover is confirmed."))
        return redirect("returns:arrival", pk=pk)
    flash_errors(request, form)
    return redirect("returns:arrival", pk=pk)


@login_required
@permission_required("returns.view_interception", raise_exception=True)
def interceptions(request):
    context = {"interceptions": selectors.interceptions_for(request.user)[:200]}
    return render(request, "returns/interceptions.html", context)


@login_required
@permission_required("returns.add_interception", raise_exception=True)
@require_http_methods(["GET", "POST"])
def interception_new(request):
    form = InterceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interception = services.interception_record(
                actor=request.user,
                person_fields=form.person_fields(),
                fields=form.interception_fields(),
            )
        except ValidationError as error:
            apply_errors(form, error=error)
        else:
            messages.success(
                request,
                _("The interception is recorded and routed to %(office)s.")
                % {"office": interception.office.name},
            )
            return redirect("returns:interceptions")
    return render(request, "returns/interception_new.html", {"form": form})


_MANIFEST_SESSION_KEY = "returns.manifest"


@login_required
@permission_required("returns.add_arrival", raise_exception=True)
@require_http_methods(["GET", "POST"])
def manifest_import(request):
    """Upload a manifest, see every row's problems, then save the good rows.

    The previewed file is kept in the private store until it is saved or replaced, so the
    officer does not choose it twice.
    """
    form = ManifestForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        commit = form.cleaned_data["commit"]
        if uploaded is not None:
            manifest.manifest_forget(request.session.pop(_MANIFEST_SESSION_KEY, None))
        elif commit:
            uploaded = manifest.manifest_recall(request.session.get(_MANIFEST_SESSION_KEY))
        if uploaded is None:
            form.add_error("file", _("Choose the manifest file."))
        else:
            try:
                result = manifest.manifest_import(
                    actor=request.user, uploaded=uploaded, commit=commit
                )
            except ValidationError as error:
                apply_errors(form, error=error)
            else:
                if commit:
                    manifest.manifest_forget(request.session.pop(_MANIFEST_SESSION_KEY, None))
                    messages.success(
                        request,
                        _("Saved: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                        % result.as_dict(),
                    )
                else:
                    request.session[_MANIFEST_SESSION_KEY] = manifest.manifest_keep(uploaded)
    context = {"form": form, "result": result}
    return render(request, "returns/manifest_import.html", context)


@login_required
@permission_required("returns.add_arrival", raise_exception=True)
def returnee_match(request):
    """Shown beside the arrival form as the NIK or passport is typed (htmx): who that is."""
    nik = "".join(request.GET.get("nik", "").replace(".", "").split())
    passport = "".join(request.GET.get("passport_number", "").split()).upper()
    match = None
    if (len(nik) == 16 and nik.isdigit()) or len(passport) >= 6:
        match = services.returnee_lookup(
            user=request.user, nik=nik if len(nik) == 16 else "", passport_number=passport
        )
    context = {"match": match, "asked": bool(nik or passport)}
    return render(request, "returns/_returnee_match.html", context)
