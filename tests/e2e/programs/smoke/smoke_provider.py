"""A dynamic provider for the harness smoke test: records in a JSON file, every call logged.

Importable (not ``__main__``), so dill pickles the provider by reference. ``configure`` reads the
stack config: ``smoke:storePath`` (the JSON file standing in for a remote API), ``smoke:greeting``
(echoed into outputs to prove configure ran) and ``smoke:readInputs`` (``read`` also returns inputs).
Each call appends a JSON line to ``<storePath>.log``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

import pulumi
from pulumi.dynamic import (
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

_LOCK = threading.Lock()


class RecordProvider(ResourceProvider):
    store: str = ""
    greeting: str | None = None
    read_inputs: bool = False

    def configure(self, req: ConfigureRequest) -> None:
        self.store = req.config.require("smoke:storePath")
        self.greeting = req.config.get("smoke:greeting")
        self.read_inputs = req.config.get("smoke:readInputs") == "true"
        self._log("configure", keys=sorted(req.config._props))

    # -- helpers ----------------------------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        try:
            with open(self.store) as f:
                data: dict[str, Any] = json.load(f)
                return data
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, Any]) -> None:
        with open(self.store, "w") as f:
            json.dump(data, f)

    def _log(self, op: str, **fields: Any) -> None:
        with _LOCK, open(self.store + ".log", "a") as f:
            f.write(json.dumps({"op": op, "t": time.time(), "pid": os.getpid(), **fields}) + "\n")

    def _outs(self, key: str, value: str) -> dict[str, Any]:
        return {"key": key, "value": value, "greeting": self.greeting}

    # -- CRUD -------------------------------------------------------------------------------------
    def create(self, props: dict[str, Any]) -> CreateResult:
        with _LOCK:
            data = self._load()
            data[props["key"]] = {"value": props["value"]}
            self._save(data)
        self._log("create", id=props["key"])
        return CreateResult(props["key"], self._outs(props["key"], props["value"]))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        record = self._load().get(id_)
        self._log("read", id=id_, found=record is not None)
        if record is None:
            return ReadResult("", {})
        outs = {**self._outs(id_, record["value"]), "greeting": props.get("greeting")}
        if self.read_inputs:
            return ReadResult(id_, outs, inputs={"key": id_, "value": record["value"]})
        return ReadResult(id_, outs)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = ["key"] if olds.get("key") != news.get("key") else []
        changed = bool(replaces) or olds.get("value") != news.get("value")
        self._log("diff", id=id_, changed=changed, replaces=replaces)
        return DiffResult(changes=changed, replaces=replaces, delete_before_replace=False)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        with _LOCK:
            data = self._load()
            data[id_] = {"value": news["value"]}
            self._save(data)
        self._log("update", id=id_)
        return UpdateResult(self._outs(id_, news["value"]))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        with _LOCK:
            data = self._load()
            data.pop(id_, None)
            self._save(data)
        self._log("delete", id=id_)


class Record(Resource, module="smoke", name="Record"):
    """Type ``pulumi-python:dynamic/smoke:Record``."""

    key: pulumi.Output[str]
    value: pulumi.Output[str]
    greeting: pulumi.Output[str]

    def __init__(self, name: str, key: str, value: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(RecordProvider(), name, {"key": key, "value": value, "greeting": None}, opts)
