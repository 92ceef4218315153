"""Where one scenario's request spends its time, in this process, on the bench database.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/costs.py counter_home [-n 50]
    ... bench/costs.py counter_home --cprofile 30   # and the 30 costliest functions

Each scenario of bench/scenarios.py runs `-n` times through Django's test client as its demo
user, with the server's settings (run.py's `server_environment`), after two warm-up runs. It
prints, per request: the CPU time of this process (Python: middleware, views, templates), the
wall time, the queries and the time the database took to answer them. CPU time is what the
server's workers share two cores for, and it does not count the waits on the database, so it
stays comparable on a machine that is busy with something else.

It reads the database `make bench` filled (a database whose name contains "bench"); the write
scenarios write to it as under load.
"""

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

from bench import run  # noqa: E402
from bench.scenarios import SCENARIOS_BY_NAME  # noqa: E402


class TemplateClock:
    """The CPU time spent rendering templates (outermost renders only) and the queries run
    meanwhile: a lazy queryset a template loops over is paid for inside it."""

    def __init__(self):
        from django.db import connection
        from django.template.backends.django import Template

        self.seconds = 0.0
        self.queries = 0
        self._depth = 0
        render = Template.render
        clock = self

        def timed(template, context=None, request=None):
            clock._depth += 1
            started, before = time.process_time(), len(connection.queries_log)
            try:
                return render(template, context, request)
            finally:
                clock._depth -= 1
                if not clock._depth:
                    clock.seconds += time.process_time() - started
                    clock.queries += len(connection.queries_log) - before

        Template.render = timed


def measure(name: str, runs: int, top: int, only: str = "", show_sql: bool = False) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.queries import TestClientAdapter
    from pmi_portal.access.models import User

    scenario = SCENARIOS_BY_NAME[name]
    context = run.load_context() | run.write_context()
    client = Client(raise_request_exception=True, SERVER_NAME="127.0.0.1")
    if scenario.username:
        client.force_login(User.objects.get(username=scenario.username))
    rng = random.Random(1)  # noqa: S311 - a seeded choice of request, no secret
    adapter = TestClientAdapter(client)
    for _ in range(2):
        scenario.request(adapter, context, rng)
    profiler = cProfile.Profile() if top else None
    templates = TemplateClock()
    cpu = wall = 0.0
    queries = 0
    sql_seconds = 0.0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            scenario.request(adapter, context, rng)
            if profiler:
                profiler.disable()
            cpu += time.process_time() - started_cpu
            wall += time.perf_counter() - started_wall
        queries += len(captured)
        sql_seconds += sum(float(query["time"]) for query in captured.captured_queries)
    if adapter.failures:
        sys.stderr.write(f"{name}: {adapter.failures[0]}\n")
    per = 1000 / runs
    print(  # noqa: T201 - a command-line tool's output
        f"{name}: cpu {cpu * per:.1f} ms, wall {wall * per:.1f} ms, "
        f"{queries / runs:.1f} queries taking {sql_seconds * per:.1f} ms; templates cpu "
        f"{templates.seconds * per:.1f} ms with {templates.queries / runs:.1f} of the queries "
        f"(per request, {runs} runs)"
    )
    if show_sql:
        for query in captured.captured_queries:
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql']}")  # noqa: T201
    if profiler:
        restrictions = [only, top] if only else [top]
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(*restrictions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="+", choices=sorted(SCENARIOS_BY_NAME))
    parser.add_argument("-n", "--runs", type=int, default=50)
    parser.add_argument("--cprofile", type=int, default=0, metavar="TOP")
    parser.add_argument(
        "--only", default="", metavar="REGEX", help="the profile's functions whose path matches"
    )
    parser.add_argument(
        "--sql", action="store_true", help="print the queries of the last run, with their times"
    )
    arguments = parser.parse_args()
    os.environ.update(run.server_environment())
    from pmi_portal.settings.startup import load_settings_or_exit

    load_settings_or_exit()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        # The pages link their assets through the manifest `make bench` collects.
        call_command("collectstatic", interactive=False, verbosity=0)
    for name in arguments.scenarios:
        measure(name, arguments.runs, arguments.cprofile, arguments.only, arguments.sql)
    return 0


if __name__ == "__main__":
    sys.exit(main())
