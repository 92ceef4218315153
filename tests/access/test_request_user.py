"""The request holds its user itself once the middleware has read them (access.middleware
.OfficeTimezoneMiddleware), not AuthenticationMiddleware's lazy stand-in: the same user for the
view and the templates, and a logout still makes the request anonymous."""

import pytest
from django.contrib.auth.models import AnonymousUser

from pmi_portal.access.models import User
from pmi_portal.access.roles import Role
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db


def test_a_signed_in_request_holds_its_user(client):
    officer = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-mataram"))
    client.force_login(officer)

    response = client.get("/")

    assert response.status_code == 200
    assert type(response.wsgi_request.user) is User
    assert response.wsgi_request.user.pk == officer.pk
    assert response.context["user"] is response.wsgi_request.user


def test_an_anonymous_request_holds_the_anonymous_user(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert isinstance(response.wsgi_request.user, AnonymousUser)


def test_a_logout_makes_the_request_anonymous(client):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert isinstance(response.wsgi_request.user, AnonymousUser)
    assert client.get("/").status_code == 302
