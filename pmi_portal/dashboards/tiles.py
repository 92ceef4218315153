"""A tile-grid map of Indonesia's 38 provinces: one square each, placed roughly where the
province lies (west to east, north to south). No boundary data is shipped: a tile grid shows
every province at the same size, which reads fairer for small ones (DKI Jakarta, DIY) than a
map where Papua dwarfs Java."""

from dataclasses import dataclass

# Kemendagri province code -> (column, row) on a 16 x 6 grid.
GRID: dict[str, tuple[int, int]] = {
    "11": (0, 0), "21": (4, 0), "65": (7, 0), "71": (10, 0), "82": (12, 0),
    "12": (1, 1), "14": (2, 1), "61": (5, 1), "62": (6, 1), "64": (7, 1), "75": (9, 1),
    "72": (10, 1), "96": (13, 1), "92": (14, 1),
    "13": (1, 2), "15": (2, 2), "19": (3, 2), "63": (6, 2), "76": (9, 2), "73": (10, 2),
    "74": (11, 2), "81": (12, 2), "91": (15, 2),
    "17": (2, 3), "16": (3, 3), "18": (4, 3), "94": (14, 3), "95": (15, 3),
    "36": (4, 4), "31": (5, 4), "32": (6, 4), "33": (7, 4), "35": (8, 4), "51": (9, 4),
    "52": (10, 4), "53": (11, 4), "93": (15, 4),
    "34": (7, 5),
}  # fmt: skip
SHADES = 5


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    value: int | None  # None: outside the user's scope
    column: int
    row: int
    shade: int  # 0 (none) to SHADES, for the tile's class
    selected: bool


def tiles(provinces: dict[str, str], counts: dict[str, int], in_scope: set[str], chosen):
    """The map's tiles: every province, its figure when in scope, shaded by its share of the
    largest figure."""
    top = max((counts.get(code, 0) for code in in_scope), default=0)
    found = []
    for code, name in provinces.items():
        column, row = GRID.get(code, (0, 6))
        value = counts.get(code, 0) if code in in_scope else None
        shade = 0 if not value or not top else max(1, round(SHADES * value / top))
        found.append(Tile(code, name, value, column, row, shade, code == chosen))
    return found
