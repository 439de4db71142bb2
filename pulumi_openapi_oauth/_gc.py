"""Start-up imports that the garbage collector never walks.

The native plugin imports pydantic, httpx, grpc and the core before it can answer, and the CLI
waits for its port. Each of the collector's passes during those imports walks the whole heap,
and the objects they create (modules, classes, schemas) live as long as the process anyway:
importing and building the provider took 297-350 ms of CPU, 273-286 ms with this (bench/README.md).

The dynamic provider host does not use it. It made the host's first engine call 25-40 ms
faster, and that was enough to make a failed preview of a Python program end with the SDK's
KeyboardInterrupt traceback in 3 of 10 runs of tests/e2e/test_hardening_e2e.py
(test_bad_credentials...), against 0 of 6 without it. The traceback ends in a KeyboardInterrupt
while the SDK formats the error of a registration the engine refused after the failed check; I
did not find the whole sequence (bench/README.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["frozen_imports"]


@contextmanager
def frozen_imports() -> Iterator[None]:
    """No collection inside the block; then everything alive moves to the collector's
    permanent generation (``gc.freeze``), so later passes skip it. A no-op when the
    collector is off.

    Frozen objects are still freed when their last reference goes; only a reference cycle
    among them that becomes garbage stays until the process ends, which a provider process
    (one engine operation) reaches soon.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
