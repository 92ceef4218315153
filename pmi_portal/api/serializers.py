"""Serializers of the API ground: the strict base of write endpoints, and who-am-I."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from pmi_portal.access.roles import Role, ScopeLevel, portal_permissions
from pmi_portal.api.models import ApiToken
from pmi_portal.offices.models import Office

# The JSON type each kind of field takes; DRF would also take 7 for "7" and "1" for true.
JSON_TYPES = [
    (serializers.BooleanField, (bool,)),
    (serializers.CharField, (str,)),
    (serializers.IntegerField, (int,)),
    (serializers.FloatField, (int, float)),
]


# Control characters in text (an ANSI escape sequence, a backspace, DEL) are never typed by a
# person; shown in a terminal, an export or a log they rewrite what the reader sees. NUL is
# refused by the field itself (`null_characters_not_allowed`); tab and line breaks are text.
CONTROL_IN_TEXT = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _json_type_fits(field: serializers.Field, value) -> bool:
    for field_class, types in JSON_TYPES:
        if isinstance(field, field_class):
            if isinstance(value, bool) and bool not in types:
                return False
            return isinstance(value, types)
    return True


class StrictSerializerMixin:
    """The base of write endpoints: a field of the wrong JSON type, or one the serializer does
    not write (a typo, a read-only field), is refused rather than coerced or dropped silently.
    """

    default_error_messages = {
        "unknown_field": _("Unknown field: %(field)s."),
        "read_only_field": _("This field cannot be written: %(field)s."),
    }

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.CharField):
                field.error_messages.setdefault(
                    "control_characters",
                    _("Remove the control character (such as an escape sequence) from the text."),
                )
        return fields

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            writable = {name: field for name, field in self.fields.items() if not field.read_only}
            unwritable = []
            for name in sorted(set(data) - set(writable)):
                code = "read_only_field" if name in self.fields else "unknown_field"
                message = self.error_messages[code] % {"field": name}
                unwritable.append(serializers.ErrorDetail(message, code=code))
            if unwritable:
                errors[api_settings.NON_FIELD_ERRORS_KEY] = unwritable
            for name, field in writable.items():
                value = data.get(name)
                if value is not None and not _json_type_fits(field, value):
                    message = field.error_messages["invalid"]
                    errors[name] = [serializers.ErrorDetail(message, code="invalid")]
                elif (
                    isinstance(field, serializers.CharField)
                    and isinstance(value, str)
                    and CONTROL_IN_TEXT.search(value)
                ):
                    message = field.error_messages["control_characters"]
                    errors[name] = [serializers.ErrorDetail(message, code="control_characters")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictSerializer(StrictSerializerMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    pass


class RoleSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        source="role", choices=Role.choices, help_text=_("The role's stable code.")
    )
    label = serializers.CharField(
        source="get_role_display", help_text=_("The role's name in the request's language.")
    )


class OfficeSerializer(serializers.Serializer):
    code = serializers.SlugField(help_text=_("The office's stable code, e.g. upt-serang."))
    name = serializers.CharField(help_text=_("The office's name."))
    kind = serializers.ChoiceField(
        choices=Office.Kind.choices,
        help_text=_("Headquarters, regional office (UPT/BP3MI), service post or return post."),
    )
    timezone = serializers.ChoiceField(
        choices=Office.TimeZone.choices,
        help_text=_("The office's time zone; the API gives times in it, with their offset."),
    )


class TokenSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("Who uses the token and what for."))
    prefix = serializers.CharField(
        help_text=_("The first characters of the key, to tell keys apart; not secret.")
    )
    created_at = serializers.DateTimeField(help_text=_("When the token was issued."))
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the token stops working; null: until revoked.")
    )


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(help_text=_("The login name."))
    full_name = serializers.CharField(
        source="get_full_name", help_text=_("First and last name; may be empty.")
    )
    role = RoleSerializer(source="*", help_text=_("The user's one role."))
    office = OfficeSerializer(help_text=_("The office the user works at."))
    scope_level = serializers.ChoiceField(
        choices=ScopeLevel.choices,
        help_text=_(
            "How far the user sees: the office's working area, the provinces of it, "
            "or the whole nation."
        ),
    )
    permissions = serializers.SerializerMethodField(
        help_text=_("The portal permissions of the user's role, as app_label.codename.")
    )
    token = serializers.SerializerMethodField(
        help_text=_("The token of this request; null when signed in with a session.")
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_permissions(self, user) -> list[str]:
        return sorted(name for name in portal_permissions() if user.has_perm(name))

    @extend_schema_field(TokenSerializer(allow_null=True))
    def get_token(self, user) -> dict | None:
        auth = self.context["request"].auth
        return TokenSerializer(auth).data if isinstance(auth, ApiToken) else None
