"""openapi-oauth-recover's selection: only orphans of interrupted creates, never a managed token."""

from __future__ import annotations

from pathlib import Path

import httpx

from pulumi_openapi_oauth import TOKEN_TYPE, OAuthClient, fingerprint
from pulumi_openapi_oauth._constants import NATIVE_TOKEN_TYPE
from pulumi_openapi_oauth.recover import interrupted_creates, orphans, planned_creates, repair_file_backend

A, B, C, D = ("a" * 24, "b" * 24, "c" * 24, "d" * 24)
SCOPE = "GET:company.openapi.com/IT-start"


def pending(name: str, scopes: list[str], type_: str = TOKEN_TYPE, op: str = "creating") -> dict[str, object]:
    return {"type": op, "resource": {"type": type_, "urn": f"urn::{name}", "inputs": {"name": name, "scopes": scopes}}}


DEPLOYMENT = {
    "resources": [{"type": TOKEN_TYPE, "id": fingerprint(A)}, {"type": NATIVE_TOKEN_TYPE, "id": fingerprint(C)}],
    "pending_operations": [
        pending("tok-1-aaaa", [SCOPE]),
        pending("tok-2-bbbb", [SCOPE]),
        pending("tok-3-cccc", [SCOPE], op="updating"),
        pending("other", [SCOPE], type_="pulumi-python:dynamic:Other"),
        pending("yaml-4-dddd", [SCOPE], type_=NATIVE_TOKEN_TYPE),  # the native provider's Token
    ],
}


def test_interrupted_creates_are_token_creates_only() -> None:
    assert interrupted_creates(DEPLOYMENT) == [
        ("tok-1-aaaa", frozenset({SCOPE})),
        ("tok-2-bbbb", frozenset({SCOPE})),
        ("yaml-4-dddd", frozenset({SCOPE})),
    ]
    assert interrupted_creates({}) == []


def test_orphans_match_name_and_scopes_and_spare_managed_tokens() -> None:
    live = [
        {"token": A, "name": "tok-1-aaaa", "scopes": [SCOPE]},  # same name but managed: kept
        {"token": B, "name": "tok-1-aaaa", "scopes": [SCOPE]},  # the orphan
        {"token": C, "name": "tok-2-bbbb", "scopes": ["POST:sms.openapi.com/send"]},  # other scopes
        {"token": D, "name": "tok-3-cccc", "scopes": [SCOPE]},  # pending update, not create
        {"token": C, "name": "yaml-4-dddd", "scopes": [SCOPE]},  # managed by the native Token: kept
        {"token": D, "name": "yaml-4-dddd", "scopes": [SCOPE]},  # the native Token's orphan
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"success": True, "data": live if request.url.params["skip"] == "0" else []})

    client = OAuthClient(base_url="http://x", email="e", api_key="k", transport=httpx.MockTransport(answer))
    assert orphans(DEPLOYMENT, client) == [("tok-1-aaaa", B), ("yaml-4-dddd", D)]
    # A create that failed late left no pending operation; the preview's planned create names it.
    assert orphans({"resources": DEPLOYMENT["resources"]}, client, [("tok-3-cccc", frozenset({SCOPE}))]) == [
        ("tok-3-cccc", D)
    ]


def test_planned_creates_are_the_token_creates_of_a_preview() -> None:
    def step(op: str, name: str, type_: str = TOKEN_TYPE) -> dict[str, object]:
        return {"op": op, "newState": {"type": type_, "inputs": {"name": name, "scopes": [SCOPE]}}}

    preview = {
        "steps": [
            step("create", "a-1"),
            step("create-replacement", "b-2"),
            step("update", "c-3"),
            step("create", "d-4", "pulumi:pulumi:Stack"),
            step("create", "e-5", NATIVE_TOKEN_TYPE),
        ]
    }
    assert planned_creates(preview) == [
        ("a-1", frozenset({SCOPE})),
        ("b-2", frozenset({SCOPE})),
        ("e-5", frozenset({SCOPE})),
    ]
    assert planned_creates({}) == []


def test_repair_removes_only_the_debris_of_a_killed_write(tmp_path: Path) -> None:
    stacks = tmp_path / ".pulumi" / "stacks" / "proj"
    stacks.mkdir(parents=True)
    (stacks / "dev.json").write_text("{}")
    (stacks / "dev.json.attrs").write_text("")  # torn sidecar
    (stacks / "dev.json.bak.attrs").write_text('{"user.cache_control": ""}')
    (stacks / "dev.json.18ec53a3d3654795.tmp").write_text("{")
    removed = repair_file_backend(tmp_path.as_uri())
    assert removed == ["proj/dev.json.18ec53a3d3654795.tmp", "proj/dev.json.attrs"]
    assert sorted(p.name for p in stacks.iterdir()) == ["dev.json", "dev.json.bak.attrs"]
    assert repair_file_backend("s3://bucket") == []
    assert repair_file_backend((tmp_path / "none").as_uri()) == []
