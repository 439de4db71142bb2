"""Drive the real Pulumi CLI from tests: find/build it, isolate it, and run stack commands.

- :func:`provide_cli` runs ``scripts/pulumi-cli`` (installed CLI, cached build or a build from the Go
  module proxy) and returns the directory holding ``pulumi`` and the Python language host.
- :func:`isolated_env` builds an environment in which the CLI touches nothing outside one
  directory: a private ``PULUMI_HOME``, a file backend, an empty passphrase, no update check, no
  plugin downloads, and the test interpreter as the Python of programs, dynamic providers and
  policy packs (it has ``pulumi``, ``pulumi-policy`` and this package installed); a tag of its
  own (``tests.processes.TEST_VAR``) marks every process started under it.
- :func:`copy_program` copies a program template (a directory with ``Pulumi.yaml``) into a work
  directory; :class:`Stack` runs ``pulumi`` commands on it.

Every command runs with ``--non-interactive --color never`` and returns the
:class:`subprocess.CompletedProcess` (text stdout/stderr captured, ``returncode``); with
``check=True`` (the default) a non-zero exit raises :class:`PulumiCommandError` carrying the whole
output. Pass ``check=False`` where a non-zero exit is the point (``--expect-no-changes`` exits 7
on changes, a mandatory policy violation exits 1).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.processes import TEST_VAR

REPO_ROOT = Path(__file__).resolve().parents[2]
PROGRAMS_DIR = Path(__file__).resolve().parent / "programs"
CLI_SCRIPT = REPO_ROOT / "scripts" / "pulumi-cli"

#: The executable that starts a Python policy pack when the CLI cannot (see PulumiCli.policy_pack_arg).
POLICY_PACK_LAUNCHER = "openapi-oauth-policy-pack"

#: Exit code of ``--expect-no-changes`` when changes were found (CLI 3.274).
EXIT_CHANGES = 7

DEFAULT_TIMEOUT = 600.0
_COMMON = ("--non-interactive", "--color", "never")


class PulumiCommandError(AssertionError):
    """A ``pulumi`` command exited non-zero; the message holds the command and its whole output."""

    def __init__(self, result: subprocess.CompletedProcess[str], cwd: Path | None = None) -> None:
        self.result = result
        self.returncode = result.returncode
        super().__init__(describe(result, cwd))


class PulumiCliUnavailable(RuntimeError):
    """``scripts/pulumi-cli`` could not provide the CLI."""


def describe(result: subprocess.CompletedProcess[str], cwd: Path | None = None) -> str:
    args = result.args if isinstance(result.args, str) else " ".join(map(str, result.args))
    where = f" (in {cwd})" if cwd else ""
    return (
        f"command{where}: {args}\n"
        f"exit code: {result.returncode}\n"
        f"--- stdout ---\n{result.stdout or ''}\n"
        f"--- stderr ---\n{result.stderr or ''}"
    )


@dataclass(frozen=True)
class PulumiCli:
    """Where the CLI is and what it can do."""

    bin_dir: Path
    version: str
    build_info: Mapping[str, str] = field(default_factory=dict)

    @property
    def policy_pack_dir_supported(self) -> bool:
        """False for the fallback build (old Python language host): it cannot start a pack directory."""
        return self.build_info.get("policy_pack_dir_supported", "true") != "false"

    def policy_pack_arg(self, pack_dir: Path | str) -> str:
        """The value for ``--policy-pack``: the pack directory, or its launcher when the CLI needs it.

        The fallback language host (sdk/v3 v3.79) reads the program path from a request field the
        CLI 3.274 no longer fills, so ``--policy-pack DIR`` runs the *stack program* instead of the
        pack and fails. The CLI also accepts an executable as a policy pack; each pack directory
        carries ``openapi-oauth-policy-pack``, which starts ``python -m pulumi.policy <engine> <pack dir>``
        (what a current language host does).
        """
        pack = Path(pack_dir).resolve()
        if not (pack / "PulumiPolicy.yaml").is_file():
            raise FileNotFoundError(f"{pack} has no PulumiPolicy.yaml")
        if self.policy_pack_dir_supported:
            return str(pack)
        launcher = pack / POLICY_PACK_LAUNCHER
        if not os.access(launcher, os.X_OK):
            raise FileNotFoundError(
                f"this Pulumi CLI build cannot start a policy pack directory and {launcher} is missing "
                "or not executable"
            )
        return str(launcher)


def provide_cli(timeout: float = 1800.0) -> PulumiCli:
    """Run ``scripts/pulumi-cli``; raise :class:`PulumiCliUnavailable` with its output on failure."""
    try:
        proc = subprocess.run(
            [str(CLI_SCRIPT)], capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PulumiCliUnavailable(f"{CLI_SCRIPT} did not complete: {exc}") from exc
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise PulumiCliUnavailable(f"{CLI_SCRIPT} could not provide the Pulumi CLI\n{describe(proc)}")
    bin_dir = Path(lines[-1].strip())
    pulumi = bin_dir / "pulumi"
    if not os.access(pulumi, os.X_OK):
        raise PulumiCliUnavailable(
            f"{CLI_SCRIPT} printed {bin_dir}, which has no executable 'pulumi'\n{describe(proc)}"
        )
    info: dict[str, str] = {}
    build_info = bin_dir / "BUILD-INFO"
    if build_info.is_file():
        for line in build_info.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not key.startswith("#"):
                info[key.strip()] = value.strip()
    version = subprocess.run(
        [str(pulumi), "version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
    )
    if version.returncode != 0:
        raise PulumiCliUnavailable(f"{pulumi} does not run\n{describe(version)}")
    return PulumiCli(bin_dir=bin_dir, version=version.stdout.strip(), build_info=info)


#: Every tag :func:`isolated_env` handed out, in order: tests/e2e/conftest.py checks, after each
#: test, that no process carrying one of the test's tags still runs.
ISSUED_TAGS: list[str] = []


def _new_tag() -> str:
    tag = uuid.uuid4().hex
    ISSUED_TAGS.append(tag)
    return tag


def isolated_env(cli: PulumiCli, base: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment for ``pulumi`` confined to ``base`` (created): home, backend and temp files."""
    home, backend, tmp = base / "pulumi-home", base / "backend", base / "tmp"
    for d in (home, backend, tmp):
        d.mkdir(parents=True, exist_ok=True)
    # Drop every ambient PULUMI_* setting (access tokens, backends, stacks, debug flags...).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_")}
    python_dir = str(Path(sys.executable).parent)
    env.update(
        {
            "PATH": os.pathsep.join([str(cli.bin_dir), python_dir, os.environ.get("PATH", "")]),
            "PULUMI_HOME": str(home),
            "PULUMI_BACKEND_URL": backend.as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": "",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            # The interpreter running the tests runs programs, dynamic providers and policy packs.
            "PULUMI_PYTHON_CMD": sys.executable,
            "PYTHONDONTWRITEBYTECODE": "1",
            "TMPDIR": str(tmp),
            # Tags every process these commands start (tests/processes.py finds the ones left running).
            TEST_VAR: _new_tag(),
        }
    )
    for key in ("VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(key, None)
    if extra:
        env.update(extra)
    return env


def copy_program(template: Path | str, dest: Path) -> Path:
    """Copy a program template (a directory with ``Pulumi.yaml``, or its name under programs/) to ``dest``.

    Stack files (``Pulumi.<stack>.yaml``) and bytecode are left out: config comes from :meth:`Stack.config_set`.
    """
    src = Path(template)
    if not src.is_absolute() and not src.exists():
        src = PROGRAMS_DIR / src
    if not (src / "Pulumi.yaml").is_file():
        raise FileNotFoundError(f"{src} has no Pulumi.yaml")
    shutil.copytree(
        src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "Pulumi.*.yaml"), dirs_exist_ok=True
    )
    return dest


def project_name(workdir: Path) -> str:
    """The ``name:`` of ``workdir/Pulumi.yaml`` (config keys without a namespace use it)."""
    for line in (workdir / "Pulumi.yaml").read_text().splitlines():
        if line.startswith("name:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    raise ValueError(f"{workdir / 'Pulumi.yaml'} has no name")


class Stack:
    """One stack of the program in ``workdir`` on the isolated backend of ``env``."""

    def __init__(self, workdir: Path | str, name: str, env: Mapping[str, str], timeout: float = DEFAULT_TIMEOUT):
        self.workdir = Path(workdir)
        self.name = name
        self.env = dict(env)
        self.timeout = timeout
        self.durations: list[tuple[str, float]] = []  # (command, seconds) of every command run

    def __repr__(self) -> str:
        return f"Stack({str(self.workdir)!r}, {self.name!r})"

    # -- plumbing ---------------------------------------------------------------------------------
    def run(
        self, *args: str, check: bool = True, timeout: float | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``pulumi <args>`` in the work directory (no flags added)."""
        cmd = ["pulumi", *args]
        start = time.monotonic()
        try:
            result = subprocess.run(
                cmd,
                cwd=self.workdir,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout or self.timeout,
                input=input,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
            raise PulumiCommandError(
                subprocess.CompletedProcess(cmd, -1, out, err + f"\n[timed out after {exc.timeout}s]"), self.workdir
            ) from exc
        finally:
            self.durations.append((" ".join(args[:2]), time.monotonic() - start))
        if check and result.returncode != 0:
            raise PulumiCommandError(result, self.workdir)
        return result

    def _op(self, op: Sequence[str], args: Sequence[str], check: bool) -> subprocess.CompletedProcess[str]:
        return self.run(*op, "--stack", self.name, *_COMMON, *args, check=check)

    # -- stack ------------------------------------------------------------------------------------
    def init(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("stack", "init", self.name, "--non-interactive", check=check)

    def select(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("stack", "select", self.name, "--non-interactive", check=check)

    def rm(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("stack", "rm", self.name, "--yes", "--force", "--non-interactive", check=check)

    def config_set(
        self, key: str, value: str, secret: bool = False, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """``pulumi config set [--secret] key value``; a key without ``ns:`` gets the project namespace."""
        flags = ["--secret"] if secret else ["--plaintext"]
        return self.run("config", "set", "--stack", self.name, *flags, key, "--", value, check=check)

    def config_rm(self, key: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("config", "rm", "--stack", self.name, key, check=check)

    # -- operations -------------------------------------------------------------------------------
    def up(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``pulumi up --yes --skip-preview``."""
        return self._op(("up", "--yes", "--skip-preview"), args, check)

    def preview(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``pulumi preview`` (add ``--expect-no-changes``, ``--refresh``, ``--diff``, ``--json``...)."""
        return self._op(("preview",), args, check)

    def refresh(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``pulumi refresh --yes`` (``--skip-preview`` unless ``--preview-only`` is given)."""
        op = ("refresh",) if "--preview-only" in args else ("refresh", "--yes", "--skip-preview")
        return self._op(op, args, check)

    def destroy(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``pulumi destroy --yes --skip-preview``."""
        return self._op(("destroy", "--yes", "--skip-preview"), args, check)

    # -- state ------------------------------------------------------------------------------------
    def export(self, show_secrets: bool = False, check: bool = True) -> dict[str, Any]:
        """``pulumi stack export`` as a dict (secrets stay ciphertext unless ``show_secrets``)."""
        args = ["stack", "export", "--stack", self.name]
        if show_secrets:
            args.append("--show-secrets")
        result = self.run(*args, check=check)
        data: dict[str, Any] = json.loads(result.stdout) if result.returncode == 0 else {}
        return data

    def outputs(self, show_secrets: bool = False, check: bool = True) -> dict[str, Any]:
        """``pulumi stack output --json``; secret outputs read ``"[secret]"`` unless ``show_secrets``."""
        args = ["stack", "output", "--stack", self.name, "--json"]
        if show_secrets:
            args.append("--show-secrets")
        result = self.run(*args, check=check)
        data: dict[str, Any] = json.loads(result.stdout) if result.returncode == 0 and result.stdout.strip() else {}
        return data

    def resources(self, type_suffix: str = "") -> list[dict[str, Any]]:
        """The resources of the exported state whose type ends with ``type_suffix``."""
        deployment = self.export().get("deployment", {})
        return [r for r in deployment.get("resources", []) or [] if str(r.get("type", "")).endswith(type_suffix)]


#: ``make_stack(template, name="test", config=None, secrets=None, env=None) -> Stack`` (the fixture).
MakeStack = Callable[..., Stack]
#: ``oauth_stack(template="tokens", **config) -> Stack`` (the fixture): a stack wired to the test's emulator.
OAuthStack = Callable[..., Stack]


def new_stack(
    template: Path | str,
    workdir: Path,
    env: Mapping[str, str],
    name: str = "test",
    config: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
) -> Stack:
    """Copy ``template`` to ``workdir``, ``stack init`` it and set its config."""
    copy_program(template, workdir)
    stack = Stack(workdir, name, env)
    stack.init()
    for key, value in (config or {}).items():
        stack.config_set(key, value)
    for key, value in (secrets or {}).items():
        stack.config_set(key, value, secret=True)
    return stack


def package_command(stack: Stack, module: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run this checkout's ``python -m pulumi_openapi_oauth.<module> --stack S`` in the stack's directory
    and environment (``drift`` is ``openapi-oauth-drift``, ``recover`` is ``openapi-oauth-recover``)."""
    return subprocess.run(
        [sys.executable, "-m", f"pulumi_openapi_oauth.{module}", "--stack", stack.name, *args],
        cwd=stack.workdir,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def drift_report(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    """``openapi-oauth-drift`` on the stack (exit 0 no drift, 1 drift, 2 failed)."""
    return package_command(stack, "drift", "--cwd", str(stack.workdir), *args)


def both(result: subprocess.CompletedProcess[str]) -> str:
    """stdout and stderr of a finished command, for assertions on either."""
    return (result.stdout or "") + (result.stderr or "")


def destroy_leftovers(stack: Stack) -> None:
    """Destroy whatever a (failed) test left deployed in ``stack``; a stack whose state cannot be
    read any more (never created, backend gone) is left alone."""
    try:
        resources = stack.resources()
    except (PulumiCommandError, ValueError, OSError):
        return
    live = [
        r
        for r in resources
        if r.get("type") != "pulumi:pulumi:Stack" and not str(r.get("type")).startswith("pulumi:providers:")
    ]
    if live:
        stack.destroy(check=False)


# -- the native provider (pulumi-resource-openapi-oauth) and other language hosts ---------------------

#: The plugin the CLI starts for ``openapi-oauth:*`` resources: the package's console script.
NATIVE_PLUGIN = "pulumi-resource-openapi-oauth"


def language_host_dirs(*languages: str, timeout: float = 1800.0) -> list[Path]:
    """The directories of ``pulumi-language-<language>`` (``yaml``, ``nodejs``), built or cached by
    ``scripts/pulumi-cli``, which prints them before the CLI's own directory."""
    proc = subprocess.run(
        [str(CLI_SCRIPT), *languages], capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT, check=False
    )
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or len(lines) < len(languages) + 1:
        raise PulumiCliUnavailable(f"{CLI_SCRIPT} {' '.join(languages)} gave no language hosts\n{describe(proc)}")
    dirs = [Path(line) for line in lines[: len(languages)]]
    for language, folder in zip(languages, dirs, strict=True):
        if not os.access(folder / f"pulumi-language-{language}", os.X_OK):
            raise PulumiCliUnavailable(f"{folder} has no executable pulumi-language-{language}\n{describe(proc)}")
    return dirs


def native_env(env: Mapping[str, str], *languages: str) -> dict[str, str]:
    """``env`` with the language hosts and the plugin (this interpreter's bin, where pip puts the
    console script) first on PATH; raises if the plugin is not installed there."""
    plugin_dir = Path(sys.executable).parent
    if not os.access(plugin_dir / NATIVE_PLUGIN, os.X_OK):
        raise FileNotFoundError(
            f"{plugin_dir / NATIVE_PLUGIN} is missing: reinstall the package (`pip install -e .`) to get its console script"
        )
    path = [*map(str, language_host_dirs(*languages)), str(plugin_dir), env.get("PATH", "")]
    return {**env, "PATH": os.pathsep.join(path)}
