"""The leftover-process check of the suite (tests/processes.py) finds an orphan by its tag."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

from tests.processes import TEST_VAR, kill, tagged, wait_gone

# The child forks a sleeper and exits at once: the sleeper is an orphan, reparented away from pytest,
# as a plugin host is when the Pulumi CLI is killed.
_ORPHAN = "import os, time\nif os.fork() == 0:\n    time.sleep(120)\nos._exit(0)"


def test_an_orphan_is_found_by_its_tag_and_killed() -> None:
    tag = uuid.uuid4().hex
    subprocess.run([sys.executable, "-c", _ORPHAN], env={**os.environ, TEST_VAR: tag}, check=True, timeout=30)
    found = wait_gone(TEST_VAR, tag, 0.5)  # it does not go by itself
    try:
        assert len(found) == 1 and "time.sleep(120)" in found[0].cmdline
        assert tagged(TEST_VAR, uuid.uuid4().hex) == []  # another tag finds nothing
    finally:
        kill(found)
    assert wait_gone(TEST_VAR, tag, 10) == []
