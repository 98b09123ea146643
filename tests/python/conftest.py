import pytest

import gaitchain


@pytest.fixture(scope="session")
def walk():
    """A 6 s healthy walk without noise, shared by the tests that only read it."""
    return gaitchain.synthetic_walk(duration_s=6.0)
