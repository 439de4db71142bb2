"""The models the clients' operations take and return: the service's wire format, typed.

Fields are snake_case with the service's camelCase names as aliases; build request bodies
(:class:`TokenCreate`, :class:`TokenUpdate`) by either name. Defined in the private
``_models`` module, which the emulator shares; this is their public name.
"""

from pulumi_openapi_oauth._models import *  # noqa: F403
from pulumi_openapi_oauth._models import __all__ as __all__
