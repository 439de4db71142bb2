"""Seeded probabilistic fault rules (``probability`` / ``seed`` / ``max_streak``) are deterministic."""

from __future__ import annotations

import pytest

from pulumi_openapi_oauth.emulator.faults import FaultRule, FaultState


def _run(order: list[int], seed: int = 7) -> dict[tuple[int, int], bool]:
    state = FaultState()
    rule = {"method": "POST", "path": "/tokens", "status": 503, "times": None, "probability": 0.3, "seed": seed}
    state.set_rules([FaultRule.from_json(rule)])
    seen: dict[int, int] = {}
    out = {}
    for i in order:
        n = seen.get(i, 0)
        seen[i] = n + 1
        out[(i, n)] = state.take("POST", "/tokens", "/tokens", f'{{"name": "t{i}"}}'.encode()) is not None
    return out


def test_same_requests_fail_whatever_the_order() -> None:
    forward = _run([i for i in range(200) for _ in range(2)])
    shuffled = _run([i for _ in range(2) for i in reversed(range(200))])
    assert forward == shuffled
    share = sum(forward.values()) / len(forward)
    assert 0.2 < share < 0.4
    assert _run(list(range(200)), seed=8) != _run(list(range(200)), seed=7)


def test_max_streak_caps_consecutive_faults_of_one_request() -> None:
    state = FaultState()
    state.set_rules([FaultRule.from_json({"path": "/tokens", "status": 503, "times": None, "max_streak": 2})])
    fired = [state.take("POST", "/tokens", "/tokens", b"{}") is not None for _ in range(6)]
    assert fired == [True, True, False, True, True, False]


def test_unfired_rule_falls_through_and_times_counts_firings() -> None:
    state = FaultState()
    state.set_rules(
        [
            FaultRule.from_json({"path": "/tokens", "status": 503, "times": 1, "probability": 0.0}),
            FaultRule.from_json({"path": "/tokens", "status": 429, "times": 1}),
        ]
    )
    rule = state.take("POST", "/tokens", "/tokens", b"{}")
    assert rule is not None and rule.status == 429
    assert [r["status"] for r in state.rules()] == [503]


@pytest.mark.parametrize(
    "bad",
    [
        {"probability": 1.5},
        {"probability": -0.1},
        {"probability": True},
        {"probability": "0.3"},
        {"seed": "x"},
        {"seed": 1.5},
        {"max_streak": 0},
        {"max_streak": True},
    ],
)
def test_bad_probability_fields_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FaultRule.from_json({"path": "/tokens", "status": 503, **bad})
