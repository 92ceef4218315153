from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import Contribution, NavEntry

_READ = ["people.view_person", "people.view_possibleduplicate"]
_RECORD = ["people.add_person", "people.change_person", "people.change_possibleduplicate"]
_MERGE = ["people.merge_person", "people.view_personmerge"]


class PeopleConfig(AppConfig):
    """One record per person, whatever app they appear in: registry, returns, cases."""

    name = "pmi_portal.people"
    label = "people"
    verbose_name = _("People")

    portal = Contribution(
        permissions={
            Role.COUNTER_OFFICER: [*_READ, *_RECORD],
            Role.AIRPORT_OFFICER: _READ,
            Role.CASE_HANDLER: _READ,
            Role.OFFICE_HEAD: [*_READ, *_RECORD, *_MERGE],
            Role.REGIONAL_HEAD: [*_READ, "people.view_personmerge"],
            Role.NATIONAL_ANALYST: [*_READ, "people.view_personmerge"],
            # Administrators correct records in the admin, through the same service.
            Role.ADMINISTRATOR: [*_READ, *_MERGE, "people.change_person"],
        },
        navigation=[
            NavEntry(
                _("Possible duplicates"),
                "people:duplicates",
                "people-fill",
                "people.change_possibleduplicate",
                30,
                group=_("Registry"),
            ),
            NavEntry(
                _("Merges"),
                "people:merges",
                "intersect",
                "people.view_personmerge",
                31,
                group=_("Registry"),
            ),
        ],
        urls=("people/", "pmi_portal.people.urls"),
    )

    def ready(self) -> None:
        from pmi_portal.people import trigrams

        connection_created.connect(trigrams.register, dispatch_uid="people.trigram_similarity")
