"""Database helpers shared by the apps."""


def on_postgresql(sql: str):
    """A RunPython function that runs `sql` on PostgreSQL only (SQLite has no equivalent)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run
