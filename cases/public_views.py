"""The public's pages: report without logging in (anonymously if one wishes) and follow the
report with its receipt code. Bahasa Indonesia first, small screens first, no JavaScript."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors, services, throttle
from cases.forms import PublicInfoForm, PublicReportForm, ReceiptForm
from cases.receipts import receipt_display, receipt_normal
from cases.states import MACHINE
from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.offices.selectors import reference_kept
from pmi_portal.web.forms import apply_errors


def _limited(request):
    return render(request, "cases/public_limited.html", status=429)


def _private(response):
    # The receipt is in the address: no page of it goes to another site in a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    form = PublicReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if throttle.over_limit(request, "submit"):
            return _limited(request)
        if form.is_bot():
            return render(request, "cases/public_done.html", {"receipt": None})
        if form.is_valid():
            data = form.cleaned_data
            try:
                case, receipt = services.public_report_submit(
                    case_type=data["case_type"],
                    description=data["description"],
                    regency_id=data["regency"].pk if data["regency"] else None,
                    country_id=data["country"].pk if data["country"] else None,
                    anonymous=data["anonymous"],
                    contact=data["contact"],
                    files=data["files"],
                )
            except ValidationError as error:
                apply_errors(form, error=error)
            else:
                context = {"receipt": receipt_display(receipt), "reference": case.reference}
                return _private(render(request, "cases/public_done.html", context))
    context = {"form": form}
    if not form.is_bound:
        context["blank_fields"] = reference_kept(
            f"public-report-fields:{get_language()}",
            lambda: render_to_string("cases/_public_report_fields.html", {"form": form}),
        )
    return render(request, "cases/public_report.html", context)


@require_GET
def status_lookup(request):
    form = ReceiptForm(request.GET or None)
    if form.is_valid():
        return redirect("lapor:status", receipt=receipt_normal(form.cleaned_data["receipt"]))
    return render(request, "cases/public_lookup.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request, receipt: str):
    if throttle.over_limit(request, "submit" if request.method == "POST" else "lookup"):
        return _limited(request)
    try:
        public_report = services.public_report_by_receipt(receipt)
    except NotFoundOrNotYours:
        raise Http404 from None
    form = PublicInfoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not form.is_bot() and form.is_valid():
        try:
            services.public_report_add_info(
                receipt=receipt, text=form.cleaned_data["text"], files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            apply_errors(form, error=error)
        else:
            return redirect(request.path + "?added=1")
    case = public_report.case
    context = {
        "case": case,
        "state_label": MACHINE.label(case.state),
        "timeline": selectors.public_timeline(case),
        "form": form,
        "added": request.GET.get("added") == "1",
    }
    return _private(render(request, "cases/public_status.html", context))
