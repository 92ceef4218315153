from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pmi_portal.audit.admin_mixins import AuditedModelAdmin
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from pmi_portal.offices.models import Country, Office, Province, Regency


class OfficeAdminForm(forms.ModelForm):
    working_area = forms.ModelMultipleChoiceField(
        queryset=Regency.objects.select_related("province").order_by("code"),
        required=False,
        label=_("working area"),
        widget=FilteredSelectMultiple(_("regencies and cities"), is_stacked=False),
        help_text=_(
            "A regency moves here from its current office. To take one out, add it to the "
            "area of the office that takes it over: no regency is ever left without an office."
        ),
    )

    class Meta:
        model = Office
        fields = ["code", "name", "kind", "parent", "timezone", "email", "phone", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["working_area"].initial = list(self.instance.regencies.all())

    def clean(self):
        cleaned = super().clean()
        area = set(cleaned.get("working_area") or [])
        kind = cleaned.get("kind")
        if kind == Office.Kind.REGIONAL and not area:
            self.add_error("working_area", _("A regional office needs a working area."))
        if kind and kind != Office.Kind.REGIONAL and area:
            self.add_error(
                "working_area",
                _("Only regional offices have a working area; posts work in their parent's."),
            )
        if self.instance.pk:
            dropped = set(self.instance.regencies.all()) - area
            if dropped:
                self.add_error(
                    "working_area",
                    _("%(names)s would be left without an office.")
                    % {"names": ", ".join(sorted(r.name for r in dropped))},
                )
        for regency in area:
            previous = regency.office
            if previous is None or previous.pk == self.instance.pk:
                continue
            if previous.regencies.exclude(pk__in=[r.pk for r in area]).count() == 0:
                self.add_error(
                    "working_area",
                    _("%(office)s would be left without a working area.")
                    % {"office": previous.name},
                )
        return cleaned


@admin.register(Office)
class OfficeAdmin(AuditedModelAdmin, admin.ModelAdmin):
    form = OfficeAdminForm
    list_display = ["name", "code", "kind", "parent", "timezone", "email"]
    list_filter = ["kind", "timezone"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        office = form.instance
        wanted = {r.pk for r in form.cleaned_data.get("working_area") or []}
        current = set(office.regencies.values_list("pk", flat=True))
        moved = wanted - current
        if not moved:
            return
        with transaction.atomic():
            for regency in Regency.objects.filter(pk__in=moved).select_related("office"):
                previous = regency.office
                regency.office = office
                regency.save(update_fields=["office"])
                audit_record(
                    action=AuditAction.UPDATE,
                    actor=request.user,
                    obj=regency,
                    regency_id=regency.pk,
                    changes={"office": [previous.pk if previous else None, office.pk]},
                )


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "office"]
    list_filter = ["province", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["province", "office"]
    readonly_fields = ["code", "province", "name", "kind", "office"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    readonly_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "code3", "name_id", "name_en"]
    search_fields = ["code", "name_id", "name_en"]
    readonly_fields = ["code", "code3", "name_id", "name_en"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
