import datetime
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from pmi_portal.access.roles import Role
from pmi_portal.notifications.channels import signature_valid
from pmi_portal.notifications.models import OfficeSettings
from pmi_portal.offices.models import Country
from tests.factories import PersonFactory, UserFactory, office


@pytest.fixture
def airport(db):
    return UserFactory(
        username="bandara.notif", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )


@pytest.fixture
def pontianak(db):
    """The receiving office's people: a counter officer (receives), a head, a case handler."""
    return {
        "counter": UserFactory(
            username="loket.ptk", role=Role.COUNTER_OFFICER, office=office("upt-pontianak")
        ),
        "head": UserFactory(
            username="kepala.ptk", role=Role.OFFICE_HEAD, office=office("upt-pontianak")
        ),
        "handler": UserFactory(
            username="kasus.ptk", role=Role.CASE_HANDLER, office=office("upt-pontianak")
        ),
    }


@pytest.fixture
def elsewhere(db):
    return UserFactory(
        username="loket.mtr", role=Role.COUNTER_OFFICER, office=office("upt-mataram")
    )


def flight(**overrides):
    return {
        "flight_number": "QZ7511",
        "arrived_at": timezone.now() - datetime.timedelta(minutes=30),
        "from_country": Country.objects.get(code="MY"),
        "category": "troubled",
        "troubles": ["deported"],
        **overrides,
    }


def pontianak_returnee():
    return PersonFactory(home_regency_id="6171", registered_by_office=office("upt-pontianak"))


@dataclass
class Receiver:
    """A gateway on loopback: verifies each webhook's signature as a real one would."""

    secret: str
    answer: int = 200
    received: list = field(default_factory=list)
    valid: list = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver():
    state = Receiver(secret="rahasia-gateway-uji-" + "x" * 20)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((dict(self.headers), body))
            state.valid.append(
                signature_valid(
                    state.secret,
                    self.headers.get("X-PMI-Timestamp", ""),
                    body,
                    self.headers.get("X-PMI-Signature", ""),
                )
            )
            self.send_response(state.answer)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def webhook_for(office_code: str, receiver: Receiver, kinds: list[str]) -> OfficeSettings:
    """Set straight in the table: the service refuses plain http, the loopback receiver is it."""
    return OfficeSettings.objects.update_or_create(
        office=office(office_code),
        defaults={
            "webhook_url": receiver.url,
            "webhook_secret": receiver.secret,
            "webhook_kinds": kinds,
        },
    )[0]
