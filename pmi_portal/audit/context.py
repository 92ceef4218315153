"""Where the current request comes from, for the audit rows written while it runs."""

import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from axes.helpers import get_client_ip_address


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    request_id: str
    path: str


_current: ContextVar[RequestContext | None] = ContextVar("audit_request", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_context() -> RequestContext | None:
    return _current.get()


@contextmanager
def without_client_address():
    """Rows written inside keep no client address nor request id (which the web server's log
    could tie to one): for a member of the public who reports anonymously."""
    context = _current.get()
    token = _current.set(
        None if context is None else replace(context, ip_address=None, request_id="")
    )
    try:
        yield
    finally:
        _current.reset(token)


class AuditContextMiddleware:
    """Gives each request an id (or keeps the proxy's X-Request-ID) and its client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = _current.set(
            RequestContext(
                ip_address=get_client_ip_address(request),
                request_id=request_id,
                path=request.path[:300],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response
