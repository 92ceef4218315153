"""The public's pages of service quality, no login: an office's published service standards,
and the satisfaction survey a person answers from the link on their receipt. Small screens
first, no JavaScript; Bahasa Indonesia first, English by the language switch."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pmi_portal.offices.models import Office
from pmi_portal.web.forms import apply_errors
from service_quality import selectors, services
from service_quality.forms import SurveyForm
from service_quality.models import ServiceStandard


@require_GET
def offices(request):
    """The offices that publish their standards."""
    listed = Office.objects.filter(pk__in=ServiceStandard.objects.values("office")).order_by("name")
    return render(request, "service_quality/public_offices.html", {"offices": listed})


@require_GET
def office_standards(request, code: str):
    office = get_object_or_404(Office, code=code)
    language = get_language()
    standards = [
        (
            standard,
            standard.requirements(language).splitlines(),
            standard.steps(language).splitlines(),
        )
        for standard in selectors.published_standards(office)
    ]
    return render(
        request,
        "service_quality/public_standards.html",
        {"office": office, "standards": standards},
    )


def _private(response):
    # The token is in the address: no page of it goes to another site in a Referer. Not
    # "no-referrer": with it a browser sends `Origin: null` and the form fails its CSRF check.
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    try:
        invitation = services.survey_invitation(token)
        answered = services.survey_answered(token)
    except ValidationError as error:
        refusal = error.error_dict["token"][0]
        return _private(
            render(
                request,
                "service_quality/survey_refused.html",
                {"message": refusal.messages[0], "code": refusal.code},
                status=404,
            )
        )
    form = SurveyForm(request.POST or None)
    if answered:
        again = render(
            request,
            "service_quality/survey_done.html",
            {"again": True},
            status=409 if request.method == "POST" else 200,
        )
        return _private(again)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(token=token, scores=form.scores())
        except ValidationError as error:
            if "token" in getattr(error, "error_dict", {}):
                # Answered from another tab or phone a moment ago.
                done = render(
                    request, "service_quality/survey_done.html", {"again": True}, status=409
                )
                return _private(done)
            apply_errors(form, error=error)
        else:
            return _private(render(request, "service_quality/survey_done.html", {"again": False}))
    context = {"form": form, "invitation": invitation}
    return _private(render(request, "service_quality/survey.html", context))
