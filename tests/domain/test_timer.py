"""The countdown: remaining time derived from explicit epoch-ms instants."""

from __future__ import annotations

from floor.domain.timer import Level, Timer, new_timer, thresholds_for

SECOND = 1_000
MINUTE = 60 * SECOND
T0 = 1_492_452_000_000


def two_minutes() -> Timer:
    return Timer(duration=2 * MINUTE, warning=30 * SECOND, danger=10 * SECOND)


def test_a_new_timer_is_paused_and_full():
    timer = two_minutes()
    assert not timer.running
    assert timer.remaining(T0) == 2 * MINUTE
    assert timer.remaining(T0 + 10 * MINUTE) == 2 * MINUTE


def test_a_running_timer_counts_down_with_the_clock():
    timer = two_minutes().start(T0)
    assert timer.running
    assert timer.elapsed(T0 + 45 * SECOND) == 45 * SECOND
    assert timer.remaining(T0 + 45 * SECOND) == 75 * SECOND


def test_a_pause_freezes_the_remaining_time():
    timer = two_minutes().start(T0).pause(T0 + 30 * SECOND)
    assert not timer.running
    assert timer.remaining(T0 + 30 * SECOND) == 90 * SECOND
    assert timer.remaining(T0 + 10 * MINUTE) == 90 * SECOND


def test_resuming_continues_from_where_it_was_paused():
    timer = two_minutes().start(T0).pause(T0 + 30 * SECOND).start(T0 + 5 * MINUTE)
    assert timer.remaining(T0 + 5 * MINUTE + 20 * SECOND) == 70 * SECOND


def test_several_pauses_add_up_only_the_running_stretches():
    timer = (
        two_minutes()
        .start(T0)
        .pause(T0 + 10 * SECOND)
        .start(T0 + 20 * SECOND)
        .pause(T0 + 35 * SECOND)
        .start(T0 + MINUTE)
    )
    assert timer.elapsed(T0 + MINUTE + 5 * SECOND) == 30 * SECOND


def test_starting_a_running_timer_changes_nothing():
    timer = two_minutes().start(T0)
    assert timer.start(T0 + 30 * SECOND) == timer


def test_pausing_a_paused_timer_changes_nothing():
    timer = two_minutes().start(T0).pause(T0 + 30 * SECOND)
    assert timer.pause(T0 + MINUTE) == timer


def test_a_clock_reading_before_the_start_counts_as_no_time():
    timer = two_minutes().start(T0)
    assert timer.remaining(T0 - 5 * SECOND) == 2 * MINUTE


def test_added_time_extends_a_running_timer():
    timer = two_minutes().start(T0).adjust(+60 * SECOND)
    assert timer.remaining(T0 + 90 * SECOND) == 90 * SECOND


def test_taken_away_time_shortens_a_running_timer():
    timer = two_minutes().start(T0).adjust(-30 * SECOND)
    assert timer.remaining(T0 + 60 * SECOND) == 30 * SECOND


def test_taking_away_more_than_the_duration_stops_at_zero_duration():
    timer = two_minutes().adjust(-10 * MINUTE)
    assert timer.duration == 0
    assert timer.remaining(T0) == 0


def test_reset_gives_a_full_paused_timer():
    timer = two_minutes().start(T0).reset()
    assert not timer.running
    assert timer.elapsed(T0 + 10 * MINUTE) == 0
    assert timer.remaining(T0 + 10 * MINUTE) == 2 * MINUTE


def test_reset_can_set_a_new_duration():
    timer = two_minutes().start(T0).reset(5 * MINUTE)
    assert timer.remaining(T0 + MINUTE) == 5 * MINUTE


def test_overtime_is_negative_remaining_time():
    timer = two_minutes().start(T0)
    assert timer.remaining(T0 + 2 * MINUTE + 15 * SECOND) == -15 * SECOND


def test_level_is_normal_with_plenty_of_time_left():
    assert two_minutes().start(T0).level(T0 + 89 * SECOND) is Level.NORMAL


def test_level_turns_to_warning_at_the_warning_point():
    timer = two_minutes().start(T0)
    assert timer.level(T0 + 90 * SECOND) is Level.WARNING  # 30 s left
    assert timer.level(T0 + 109 * SECOND) is Level.WARNING  # 11 s left


def test_level_turns_to_danger_at_the_danger_point():
    timer = two_minutes().start(T0)
    assert timer.level(T0 + 110 * SECOND) is Level.DANGER  # 10 s left


def test_level_is_still_danger_at_exactly_zero():
    assert two_minutes().start(T0).level(T0 + 2 * MINUTE) is Level.DANGER


def test_level_is_overtime_once_past_zero():
    assert two_minutes().start(T0).level(T0 + 2 * MINUTE + 1) is Level.OVERTIME


def test_a_timer_with_all_time_taken_away_is_overtime_as_soon_as_it_runs():
    timer = two_minutes().adjust(-2 * MINUTE).start(T0)
    assert timer.level(T0 + SECOND) is Level.OVERTIME


def test_thresholds_for_a_45_minute_item_warn_at_5_minutes_and_1_minute():
    assert thresholds_for(45 * MINUTE) == (5 * MINUTE, MINUTE)


def test_thresholds_for_a_2_minute_turn_warn_at_30_seconds():
    assert thresholds_for(2 * MINUTE) == (30 * SECOND, 12 * SECOND)


def test_thresholds_for_a_short_turn_keep_a_minimum_warning():
    assert thresholds_for(30 * SECOND) == (10 * SECOND, 5 * SECOND)


def test_new_timer_is_paused_with_thresholds_that_suit_its_length():
    timer = new_timer(15 * MINUTE)
    assert timer == Timer(duration=15 * MINUTE, warning=225 * SECOND, danger=MINUTE)
