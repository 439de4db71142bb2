"""The module path every pickled Token provider in state names.

Existing stacks hold ``dill`` pickles that reference ``pulumi_openapi_oauth._token_provider.TokenProvider``;
the class lives in :mod:`pulumi_openapi_oauth.dynamic.provider` and keeps this module as its
``__module__``, so old pickles load it and new pickles stay byte-identical.
"""

from pulumi_openapi_oauth.dynamic.provider import TokenProvider

__all__ = ["TokenProvider"]
