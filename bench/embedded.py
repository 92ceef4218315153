"""The embedded default (SQLite, tasks in-process) under the counter's typo search.

A newcomer's portal runs on SQLite, where the name search computes pg_trgm's similarity in
Python (pmi_portal/people/trigrams.py). run.py fills a SQLite file of its own with the same
commands as the PostgreSQL database, serves it with the same gunicorn, and drives the same
locust scenarios over it, with one server process; its figures are prefixed `embedded_`.

Run as a script (by run.py, with DATABASE_URL pointing at the SQLite file and no REDIS_URL),
it fills that file and writes what the load needs as JSON: the generation's figures, the
scenarios' context and the name search timed in Python, as on PostgreSQL.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_PATH = ROOT / "var" / "bench-embedded.sqlite3"
PREFIX = "embedded_"
# SQLite has one writer at a time and every request saves its session: with 5 worker processes
# 2 of 20 simultaneous logins failed with "database is locked". One process serves, as
# `make run`'s runserver does.
GUNICORN_WORKERS = 1
# The bare view gives the ratios; the name search with a typo is the scenario the issue asks.
SCENARIO_NAMES = ("bare", "counter_worker_search_name")


def embedded_environment(environ: dict[str, str], database_path: Path) -> dict[str, str]:
    """The server's environment with the embedded default: a SQLite file and no broker."""
    environment = {key: value for key, value in environ.items() if key != "REDIS_URL"}
    environment["DATABASE_URL"] = f"sqlite:///{database_path.resolve()}"
    return environment


def prefixed(figures: dict) -> dict:
    return {f"{PREFIX}{name}": figure for name, figure in figures.items()}


def main(workers: int, out: Path) -> None:
    import django

    from bench.run import Config, load_context, prepare_database

    django.setup()
    from bench.features import NAME_FIGURES, name_search
    from bench.figures import missing

    config = Config(workers=workers, users=1, seconds=1, gunicorn_workers=1)
    # run.py collected the static files for the PostgreSQL server already.
    figures, synthetic_missing = prepare_database(config, collect_static=False)
    if synthetic_missing:
        reason = f"no synthetic data: {synthetic_missing}"
        figures |= {name: missing(unit, reason) for name, unit in NAME_FIGURES.items()}
    else:
        figures |= name_search()
    result = {
        "figures": {name: figure.as_json() for name, figure in figures.items()},
        "context": load_context(),
        "synthetic_missing": synthetic_missing,
    }
    out.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    main(int(sys.argv[1]), Path(sys.argv[2]))
