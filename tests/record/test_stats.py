"""Speaking-time statistics: turns and time next to hands, by group."""

from __future__ import annotations

import pytest

from floor.domain import commands as c
from floor.domain.model import Attendance, Meeting
from floor.record.stats import NO_REGION, TOP_ORGANIZATIONS, fold
from tests.record.conftest import MINUTE, SECOND, T0, Driver


def test_an_empty_meeting_has_all_groups_at_zero(reference: Meeting) -> None:
    stats = fold(reference)
    assert (stats.turns, stats.hands, stats.time, stats.speakers) == (0, 0, 0, 0)
    assert [g.label for g in stats.by_region.groups] == list(reference.regions)
    assert [g.key for g in stats.by_attendance.groups] == ["room", "remote", "phone"]
    assert all(g.turn_share == 0.0 for g in stats.by_region.groups)


@pytest.fixture
def discussed(welcome: Driver) -> Driver:
    """Ana (Asia, remote) speaks twice, Kofi (Africa, room) once; Lea (Europe, phone)
    raises a hand and lowers it; a phone caller added by the chair waits."""
    at = T0 + 18 * MINUTE
    welcome.join("ana", at, region="Asia", organization="MFA", attendance=Attendance.REMOTE)
    welcome.join("kofi", at, region="Africa", organization="ICMC")
    welcome.join("lea", at, region="Europe", organization="mfa", attendance=Attendance.PHONE)
    welcome.hand("ana", at).hand("kofi", at + SECOND).hand("lea", at + 2 * SECOND)
    welcome.turn(at + 10 * SECOND, 60).lower("lea", at + 80 * SECOND)
    welcome.turn(at + 2 * MINUTE, 30)
    welcome.hand("ana", at + 3 * MINUTE).turn(at + 4 * MINUTE, 90)
    welcome.chair(c.AddSpeaker(name="Caller", attendance=Attendance.PHONE), at + 5 * MINUTE)
    return welcome


def test_totals_and_hands_heard(discussed: Driver) -> None:
    stats = fold(discussed.meeting)
    assert stats.turns == 3
    assert stats.time == 180 * SECOND
    assert stats.hands == 5  # ana twice, kofi, lea, and the caller the chair added
    assert stats.heard == 3
    assert stats.speakers == 2


def test_by_region_with_a_group_for_no_region(discussed: Driver) -> None:
    by_region = fold(discussed.meeting).by_region
    asia, africa = by_region.group("Asia"), by_region.group("Africa")
    assert (asia.turns, asia.time, asia.hands, asia.heard) == (2, 150 * SECOND, 2, 2)
    assert (africa.turns, africa.time, africa.hands) == (1, 30 * SECOND, 1)
    assert asia.turn_share == pytest.approx(2 / 3)
    assert asia.time_share == pytest.approx(150 / 180)
    assert asia.hand_share == pytest.approx(2 / 5)
    europe = by_region.group("Europe")
    assert (europe.turns, europe.hands, europe.heard) == (0, 1, 0)
    assert by_region.group("").label == NO_REGION  # the chair's phone caller
    assert sum(g.hand_share for g in by_region.groups) == pytest.approx(1.0)


def test_by_attendance_and_side(discussed: Driver) -> None:
    stats = fold(discussed.meeting)
    phone = stats.by_attendance.group("phone")
    assert (phone.turns, phone.hands) == (0, 2)
    remote = stats.by_side.group("remote")
    assert remote.turn_share == pytest.approx(2 / 3)
    assert remote.hand_share == pytest.approx(4 / 5)


def test_first_time_and_repeat(discussed: Driver) -> None:
    experience = fold(discussed.meeting).by_experience
    first, repeat = experience.group("first"), experience.group("repeat")
    assert (first.turns, repeat.turns) == (2, 1)
    assert repeat.time == 90 * SECOND
    # Ana's second hand came after she had spoken: a repeat hand.
    assert (first.hands, repeat.hands) == (4, 1)


def test_organizations_merge_by_name_regardless_of_case(discussed: Driver) -> None:
    by_org = fold(discussed.meeting).by_organization
    mfa = by_org.group("mfa")
    assert mfa.label == "MFA" and mfa.hands == 3 and mfa.turns == 2


def test_organizations_beyond_the_top_are_grouped(welcome: Driver) -> None:
    at = T0 + 18 * MINUTE
    for n in range(TOP_ORGANIZATIONS + 3):
        welcome.join(f"p{n}", at, organization=f"Org {n:02d}").hand(f"p{n}", at)
        welcome.turn(at + SECOND, 100 - n)
        at += 2 * MINUTE
    groups = fold(welcome.meeting).by_organization.groups
    assert len(groups) == TOP_ORGANIZATIONS + 1
    assert groups[0].label == "Org 00"  # the most speaking time first
    assert groups[-1].label == "3 other organizations"
    assert groups[-1].turns == 3
