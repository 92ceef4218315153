"""The portal's least-privilege database role (PostgreSQL): rows only, the audit trail appended.

The owner role (MIGRATION_DATABASE_URL) runs the migrations and owns every table; the portal's
role (DATABASE_URL) is no owner and no superuser, so it can neither TRUNCATE, nor switch the
audit triggers off (ALTER TABLE ... DISABLE TRIGGER, session_replication_role).
"""

from psycopg2 import sql

AUDIT_TABLE = "audit_auditevent"


def app_role_grants(role: str, database: str) -> list[sql.Composed]:
    """The statements, run as the owner, that give `role` what the portal needs and no more."""
    values = {
        "role": sql.Identifier(role),
        "database": sql.Identifier(database),
        "audit": sql.Identifier(AUDIT_TABLE),
    }
    statements = [
        "GRANT CONNECT ON DATABASE {database} TO {role}",
        "GRANT USAGE ON SCHEMA public TO {role}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # Tables of later migrations (until this is run again after them).
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        # The audit trail: read and append only, and an appended event chained after its
        # commit (its place and hash; the trigger refuses any other change).
        "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {role}",
        "GRANT UPDATE (chain_seq, chain_hash) ON {audit} TO {role}",
    ]
    return [sql.SQL(statement).format(**values) for statement in statements]


def role_problems(cursor, role: str) -> list[str]:
    """Why `role` is no least-privilege role (superuser, or owner of tables); empty when it is."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    found = cursor.fetchone()
    if found is None:
        return [f"role {role!r} does not exist: CREATE ROLE {role} LOGIN PASSWORD '...'"]
    problems = [f"role {role!r} is a superuser"] if found[0] else []
    cursor.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s", [role]
    )
    owned = cursor.fetchone()[0]
    if owned:
        problems.append(f"role {role!r} owns {owned} tables: the migrations must run as another")
    return problems
