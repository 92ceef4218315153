"""The columns a dashboard summary table keys its counts by."""

from django.db import models


def summary_key(to: str, *, null: bool = False) -> models.ForeignKey:
    """A summary's reference to a regency, office, country or user: no constraint and no index,
    since every refresh rewrites every row (see pmi_portal.dashboards.summaries)."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        related_name="+",
        null=null,
        db_constraint=False,
        db_index=False,
    )
