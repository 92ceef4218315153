from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from pmi_portal.access.scoping import ensure_in_scope
from pmi_portal.identity.masking import mask_nik
from pmi_portal.people import services
from pmi_portal.people.models import Person

EDITABLE = [
    "nik", "full_name", "sex", "birth_place", "birth_date", "home_regency", "address", "phone",
    "education", "skills", "next_of_kin_name", "next_of_kin_relation", "next_of_kin_phone",
    "passport_number", "passport_expiry",
]  # fmt: skip


class PersonAdminForm(forms.ModelForm):
    """The admin reads the input; the identity rules are the service's, as on every path."""

    # The version read when the page opened: a change saved meanwhile is not overwritten.
    read_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = EDITABLE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["read_version"].initial = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        try:
            services.person_validate(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Administrators correct a person's data here; every change goes through people.services
    (audited, version-checked). Records are never deleted: two records of one person are merged
    from the duplicates page instead."""

    form = PersonAdminForm
    list_display = ["full_name", "masked_nik", "home_regency", "registered_by_office", "created_at"]
    list_select_related = ["home_regency", "registered_by_office"]
    search_fields = ["=nik", "=passport_number", "name_key"]
    readonly_fields = ["registered_by_office", "registered_by", "merged_into", "created_at"]
    raw_id_fields = ["home_regency"]

    @admin.display(description="NIK")
    def masked_nik(self, obj) -> str:
        return mask_nik(obj.nik)

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)

    def has_add_permission(self, request):
        return False  # people are registered where they are met: the counter, the airport

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        ensure_in_scope(obj, request.user, "change")
        services.person_update(
            actor=request.user,
            person=obj,
            fields={
                name: form.cleaned_data[name] for name in form.changed_data if name != "version"
            },
            expected_version=form.cleaned_data["read_version"],
        )
