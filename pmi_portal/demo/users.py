"""The demo logins of CONTRACT.md."""

from dataclasses import dataclass

from django.db import transaction

from pmi_portal.access.models import User
from pmi_portal.access.roles import Role
from pmi_portal.access.services import staff_create
from pmi_portal.offices.models import Office

DEMO_PASSWORD = "pmi-demo-2024"  # noqa: S105 - published demo password, demo data only


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    office_code: str
    first_name: str
    last_name: str
    administrator: bool = False


DEMO_USERS = [
    DemoUser("counter.serang", Role.COUNTER_OFFICER, "upt-serang", "Rina", "Marlina"),
    DemoUser("airport.soetta", Role.AIRPORT_OFFICER, "pos-soetta", "Dedi", "Supriyadi"),
    DemoUser("cases.pontianak", Role.CASE_HANDLER, "upt-pontianak", "Yohanes", "Kristianto"),
    DemoUser("counter.pontianak", Role.COUNTER_OFFICER, "upt-pontianak", "Maria", "Ulfa"),
    DemoUser("head.banten", Role.OFFICE_HEAD, "upt-serang", "Joko", "Purwanto"),
    DemoUser("head.kalbar", Role.OFFICE_HEAD, "upt-pontianak", "Erwin", "Rachmat"),
    DemoUser("analyst.national", Role.NATIONAL_ANALYST, "hq", "Sari", "Wulandari"),
    DemoUser("admin", Role.ADMINISTRATOR, "hq", "Admin", "Portal", administrator=True),
]


@transaction.atomic
def demo_users_load() -> list[User]:
    """Create the demo users that are missing; existing ones keep their password."""
    offices = {office.code: office for office in Office.objects.all()}
    users = []
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = staff_create(
                actor=None,
                username=demo.username,
                office=offices[demo.office_code],
                role=demo.role,
                password=DEMO_PASSWORD,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email=f"{demo.username}@demo.bp2mi.go.id",
                is_staff=demo.administrator,
                is_superuser=demo.administrator,
            )
        users.append(user)
    return users
