"""The common shape of a private document; each app keeps its own table of them.

A subclass adds the owner's foreign key (so scoping stays a plain indexed filter on the owner,
e.g. `scope_regions = ("placement__regency",)`), redeclares `kind` with its own choices, and
stores files only through `pmi_portal.documents.services.document_store`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.documents.storage import ORIGINAL_NAME_MAX, private_storage, private_upload_to


class PrivateDocument(models.Model):
    kind = models.CharField(_("document"), max_length=30)
    file = models.FileField(storage=private_storage, upload_to=private_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=ORIGINAL_NAME_MAX)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Empty for a member of the public, who may report anonymously.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind_label} ({self.original_name})"

    @property
    def kind_label(self) -> str:
        return str(dict(self._meta.get_field("kind").flatchoices).get(self.kind, self.kind))
