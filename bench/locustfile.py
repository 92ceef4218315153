"""The load of one page scenario: locust as a library, in a process of its own.

run.py starts `python bench/locustfile.py --scenario NAME ...` once per scenario and reads
the JSON it writes. Locust patches the standard library with gevent as it is imported, so it
is kept out of run.py, which runs Django and times the feature benchmarks in plain Python.
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


def run(scenario: Scenario, *, host: str, users: int, seconds: int, context: dict) -> dict:
    """Log every user in, warm up, then measure `seconds` of requests without think time."""
    state = {"ready": 0, "refused": 0, "budget": MAX_REQUESTS}
    rng = random.Random(1)  # noqa: S311 - seeded: the same requests every run, no secret

    class ScenarioUser(FastHttpUser):
        wait_time = constant(0)
        network_timeout = 30.0
        connection_timeout = 10.0

        def on_start(self):
            self.refused = bool(scenario.username) and not log_in(
                self.client, scenario.username, context["password"]
            )
            state["refused" if self.refused else "ready"] += 1

        @task
        def one_request(self):
            # StopUser from a task ends the user quietly; from on_start it logs a traceback.
            if self.refused or state["budget"] <= 0:
                raise StopUser
            state["budget"] -= 1
            scenario.request(self.client, context, rng)

    ScenarioUser.host = host
    environment = Environment(user_classes=[ScenarioUser])
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + LOGIN_TIMEOUT_SECONDS
    while state["ready"] + state["refused"] < users and time.monotonic() < deadline:
        gevent.sleep(0.1)
    if state["ready"] < users:
        runner.quit()
        who = scenario.username or "anonymous"
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
    result = {
        "requests": total.num_requests,
        "failures": total.num_failures + len(crashes),
        "p50_ms": total.get_response_time_percentile(0.5) if total.num_requests else 0,
        "p95_ms": total.get_response_time_percentile(0.95) if total.num_requests else 0,
        "rps": total.num_requests / elapsed,
        "loadgen_cpu_ratio": cpu_ratio,
        "first_error": str(errors[0].error) if errors else (crashes[0] if crashes else None),
    }
    runner.quit()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS_BY_NAME))
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--context", type=Path, required=True, help="JSON file from run.py")
    parser.add_argument("--out", type=Path, required=True, help="where to write the result")
    arguments = parser.parse_args()
    result = run(
        SCENARIOS_BY_NAME[arguments.scenario],
        host=arguments.host,
        users=arguments.users,
        seconds=arguments.seconds,
        context=json.loads(arguments.context.read_text(encoding="utf-8")),
    )
    arguments.out.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
