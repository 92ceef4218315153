"""scope_key: all that restrict() reads of a user, as a key that is the same in every process:
kept SQL (web.kept_sql) and the dashboards' cached figures are kept under it."""

import pytest

from cases.models import Case
from outreach.models import Activity
from placements.models import Placement
from pmi_portal.access.roles import Role
from pmi_portal.access.scoping import EVERYTHING, Scope, scope_key
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db


def test_the_scope_key_tells_offices_assignees_and_the_permissionless_apart():
    serang = UserFactory(role=Role.COUNTER_OFFICER)
    serang_too = UserFactory(role=Role.COUNTER_OFFICER)
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    analyst = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))
    no_role = UserFactory(role="")

    assert scope_key(serang, Placement) == scope_key(serang_too, Placement)
    assert scope_key(serang, Placement) != scope_key(pontianak, Placement)
    assert scope_key(analyst, Activity) != scope_key(serang, Activity)
    assert scope_key(no_role, Placement) is None
    # Cases assigned to a handler are theirs whatever their office: the user is in the key.
    handler = UserFactory(role=Role.CASE_HANDLER)
    handler_too = UserFactory(role=Role.CASE_HANDLER)
    assert scope_key(handler, Case) is not None
    assert scope_key(handler, Case) != scope_key(handler_too, Case)


def test_the_key_without_a_model_tells_roles_users_and_scopes_apart():
    serang = UserFactory(role=Role.COUNTER_OFFICER)
    serang_too = UserFactory(role=Role.COUNTER_OFFICER)
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    analyst = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))
    analyst_too = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))

    # Below the national level the user is in it (cases may be assigned to them).
    assert len({scope_key(serang), scope_key(serang_too), scope_key(pontianak)}) == 3
    # National users of one role read the same rows everywhere.
    assert scope_key(analyst) == scope_key(analyst_too)
    assert scope_key(analyst) != scope_key(serang)


def test_the_key_is_written_in_order_whatever_the_sets_order():
    """A frozenset's order differs between processes: the dashboards' key, hashed into the
    shared cache, must not."""
    user = UserFactory(role=Role.REGIONAL_HEAD)
    user._pmi_scope = Scope(False, frozenset({"36.04", "36.01", "36.72"}), frozenset({9, 2, 40}))
    key = scope_key(user)
    assert key[-1] == (("36.01", "36.04", "36.72"), (2, 9, 40))
    assert scope_key(user, Placement)[0] == (("36.01", "36.04", "36.72"), (2, 9, 40))


def test_a_national_user_has_no_assignee_in_the_key():
    """restrict() adds no filter at all for a national user, assignments included."""
    analyst = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))
    analyst._pmi_scope = EVERYTHING
    assert scope_key(analyst, Case) == ("national",)
