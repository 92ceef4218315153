import pytest

from tests.dashboards.data import Heads, make_data_set, make_heads


@pytest.fixture
def heads(db) -> Heads:
    return make_heads()


@pytest.fixture
def data_set(db):
    make_data_set()
