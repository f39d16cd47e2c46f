import pytest

from shoudi.assets.tests.fixtures import builtin_parameters, committee_a, committee_b
from shoudi.testing.factories import VILLAGE_C

__all__ = ["builtin_parameters", "committee_a", "committee_b", "committee_c"]


@pytest.fixture
def committee_c(regions):
    from shoudi.assets.tests.builders import committee

    return committee(VILLAGE_C)
