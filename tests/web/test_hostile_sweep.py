"""Hostile strings through every form of every demo role's pages: each form met while
walking a role's menu and the records it lists is posted with every text field filled with
HTML and script, SQL fragments, a 10,000-character text and Unicode tricks. Each answer is a
page or a form error, never a 5xx, and no page shows the markup unescaped."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from pmi_portal.demo.users import DEMO_USERS

HOSTILE = [
    '<script>alert("pmi")</script><img src=x onerror=alert(1)> \'; DROP TABLE people_person; --',
    # Look-alike letters, a right-to-left override, zero-width joiners, template syntax.
    "\u216ewi \u202eilahgnaM\u202c \u200b\u200d\U0001d56f\U0001d58a {{ 7*7 }} %s%n ${7*7}",
    "W" * 10_000,
]
UNESCAPED = ('<script>alert("pmi")</script>', "<img src=x onerror=alert(1)>")
# Forms that end the session or change the language are not the forms of a job.
SKIP_ACTIONS = re.compile(r"^/(accounts/logout|i18n/)")
MAX_PAGES = 25


class Page(HTMLParser):
    """The links and the POST forms of a page, with their fields as the browser sends them."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}, "text": set()}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            name, kind = a.get("name"), a.get("type", "text")
            if not name or kind in ("file", "submit", "button", "image"):
                return
            if tag == "select":
                self._select = name
                self._form["fields"].setdefault(name, "")
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"][name] = a.get("value", "on")
            else:
                self._form["fields"][name] = a.get("value", "")
                if tag == "textarea" or kind in ("text", "search", "email", "tel", "url"):
                    self._form["text"].add(name)
        elif (
            tag == "option"
            and self._select
            and self._form is not None
            and not self._form["fields"].get(self._select)
            and a.get("value")
        ):
            self._form["fields"][self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def read(response) -> Page:
    page = Page()
    page.feed(response.content.decode())
    return page


def walk(client, start: str):
    """The pages a user reaches from their home page and menu, one level down."""
    seen, queue = set(), [start]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or path.startswith(("/accounts/logout", "/admin/", "/api/")):
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        seen.add(path)
        page = read(response)
        yield url, page
        queue += [link for link in page.links if link.count("/") <= 5]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("username", [u.username for u in DEMO_USERS])
def test_hostile_text_in_every_form_of_a_role_is_stored_escaped_or_refused(client, demo, username):
    from pmi_portal.access.models import User

    client.force_login(User.objects.get(username=username))
    posted = 0
    for url, page in list(walk(client, "/")):
        for form in page.forms:
            action = urljoin(url, form["action"] or url)
            if SKIP_ACTIONS.match(urlsplit(action).path) or not form["text"]:
                continue
            for text in HOSTILE:
                data = {**form["fields"], **dict.fromkeys(form["text"], text)}
                response = client.post(action, data)
                posted += 1
                assert response.status_code < 500, (action, sorted(form["text"]))
                body = response.content.decode(errors="replace")
                assert not any(marker in body for marker in UNESCAPED), action
        again = client.get(url).content.decode(errors="replace")
        assert not any(marker in again for marker in UNESCAPED), url
    # Every role but the analyst's, who only reads, has forms with text to send.
    assert posted > 0 or username == "analyst.national"
