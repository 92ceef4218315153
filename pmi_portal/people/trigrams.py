"""pg_trgm's trigram similarity for the embedded SQLite database, and the search's threshold.

PostgreSQL ranks names with pg_trgm; SQLite has nothing like it, so the same measure is
computed here and registered as the SQL function `trigram_similarity` on every SQLite
connection. It follows pg_trgm's `generate_trgm` (contrib/pg_trgm/trgm_op.c): each word of
letters and digits, lower-cased, padded with two spaces before and one after, gives the set of
its three-character windows; similarity is shared / (all distinct) trigrams.
"""

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")

# The counter's name search finds names at least this similar (pg_trgm's `%` matches above
# pg_trgm.similarity_threshold, 0.3 by default). At 0.3 a common given name alone makes a
# match, and a national search ranks hundreds of thousands of rows; at 0.45 a name with a
# letter dropped or doubled is still found (bench: name_search).
NAME_SIMILARITY_THRESHOLD = 0.45


@lru_cache(maxsize=4096)
def trigrams(text: str) -> frozenset[str]:
    found = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def similarity(left: str | None, right: str | None) -> float:
    """pg_trgm's `similarity(left, right)`: 0 (nothing shared) to 1 (same trigrams)."""
    if not left or not right:
        return 0.0
    a, b = trigrams(left), trigrams(right)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def register(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give SQLite connections `trigram_similarity(a, b)`, and
    PostgreSQL ones the search's threshold for `%` (once per connection, not per search)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "trigram_similarity", 2, similarity, deterministic=True
        )
    elif connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, false)",
                [str(NAME_SIMILARITY_THRESHOLD)],
            )
