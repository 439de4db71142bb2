"""The stack tags the rules see: stored tags, ``pulumi:project`` and the ``pulumi:tags`` config merged
as the CLI merges them (a DIY backend's engine sends only the stored ones)."""

from __future__ import annotations

import json

from pulumi_openapi_oauth.policy._stack_tags import merged_stack_tags


def test_config_tags_and_project_are_added_and_win_over_stored_tags() -> None:
    config = {"pulumi:tags": json.dumps({"env": "production", "team": "payments"}), "tokens:count": "3"}
    merged = merged_stack_tags({"env": "staging", "owner": "ops"}, "tokens", config)
    assert merged == {"env": "production", "team": "payments", "owner": "ops", "pulumi:project": "tokens"}


def test_without_config_tags_the_stored_tags_stay() -> None:
    assert merged_stack_tags({"env": "production"}, "", {}) == {"env": "production"}


def test_malformed_or_non_string_config_tags_are_ignored() -> None:
    assert merged_stack_tags({}, "p", {"pulumi:tags": "not json"}) == {"pulumi:project": "p"}
    assert merged_stack_tags({}, "p", {"pulumi:tags": '["env"]'}) == {"pulumi:project": "p"}
    assert merged_stack_tags({}, "p", {"pulumi:tags": '{"env": 1, "tier": "gold"}'}) == {
        "pulumi:project": "p",
        "tier": "gold",
    }
