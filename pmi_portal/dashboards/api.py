"""GET /api/v1/dashboard/: the dashboard's figures as JSON, for the user's scope and filters.

Each installed app's section is described in the schema from its declaration
(`dashboards.sections.SectionSpec`): its figures as integers, its tables as {code: count}.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from pmi_portal.access.roles import ScopeLevel
from pmi_portal.api.permissions import HoldsViewPermission
from pmi_portal.dashboards.forms import DashboardFilterForm, section_filters
from pmi_portal.dashboards.sections import SectionSpec
from pmi_portal.dashboards.selectors import dashboard_figures, section_specs


def _section_serializer(spec: SectionSpec) -> serializers.Serializer:
    fields = {
        key: serializers.IntegerField(help_text=help_text, allow_null=key in spec.nullable)
        for key, help_text in spec.figures.items()
    }
    fields |= {
        key: serializers.DictField(child=serializers.IntegerField(), help_text=help_text)
        for key, help_text in spec.tables.items()
    }
    name = f"Dashboard{spec.key.title().replace('_', '')}Serializer"
    serializer = type(name, (serializers.Serializer,), fields)
    return serializer(help_text=spec.title)


DashboardFiltersSerializer = type(
    "DashboardFiltersSerializer",
    (serializers.Serializer,),
    {
        "from": serializers.CharField(help_text=_("First month of the period (YYYY-MM).")),
        "to": serializers.CharField(help_text=_("Last month of the period (YYYY-MM).")),
        "province": serializers.CharField(
            allow_null=True,
            help_text=_("The province chosen (Kemendagri code), or null for all."),
        ),
        "regency": serializers.CharField(
            allow_null=True,
            help_text=_("The regency or city chosen (Kemendagri code), or null for all."),
        ),
        **{
            name: serializers.CharField(
                allow_null=True,
                help_text=format_lazy(
                    _("{filter}: the code chosen, or null for all."), filter=filter_spec.label
                ),
            )
            for name, (filter_spec, _sections) in section_filters().items()
        },
    },
)


def _dashboard_serializer() -> type[serializers.Serializer]:
    fields = {
        "as_of": serializers.DateTimeField(
            help_text=_("When the figures were computed; they are at most a few minutes old.")
        ),
        "scope_level": serializers.ChoiceField(
            choices=ScopeLevel.choices,
            help_text=_("How far the user sees: office, province or national."),
        ),
        "filters": DashboardFiltersSerializer(help_text=_("The filters applied.")),
    }
    fields |= {spec.key: _section_serializer(spec) for spec in section_specs()}
    return type("DashboardSerializer", (serializers.Serializer,), fields)


DashboardSerializer = _dashboard_serializer()
MONTH_PATTERN = r"^\d{4}-\d{2}$"
FILTER_CODES = {
    # A month typed with a NUL character is refused by Django's CharField before it is read.
    "from": ["invalid_month", "blank", "null_characters_not_allowed"],
    "to": [
        "invalid_month",
        "blank",
        "period_reversed",
        "period_too_long",
        "null_characters_not_allowed",
    ],
    "province": ["invalid_choice", "blank"],
    "regency": ["invalid_choice", "blank", "regency_outside_province"],
    **{name: ["invalid_choice", "blank"] for name in section_filters()},
}


def _with_filter_errors(view):
    for name, codes in FILTER_CODES.items():
        view = extend_validation_errors(codes, field_name=name, methods=["get"])(view)
    return view


@_with_filter_errors
class DashboardView(APIView):
    """The figures of the user's scope: placements, returns, cases."""

    permission_classes = [HoldsViewPermission]
    required_permission = "dashboards.view_dashboard"

    @extend_schema(
        operation_id="dashboard",
        summary=_("The dashboard's figures"),
        description=_(
            "The same figures as the dashboard page, for the user's scope (office, province or "
            "nationwide) and the filters given: each app's figures and tables of {code: count}. "
            "Without a period, January of this year to this month. A bad filter answers 400 "
            "with its code (`invalid_month`, `period_reversed`, `period_too_long`, "
            "`invalid_choice` for a province or regency outside the scope or a code that does not "
            "exist, `regency_outside_province`, `blank`). The scheme narrows placements, the "
            "destination country placements and returns (the country they came from), the "
            "trouble returns (troubled arrivals with that trouble); period and region narrow all."
        ),
        parameters=[
            OpenApiParameter(
                "from",
                OpenApiTypes.STR,
                description=_("First month of the period, YYYY-MM."),
                pattern=MONTH_PATTERN,
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.STR,
                description=_("Last month of the period, YYYY-MM; at most 120 months."),
                pattern=MONTH_PATTERN,
            ),
            OpenApiParameter(
                "province",
                OpenApiTypes.STR,
                description=_("A province of the user's scope (Kemendagri code, e.g. 36)."),
                pattern=r"^\d{2}$",
            ),
            OpenApiParameter(
                "regency",
                OpenApiTypes.STR,
                description=_(
                    "A regency or city of the user's scope, in the province given if one is "
                    "(Kemendagri code, e.g. 3673)."
                ),
                pattern=r"^\d{4}$",
            ),
            *[
                OpenApiParameter(
                    name,
                    OpenApiTypes.STR,
                    description=format_lazy(
                        _("{filter}, its code (narrows: {sections})."),
                        filter=filter_spec.label,
                        sections=format_lazy(", ".join(["{}"] * len(sections)), *sections),
                    ),
                )
                for name, (filter_spec, sections) in section_filters().items()
            ],
        ],
        responses={200: DashboardSerializer},
        tags=["dashboard"],
    )
    def get(self, request):
        form = DashboardFilterForm(request.query_params, user=request.user, strict=True)
        if not form.is_valid():
            raise ValidationError(
                {
                    name: [
                        serializers.ErrorDetail(
                            str(error.message % (error.params or {})), code=error.code
                        )
                        for error in errors
                    ]
                    for name, errors in form.errors.as_data().items()
                }
            )
        filters = form.filters()
        figures = dashboard_figures(request.user, filters)
        months = filters.months()
        payload = {
            "as_of": figures.as_of,
            "scope_level": request.user.scope_level,
            "filters": {
                "from": months[0],
                "to": months[-1],
                "province": filters.province,
                "regency": filters.regency,
                **{name: filters.code(name) for name in section_filters()},
            },
            **{section.key: section.as_json() for section in figures.sections},
        }
        return Response(DashboardSerializer(payload).data)
