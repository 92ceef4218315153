import random
import time
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from cases import synthetic as cases_synthetic
from cases.selectors import cases_changed
from outreach import synthetic as outreach_synthetic
from placements import synthetic as placements_synthetic
from pmi_portal.access.models import User
from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Office
from pmi_portal.synthetic.loader import copy_rows, indexes_deferred, next_id, reset_sequences
from returns import synthetic as returns_synthetic
from service_quality import synthetic as service_quality_synthetic

AGENCIES_PER_MILLION_WORKERS = 1500
TABLES = [
    "placements_agency",
    "people_person",
    "placements_placement",
    "placements_stagechange",
    "returns_arrival",
    *cases_synthetic.TABLES,
    *outreach_synthetic.TABLES,
    *service_quality_synthetic.TABLES,
]
# Filled as the people are loaded, by their name keys' triggers (migrations people 0005, 0006):
# their trigram indexes are built after the load as well, whole, rather than row by row
# through GIN's pending list, which every name search would then read through.
FILLED_BY_TRIGGERS = ["people_namekey", "people_namekey_area"]


class Command(BaseCommand):
    help = (
        "Membuat N pekerja sintetis dengan penempatan, kepulangan dan kasusnya untuk uji skala. / "
        "Create N synthetic workers with their placements, returns and cases in realistic "
        "proportions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, required=True, help="how many workers")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument("--batch-size", type=int, default=20000)
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, workers: int, seed: int, batch_size: int, no_progress: bool, **opts):
        if workers < 1:
            raise CommandError("--workers harus 1 atau lebih / must be 1 or more")
        reference = placements_synthetic.read_reference()
        if not reference.regencies or any(o is None for o in reference.regency_office.values()):
            raise CommandError(
                "Jalankan load_reference dulu / run load_reference first (regions and offices)."
            )
        rng = random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic(), indexes_deferred([*TABLES, *FILLED_BY_TRIGGERS]):
            if connection.vendor == "postgresql":
                _postgresql_bulk_session()
            agency_count = max(20, workers * AGENCIES_PER_MILLION_WORKERS // 1_000_000)
            first_agency = next_id("placements_agency")
            copy_rows(
                "placements_agency",
                placements_synthetic.AGENCY_COLUMNS,
                placements_synthetic.agency_rows(rng, agency_count, first_agency, reference),
            )
            reference = replace(
                reference, agencies=list(range(first_agency, first_agency + agency_count))
            )
            taken = set(_niks())
            counts = {"workers": 0, "placements": 0, "stage changes": 0, "arrivals": 0,
                      "returnees with no placement": 0, "cases": 0, "recruiters": 0,
                      "case rows": 0, "outreach activities": 0,
                      "SKM answers": 0}  # fmt: skip
            post = Office.objects.get(code="pos-soetta")
            first_worker_id = next_id("people_person")
            # People with no placement on record and recruiters get ids after all the workers'.
            next_person_id = first_worker_id + workers
            next_arrival_id = next_id("returns_arrival")
            cases = cases_synthetic.CaseGenerator(
                rng=rng,
                reference=reference,
                first_ids={table: next_id(table) for table in cases_synthetic.TABLES},
                handlers=_case_handlers(),
            )
            batches = placements_synthetic.worker_batches(
                rng=rng,
                count=workers,
                batch_size=batch_size,
                reference=reference,
                first_worker_id=first_worker_id,
                first_placement_id=next_id("placements_placement"),
                first_change_id=next_id("placements_stagechange"),
                taken_niks=taken,
            )
            with tqdm(total=workers, unit=" workers", disable=no_progress) as progress:
                for worker_rows, placement_rows, change_rows in batches:
                    counts["workers"] += copy_rows(
                        "people_person", placements_synthetic.WORKER_COLUMNS, worker_rows
                    )
                    counts["placements"] += copy_rows(
                        "placements_placement",
                        placements_synthetic.PLACEMENT_COLUMNS,
                        placement_rows,
                    )
                    counts["stage changes"] += copy_rows(
                        "placements_stagechange",
                        placements_synthetic.STAGE_CHANGE_COLUMNS,
                        change_rows,
                    )
                    arrival_rows, people_rows = returns_synthetic.arrival_rows(
                        rng=rng,
                        placements=placement_rows,
                        workers_by_id={row[0]: row for row in worker_rows},
                        first_arrival_id=next_arrival_id,
                        first_person_id=next_person_id,
                        post_id=post.pk,
                        post_office_id=post.pk,
                    )
                    counts["returnees with no placement"] += copy_rows(
                        "people_person", returns_synthetic.PERSON_COLUMNS, people_rows
                    )
                    counts["arrivals"] += copy_rows(
                        "returns_arrival", returns_synthetic.ARRIVAL_COLUMNS, arrival_rows
                    )
                    next_person_id += len(people_rows)
                    next_arrival_id += len(arrival_rows)
                    case_batch = cases.batch(
                        workers=worker_rows,
                        placements=placement_rows,
                        arrivals=arrival_rows,
                        first_person_id=next_person_id,
                    )
                    counts["recruiters"] += copy_rows(
                        "people_person", returns_synthetic.PERSON_COLUMNS, case_batch.people
                    )
                    next_person_id += len(case_batch.people)
                    for table, columns in cases_synthetic.TABLES.items():
                        written = copy_rows(table, columns, case_batch.rows[table])
                        counts["cases" if table == "cases_case" else "case rows"] += written
                    progress.update(len(worker_rows))
            counts["outreach activities"] = copy_rows(
                "outreach_activity",
                outreach_synthetic.COLUMNS,
                outreach_synthetic.activity_rows(
                    rng=rng,
                    workers=workers,
                    reference=reference,
                    first_id=next_id("outreach_activity"),
                ),
            )
            counts["SKM answers"] = copy_rows(
                "service_quality_surveyanswer",
                service_quality_synthetic.COLUMNS,
                service_quality_synthetic.answer_rows(
                    rng=rng,
                    workers=workers,
                    reference=reference,
                    first_id=next_id("service_quality_surveyanswer"),
                ),
            )
            cases_changed()  # bulk rows send no signal: the lists' kept counts go once it commits
            loaded = time.perf_counter()
            self.stdout.write("Membangun indeks / building indexes…")
        reset_sequences(TABLES)
        indexed = time.perf_counter()
        _vacuum([*TABLES, *FILLED_BY_TRIGGERS])
        finished = time.perf_counter()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(
            f"{summary}, {agency_count} agencies in {finished - started:.1f} s "
            f"(rows {loaded - started:.1f} s, indexes {indexed - loaded:.1f} s, "
            f"vacuum {finished - indexed:.1f} s)"
        )


def _vacuum(tables: list[str]) -> None:
    """VACUUM the loaded tables (PostgreSQL, outside a transaction), as autovacuum does to a
    database in service: their pages marked all-visible, an index that holds the columns a
    read needs answers it without the table's rows (the name search's people of a name,
    migration people 0012), and no first reader sets each row's hint bits."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM {table}")


def _postgresql_bulk_session() -> None:
    """Settings of this load's transaction that trade safety nets for speed.

    The generator makes consistent rows by construction, so a superuser also skips the
    per-row foreign-key triggers (session_replication_role); others keep them.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _case_handlers() -> dict[int, list[int]]:
    """The active case handlers of each office, who get the synthetic cases of their office."""
    handlers: dict[int, list[int]] = {}
    for user_id, office_id in User.objects.filter(
        role=Role.CASE_HANDLER, is_active=True
    ).values_list("pk", "office_id"):
        handlers.setdefault(office_id, []).append(user_id)
    return handlers


def _niks() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik FROM people_person WHERE nik IS NOT NULL")
        return [row[0] for row in cursor.fetchall()]
