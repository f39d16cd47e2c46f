from shoudi.assets.tests.fixtures import builtin_parameters, committee_a, committee_b

__all__ = ["builtin_parameters", "committee_a", "committee_b"]
