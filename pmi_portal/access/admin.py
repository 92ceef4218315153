from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.forms import StaffChangeForm, StaffCreationForm
from pmi_portal.access.models import User
from pmi_portal.audit.admin_mixins import AuditedModelAdmin

# Roles are groups managed in code (access.roles); editing them by hand would fork the rules.
admin.site.unregister(Group)


@admin.register(User)
class StaffAdmin(AuditedModelAdmin, UserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ["username", "get_full_name", "office", "role", "is_active", "last_login"]
    list_filter = ["role", "office__kind", "is_active", "office"]
    list_select_related = ["office"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Office and role"), {"fields": ["office", "role"]}),
        (_("Status"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "office",
                    "role",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]
