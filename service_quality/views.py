"""The staff's pages of service quality: the office's standards (edited by its head) and the
SKM index of the answers in the user's scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pmi_portal.web.forms import call_service
from service_quality import selectors, services
from service_quality.forms import StandardForm
from service_quality.models import ELEMENTS, CounterService, ServiceStandard

OLDEST_YEAR = 2017  # PermenPANRB 14/2017


@login_required
@permission_required("service_quality.view_servicestandard", raise_exception=True)
def standards(request):
    """The standards of the user's scope, by office; the user's own office first."""
    listed = ServiceStandard.objects.restrict(request.user).select_related("office")
    offices: dict = {}
    for standard in listed.order_by("office__name", "service"):
        offices.setdefault(standard.office, []).append(standard)
    own = selectors.standards_for(request.user)
    context = {
        "offices": offices,
        "own_services": [(code, label, own.get(code)) for code, label in CounterService.choices],
    }
    return render(request, "service_quality/standards.html", context)


@login_required
@permission_required("service_quality.change_servicestandard", raise_exception=True)
@require_http_methods(["GET", "POST"])
def standard_edit(request, service: str):
    """The head publishes or changes a standard of the own office (never another's)."""
    if service not in CounterService.values:
        raise Http404
    current = selectors.standards_for(request.user).get(service)
    form = StandardForm(request.POST or None, instance=current or ServiceStandard())
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.standard_publish,
            actor=request.user,
            counter_service=service,
            fields=form.standard_fields(),
            expected_version=form.cleaned_data["version"],
        )
        if saved is not None:
            messages.success(request, _("The service standard is published."))
            return redirect("service_quality:standards")
    context = {"form": form, "service_label": CounterService(service).label}
    return render(request, "service_quality/standard_edit.html", context)


def _year(request) -> int:
    """The year asked for (`?year=`), this one when none or another is asked for."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if OLDEST_YEAR <= year <= this_year else this_year


def _years() -> range:
    return range(timezone.localdate().year, OLDEST_YEAR - 1, -1)


@login_required
@permission_required("service_quality.view_surveyanswer", raise_exception=True)
def satisfaction(request):
    """The SKM index of the year, per element, per quarter and per office of the scope."""
    year = _year(request)
    periods = selectors.periods_of(year)
    by_period, by_office = selectors.indexes_in_scope(request.user, periods)
    context = {
        "year": year,
        "years": _years(),
        "element_rows": [
            (code, element, [by_period[period.code].elements.get(code) for period in periods])
            for code, element, _question in ELEMENTS
        ],
        "periods": [(period, by_period[period.code]) for period in periods],
        "by_office": by_office,
    }
    return render(request, "service_quality/satisfaction.html", context)


@login_required
@permission_required("service_quality.view_servicetime", raise_exception=True)
def service_time(request):
    """The counter's measured service time of the year against the time each standard promises."""
    year = _year(request)
    context = {
        "year": year,
        "years": _years(),
        "summaries": selectors.service_time_summary(request.user, selectors.periods_of(year)[-1]),
    }
    return render(request, "service_quality/service_time.html", context)
