"""The load of one page scenario, or of several together: locust as a library, in a process of
its own.

run.py starts `python bench/locustfile.py --scenario NAME ...` once per scenario, and once with
every role's scenario for the mixed run, and reads the JSON it writes. Locust patches the
standard library with gevent as it is imported, so it is kept out of run.py, which runs Django
and times the feature benchmarks in plain Python.
"""

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
import psutil
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser
from locust.stats import StatsEntry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scenarios import SCENARIOS_BY_NAME, Scenario

LOGIN_PATH = "/accounts/login/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Logins hash the password with the production hasher on purpose, so they take a while.
LOGIN_TIMEOUT_SECONDS = 120
# Lets every gunicorn worker open its database connection and load its templates first.
WARMUP_SECONDS = 3
# A hard stop on top of the time limit: no run sends more than this many requests.
MAX_REQUESTS = 500_000


def log_in(client, username: str, password: str) -> bool:
    """Log in through the real login form, with the CSRF token it hands out."""
    page = client.get(LOGIN_PATH, name="login")
    token = CSRF_INPUT.search(page.text or "")
    if token is None:
        return False
    response = client.post(
        LOGIN_PATH,
        data=urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        name="login",
        allow_redirects=False,
    )
    return response.status_code == 302 and LOGIN_PATH not in response.headers.get("Location", "")


class _Named:
    """A client whose requests are named after their scenario first, so the scenarios of a
    mixed run keep their statistics apart."""

    def __init__(self, client, scenario: str):
        self._client = client
        self._scenario = scenario

    def get(self, path, *, name=None, **options):
        return self._client.get(path, name=f"{self._scenario} {name or path}", **options)

    def post(self, path, *, name=None, **options):
        return self._client.post(path, name=f"{self._scenario} {name or path}", **options)


def _user_class(scenario: Scenario, context: dict, state: dict, rng: random.Random, named: bool):
    class ScenarioUser(FastHttpUser):
        wait_time = constant(0)
        network_timeout = 30.0
        connection_timeout = 10.0

        def on_start(self):
            self.refused = bool(scenario.username) and not log_in(
                self.client, scenario.username, context["password"]
            )
            state["refused" if self.refused else "ready"] += 1
            self.scenario_client = _Named(self.client, scenario.name) if named else self.client

        @task
        def one_request(self):
            # StopUser from a task ends the user quietly; from on_start it logs a traceback.
            if self.refused or state["budget"] <= 0:
                raise StopUser
            state["budget"] -= 1
            scenario.request(self.scenario_client, context, rng)

    ScenarioUser.__name__ = f"User_{scenario.name}"
    return ScenarioUser


def _entry_figures(entry, elapsed: float) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else 0,
        "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else 0,
        "rps": entry.num_requests / elapsed,
    }


def run(scenarios: list[Scenario], *, host: str, users: int, seconds: int, context: dict) -> dict:
    """Log every user in, warm up, then measure `seconds` of requests without think time.
    With several scenarios (a mixed run) the users are shared out among them and each
    scenario's figures come apart under "scenarios"."""
    state = {"ready": 0, "refused": 0, "budget": MAX_REQUESTS}
    rng = random.Random(1)  # noqa: S311 - seeded: the same requests every run, no secret
    mixed = len(scenarios) > 1
    user_classes = [_user_class(item, context, state, rng, mixed) for item in scenarios]
    for user_class in user_classes:
        user_class.host = host
    environment = Environment(user_classes=user_classes)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + LOGIN_TIMEOUT_SECONDS
    while state["ready"] + state["refused"] < users and time.monotonic() < deadline:
        gevent.sleep(0.1)
    if state["ready"] < users:
        runner.quit()
        who = ", ".join(sorted({item.username or "anonymous" for item in scenarios}))
        return {"error": f"only {state['ready']} of {users} users could log in as {who}"}

    gevent.sleep(WARMUP_SECONDS)
    environment.stats.reset_all()
    process = psutil.Process()
    process.cpu_percent()
    started = time.monotonic()
    gevent.sleep(seconds)
    cpu_ratio = process.cpu_percent() / 100
    elapsed = time.monotonic() - started
    total = environment.stats.total
    errors = sorted(environment.stats.errors.values(), key=lambda error: -error.occurrences)
    crashes = [row["msg"] for row in runner.exceptions.values()]
    result = _entry_figures(total, elapsed) | {
        "failures": total.num_failures + len(crashes),
        "loadgen_cpu_ratio": cpu_ratio,
        "first_error": str(errors[0].error) if errors else (crashes[0] if crashes else None),
    }
    if mixed:
        result["scenarios"] = {}
        for item in scenarios:
            merged = StatsEntry(environment.stats, item.name, "")
            for entry in environment.stats.entries.values():
                if entry.name.startswith(f"{item.name} "):
                    merged.extend(entry)
            result["scenarios"][item.name] = _entry_figures(merged, elapsed)
    runner.quit()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scenario",
        required=True,
        nargs="+",
        choices=sorted(SCENARIOS_BY_NAME),
        help="one scenario, or several run together (a mixed run)",
    )
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--context", type=Path, required=True, help="JSON file from run.py")
    parser.add_argument("--out", type=Path, required=True, help="where to write the result")
    arguments = parser.parse_args()
    result = run(
        [SCENARIOS_BY_NAME[name] for name in arguments.scenario],
        host=arguments.host,
        users=arguments.users,
        seconds=arguments.seconds,
        context=json.loads(arguments.context.read_text(encoding="utf-8")),
    )
    arguments.out.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
