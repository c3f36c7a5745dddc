"""The benchmark at N=50, so that it cannot rot: every scenario runs end to end.

Timings are not asserted (they belong to `python -m bench` on a quiet
machine); what a user of the figures relies on is: every page received every
update, no hand was lost, every page got its state back after reconnecting.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.__main__ import SMOKE, redis_ready, run, table


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return run(SMOKE)


def test_every_page_receives_every_chair_action(results: dict[str, Any]) -> None:
    latency = results["latency_50"]
    names = ["floor", "baseline"] + (["floor-redis"] if redis_ready() else [])
    assert sorted(latency) == sorted(names)
    for name in names:
        assert latency[name]["rounds"] == SMOKE.rounds_for(50), name
        assert latency[name]["stalled"] == 0, name
        assert latency[name]["pages_missing_last"] == 0, name
        assert latency[name]["cpu_us_per_frame"] is not None, name


def test_the_baseline_sends_a_fragment_of_floors_real_size(results: dict[str, Any]) -> None:
    assert results["fragment_bytes"] > 200  # the banner, the current item, the queue


def test_a_burst_of_hands_loses_none_and_every_page_converges(results: dict[str, Any]) -> None:
    burst = results["burst"]["floor"]
    assert burst["lost"] == 0
    assert burst["refused"] == 0
    assert burst["acknowledged"] == SMOKE.hands
    assert burst["converged_pages"] == SMOKE.watchers
    assert not burst["timed_out"]


def test_idle_pages_each_got_the_state_with_and_without_deflate(results: dict[str, Any]) -> None:
    for key, negotiated in (("idle", 0), ("idle_deflate", SMOKE.idle_n)):
        for name in ("floor", "baseline"):
            assert results[key][name]["pages_with_state"] == SMOKE.idle_n, (key, name)
            assert results[key][name]["deflate_negotiated"] == negotiated, (key, name)


def test_after_a_reconnect_storm_every_page_has_the_full_state(results: dict[str, Any]) -> None:
    for name in ("floor", "baseline"):
        assert results["storm_50"][name]["pages_with_state"] == 50, name


def test_presence_churn_loses_no_round_and_reconnects_pages(results: dict[str, Any]) -> None:
    churn = results["churn"]["floor"]
    assert churn["stalled"] == 0
    assert churn["quiet"]["rounds"] == churn["churn"]["rounds"] == SMOKE.churn_rounds // 2
    assert churn["churning_pages"] >= 1


def test_pages_that_stop_reading_do_not_stop_the_others(results: dict[str, Any]) -> None:
    slow = results["slow"]["floor"]
    for phase in ("before", "after", "later"):
        assert slow[phase]["rounds"] == SMOKE.slow_rounds, phase
        assert slow[phase]["stalled"] == 0, phase


def test_the_table_has_a_row_for_every_scenario(results: dict[str, Any]) -> None:
    text = table(results, SMOKE)
    for words in ("last of 50 pages, p99", "CPU per delivered frame", "hands lost",
                  "idle connection", "reconnect storm", "presence churn", "slow consumers",
                  "Redis"):
        assert words in text


def test_pages_over_six_languages_each_receive_every_chair_action(
    results: dict[str, Any],
) -> None:
    languages = results["languages"]
    assert sorted(languages) == ["one language", "six languages"]
    for name, figures in languages.items():
        assert figures["rounds"] == SMOKE.rounds_for(SMOKE.languages_n), name
        assert figures["stalled"] == 0, name
        assert figures["pages_missing_last"] == 0, name
