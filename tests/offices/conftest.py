import shutil

import pytest

from pmi_portal.offices import reference


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the shipped data files, used by load_reference."""
    target = tmp_path / "data"
    shutil.copytree(reference.DATA_DIR, target)
    monkeypatch.setattr(reference, "DATA_DIR", target)
    return target
