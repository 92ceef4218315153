from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pmi_portal.api.models import ApiToken, TokenStatus
from pmi_portal.api.services import api_token_issue, api_token_revoke


class ApiTokenIssueForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not user.is_active:
            raise ValidationError(
                _("%(user)s is not active.") % {"user": user.get_username()}, code="inactive_user"
            )
        return user

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and expires_at <= timezone.now():
            raise ValidationError(_("The expiry must lie in the future."), code="expired")
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue a key (shown once), see when each was last used, revoke; the hash never shows."""

    list_display = ["name", "user", "key_prefix", "status", "created_at", "last_used_at"]
    list_filter = ["user__office", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenIssueForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ApiTokenIssueForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a revoked token stays, with its last use, for the record

    @admin.display(description=_("key"), ordering="prefix")
    def key_prefix(self, token: ApiToken) -> str:
        return f"{token.prefix}…"

    @admin.display(description=_("status"))
    def status(self, token: ApiToken) -> str:
        return TokenStatus(token.status()).label

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of an issued token changes but its revocation (the action)
        issued, key = api_token_issue(
            actor=request.user, user=obj.user, name=obj.name, expires_at=obj.expires_at
        )
        # The admin goes on with `obj` (history, redirect): make it the issued row.
        obj.pk, obj.prefix, obj.created_at = issued.pk, issued.prefix, issued.created_at
        obj._state.adding = False
        self.message_user(
            request,
            _(
                "The key of “%(name)s” is %(key)s — copy it now: it is not stored and will not "
                "be shown again."
            )
            % {"name": issued.name, "key": key},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.restrict(request.user, "change").filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, token=token)
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
