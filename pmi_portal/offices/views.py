from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from pmi_portal.offices.forms import RoutingLookupForm
from pmi_portal.offices.models import Office, Regency


@login_required
@permission_required("offices.view_office", raise_exception=True)
def office_list(request):
    """The directory of offices, open to all staff: handover and referral need every address."""
    offices = (
        Office.objects.select_related("parent", "city")
        .annotate(regency_count=Count("regencies"))
        .order_by("kind", "name")
    )
    form = RoutingLookupForm(request.GET or None)
    matches = form.regencies() if form.is_valid() else None
    context = {"offices": offices, "form": form, "matches": matches}
    if request.htmx:
        return render(request, "offices/_routing_result.html", context)
    return render(request, "offices/office_list.html", context)


@login_required
@permission_required("offices.view_office", raise_exception=True)
def office_detail(request, code: str):
    office = get_object_or_404(
        Office.objects.select_related("parent", "city__province").prefetch_related(
            Prefetch("regencies", queryset=Regency.objects.select_related("province")),
            Prefetch("children", queryset=Office.objects.order_by("name")),
        ),
        code=code,
    )
    area_office = office.area_office
    return render(
        request,
        "offices/office_detail.html",
        {"office": office, "area_office": area_office},
    )
