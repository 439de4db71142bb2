"""Start-up imports that the garbage collector never walks.

A provider process imports pydantic, httpx, grpc and the core before it can answer: the
plugin at start-up, the dynamic provider host on its first engine call, after ``import
pulumi`` has filled its heap. Each of the collector's passes during those imports walks the
whole heap, and the objects they create (modules, classes, schemas) live as long as the
process anyway. Measured in bench/README.md: 35-40 ms of CPU of the dynamic host's first call
(165 ms) and of the plugin's start (315 ms), while the engine waits.
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
