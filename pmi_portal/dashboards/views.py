"""/dashboard/: the figures of the user's scope, with charts, a map and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pmi_portal.access.scoping import scope_of, within_office
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from pmi_portal.dashboards import exports
from pmi_portal.dashboards.forms import (
    DashboardFilterForm,
    MonthReportForm,
    TargetForm,
    provinces_in_scope,
    section_filters,
)
from pmi_portal.dashboards.models import Target
from pmi_portal.dashboards.sections import Filters, province_labels
from pmi_portal.dashboards.selectors import (
    Figures,
    dashboard_figures,
    kept_with_figures,
    section_specs,
)
from pmi_portal.dashboards.services import target_set
from pmi_portal.dashboards.tiles import tiles
from pmi_portal.web.forms import call_service

VIEW = "dashboards.view_dashboard"
# The printable report shows the first rows of each table: one page.
REPORT_ROWS = 5
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.as_xlsx,
    ),
}


def _charts(figures: Figures) -> list[dict]:
    """What static/js/dashboard.js draws: one chart per table that has one."""
    return [
        {
            "id": f"chart-{section.key}-{table.key}",
            "type": table.chart,
            "title": table.title,
            "labels": [row.label for row in table.rows],
            "values": [row.value for row in table.rows],
        }
        for section in figures.sections
        for table in section.tables
        if table.chart and table.rows
    ]


def _map(request, figures: Figures, filters: Filters, measure: str) -> dict:
    section = figures.section(measure) or figures.sections[0]
    table = section.table("by_province")
    counts = {row.code: row.value for row in table.rows} if table else {}
    in_scope = {province.code for province in provinces_in_scope(request.user)}
    return {
        "measure": section.key,
        "title": table.title if table else section.title,
        "tiles": tiles(province_labels(), counts, in_scope, filters.province),
    }


def _not_narrowing(filters: Filters) -> dict[str, list[str]]:
    """Per section, the labels of the filters chosen that it cannot apply (its records have no
    such field, e.g. cases and a placement scheme): the page says so beside it."""
    chosen = {name for name, _code in filters.codes}
    labels = {name: str(spec.label) for name, (spec, _titles) in section_filters().items()}
    return {
        spec.key: [labels[name] for name in sorted(chosen - {f.name for f in spec.filters})]
        for spec in section_specs()
    }


def _period_name(filters: Filters) -> str:
    months = filters.months()
    return f"{months[0]} - {months[-1]}" if len(months) > 1 else months[0]


@login_required
@permission_required(VIEW, raise_exception=True)
def dashboard(request):
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "dashboards/dashboard.html", {"form": form}, status=400)
    filters = form.filters()
    measure = form.cleaned_data["measure"]
    # The figures are read only when their page is not kept.
    html, as_of = kept_with_figures(
        request.user,
        filters,
        f"html:{measure}",
        lambda figures: figures_html(request, figures, filters, measure),
    )
    query = request.GET.copy()
    query.pop("measure", None)
    context = {
        "form": form,
        "filters": filters,
        "period": _period_name(filters),
        # Our own template's output, kept as it was rendered.
        "figures_html": mark_safe(html),
        "as_of": timezone.localtime(as_of),
        "scope": scope_of(request.user),
        "export_query": query.urlencode(),
    }
    return render(request, "dashboards/dashboard.html", context)


def figures_html(request, figures: Figures, filters: Filters, measure: str) -> str:
    """The map, sections and charts' data of the page: rendered once per scope, filters,
    measure, language and refresh (their rendering cost the national page more than reading
    its figures from the cache), without the request: nothing in them is the user's own."""
    not_narrowing = _not_narrowing(filters)
    context = {
        "figures": figures,
        "sections": [(section, not_narrowing.get(section.key, [])) for section in figures.sections],
        "filters": filters,
        "charts": _charts(figures),
        "map": _map(request, figures, filters, measure),
    }
    return render_to_string("dashboards/_figures.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def export(request, fmt: str):
    """The dashboard's tables as CSV or XLSX, scoped like the page; written to the audit trail."""
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "dashboards/dashboard.html", {"form": form}, status=400)
    filters = form.filters()
    figures = dashboard_figures(request.user, filters)
    province = dict(form.fields["province"].choices).get(filters.province or "", "")
    heading = _("PMI Portal dashboard, %(who)s, %(period)s%(province)s, as of %(as_of)s") % {
        "who": request.user.office.name,
        "period": _period_name(filters),
        "province": f", {province}" if filters.province else "",
        "as_of": f"{timezone.localtime(figures.as_of):%d-%m-%Y %H:%M}",
    }
    content_type, write = EXPORTS[fmt]
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_repr=f"dashboard.{fmt} {filters.cache_key()}",
    )
    response = HttpResponse(write(figures, heading), content_type=content_type)
    months = filters.months()
    name = f"dasbor-{months[0]}-{months[-1]}-{filters.province or 'semua'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
def report(request):
    """The month's figures of the user's scope, or of one office within it, on one printable
    page (print CSS, no charts)."""
    form = MonthReportForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "dashboards/report.html", {"form": form}, status=400)
    filters = form.filters()
    office = form.cleaned_data.get("office")
    reader = within_office(request.user, office) if office else request.user
    figures = dashboard_figures(reader, filters)
    context = {
        "form": form,
        "office": reader.office,
        "month": filters.months()[0],
        "figures": figures,
        "tables": [
            (section, [(table, table.rows[:REPORT_ROWS]) for table in section.tables])
            for section in figures.sections
        ],
        "as_of": timezone.localtime(figures.as_of),
    }
    return render(request, "dashboards/report.html", context)


@login_required
@permission_required("dashboards.view_target", raise_exception=True)
@require_http_methods(["GET", "POST"])
def targets(request):
    """The yearly placements targets; administrators set them, nationally or per office."""
    may_set = request.user.has_perms(["dashboards.add_target", "dashboards.change_target"])
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    form = TargetForm(request.POST or None) if may_set else None
    status = 200
    if request.method == "POST":
        target = form.is_valid() and call_service(
            form,
            target_set,
            actor=request.user,
            year=form.cleaned_data["year"],
            office=form.cleaned_data["office"],
            placements=form.cleaned_data["placements"],
        )
        if target:
            messages.success(request, _("Target saved: %(target)s.") % {"target": target})
            return redirect("dashboards:targets")
        status = 400
    context = {"form": form, "targets": Target.objects.select_related("office")}
    return render(request, "dashboards/targets.html", context, status=status)
