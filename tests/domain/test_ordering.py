"""Who speaks next, and the reason shown next to each name."""

from __future__ import annotations

from floor.domain import commands as c
from floor.domain.model import Attendance, Hand, HandKind, Participant, Policy
from floor.domain.ordering import Context, context_for, order

SPEAK, REPLY, ORDER = HandKind.SPEAK, HandKind.REPLY, HandKind.ORDER
ROOM, REMOTE, PHONE = Attendance.ROOM, Attendance.REMOTE, Attendance.PHONE

PEOPLE = {
    p.id: p
    for p in (
        Participant(id="ana", name="Ana", region="Latin America", attendance=ROOM),
        Participant(id="kofi", name="Kofi", region="Africa", attendance=ROOM),
        Participant(id="amina", name="Amina", region="Africa", attendance=REMOTE),
        Participant(id="mei", name="Mei", region="Asia", attendance=PHONE),
        Participant(id="lars", name="Lars", region="Europe", attendance=ROOM),
        Participant(id="sam", name="Sam", region="", attendance=ROOM),
    )
}


def context(spoken: set[str] | None = None, last: str | None = None) -> Context:
    return Context(
        participants=PEOPLE,
        spoken=spoken or set(),
        last=PEOPLE.get(last) if last else None,
    )


def make_hands(*pids: str, kind: HandKind = SPEAK) -> list[Hand]:
    return [Hand(id=n, participant_id=pid, kind=kind) for n, pid in enumerate(pids, start=1)]


def ranked(hands: list[Hand], policy: Policy = Policy.FCFS, ctx: Context | None = None):
    return [(e.participant_id, e.reason) for e in order(hands, policy, ctx or context())]


# first come, first served ------------------------------------------------


def test_fcfs_lists_hands_in_the_order_they_were_raised():
    hands = make_hands("kofi", "mei", "ana")
    assert ranked(hands[::-1]) == [
        ("kofi", "in order of hands raised"),
        ("mei", "in order of hands raised"),
        ("ana", "in order of hands raised"),
    ]


def test_an_empty_queue_orders_to_nothing():
    assert order([], Policy.FIRST_TIME, context()) == ()


# precedence of kinds -----------------------------------------------------


def test_a_point_of_order_goes_ahead_of_earlier_hands():
    hands = [*make_hands("kofi", "mei"), Hand(id=3, participant_id="ana", kind=ORDER)]
    assert ranked(hands)[0] == ("ana", "point of order")


def test_a_direct_reply_goes_ahead_of_earlier_hands():
    hands = [*make_hands("kofi", "mei"), Hand(id=3, participant_id="ana", kind=REPLY)]
    assert ranked(hands)[0] == ("ana", "direct reply")


def test_a_pre_booked_intervention_goes_ahead_of_ordinary_hands():
    hands = [*make_hands("kofi"), Hand(id=2, participant_id="lars", booked=True)]
    assert ranked(hands) == [
        ("lars", "pre-booked intervention"),
        ("kofi", "in order of hands raised"),
    ]


def test_the_introductions_round_goes_ahead_of_ordinary_hands():
    hands = [*make_hands("kofi"), Hand(id=2, participant_id="lars", intro=True)]
    assert ranked(hands) == [
        ("lars", "introductions round"),
        ("kofi", "in order of hands raised"),
    ]


def test_precedence_is_order_then_reply_then_booked_then_introductions_then_policy():
    hands = [
        Hand(id=1, participant_id="sam"),
        Hand(id=2, participant_id="lars", intro=True),
        Hand(id=3, participant_id="mei", booked=True),
        Hand(id=4, participant_id="kofi", kind=REPLY),
        Hand(id=5, participant_id="ana", kind=ORDER),
    ]
    assert ranked(hands) == [
        ("ana", "point of order"),
        ("kofi", "direct reply"),
        ("mei", "pre-booked intervention"),
        ("lars", "introductions round"),
        ("sam", "in order of hands raised"),
    ]


def test_two_points_of_order_keep_the_order_they_were_raised_in():
    hands = [
        Hand(id=1, participant_id="kofi"),
        Hand(id=2, participant_id="mei", kind=ORDER),
        Hand(id=3, participant_id="ana", kind=ORDER),
    ]
    assert [pid for pid, _ in ranked(hands)] == ["mei", "ana", "kofi"]


# first-time speakers -----------------------------------------------------


def test_first_time_speakers_go_ahead_of_those_who_have_spoken():
    result = ranked(make_hands("kofi", "mei", "ana"), Policy.FIRST_TIME, context(spoken={"kofi"}))
    assert result == [
        ("mei", "first-time speaker"),
        ("ana", "first-time speaker"),
        ("kofi", "has spoken before; first-time speakers go ahead"),
    ]


def test_first_time_keeps_raise_order_among_those_who_have_spoken():
    result = ranked(make_hands("kofi", "mei"), Policy.FIRST_TIME, context(spoken={"kofi", "mei"}))
    assert [pid for pid, _ in result] == ["kofi", "mei"]


# balancing regions -------------------------------------------------------


def test_balance_regions_takes_the_next_hand_from_another_region():
    result = ranked(make_hands("kofi", "amina", "mei"), Policy.BALANCE_REGIONS)
    assert result == [
        ("kofi", "in order of hands raised"),
        ("mei", "Asia after Africa: balancing regions"),
        ("amina", "Africa after Asia: balancing regions"),
    ]


def test_balance_regions_looks_at_the_region_of_the_last_speaker():
    result = ranked(make_hands("kofi", "mei"), Policy.BALANCE_REGIONS, context(last="amina"))
    assert result[0] == ("mei", "Asia after Africa: balancing regions")


def test_balance_regions_says_so_when_only_one_region_is_waiting():
    result = ranked(make_hands("kofi", "amina"), Policy.BALANCE_REGIONS, context(last="kofi"))
    assert result == [
        ("kofi", "only Africa hands are waiting"),
        ("amina", "only Africa hands are waiting"),
    ]


def test_balance_regions_groups_people_without_a_region_as_no_region():
    result = ranked(make_hands("sam", "kofi"), Policy.BALANCE_REGIONS)
    assert result[1] == ("kofi", "Africa after no region: balancing regions")


# alternating room and remote --------------------------------------------


def test_alternate_takes_turns_between_room_and_remote():
    result = ranked(make_hands("kofi", "lars", "amina"), Policy.ALTERNATE)
    why = "turns in proportion to hands raised, room and remote"
    assert result == [
        ("kofi", f"in the room: {why}"),
        ("amina", f"remote: {why}"),
        ("lars", "only in the room hands are waiting"),
    ]


def test_alternate_counts_the_phone_line_as_remote():
    result = ranked(make_hands("mei", "amina", "lars"), Policy.ALTERNATE)
    assert [pid for pid, _ in result] == ["mei", "lars", "amina"]


def test_alternate_looks_at_the_side_of_the_last_speaker():
    result = ranked(make_hands("kofi", "amina"), Policy.ALTERNATE, context(last="lars"))
    assert result[0] == ("amina", "remote: turns in proportion to hands raised, room and remote")


def test_alternate_says_so_when_only_one_side_is_waiting():
    result = ranked(make_hands("amina", "mei"), Policy.ALTERNATE, context(last="amina"))
    assert result == [
        ("amina", "only remote hands are waiting"),
        ("mei", "only remote hands are waiting"),
    ]


# pinned hands ----------------------------------------------------------


def test_a_pinned_entry_keeps_its_place_and_the_rest_flow_around_it():
    hands = [
        Hand(id=3, participant_id="mei", pinned=True),
        Hand(id=1, participant_id="kofi"),
        Hand(id=2, participant_id="ana"),
    ]
    assert ranked(hands) == [
        ("mei", "moved here by the chair"),
        ("kofi", "in order of hands raised"),
        ("ana", "in order of hands raised"),
    ]


def test_a_pinned_entry_stays_put_even_ahead_of_a_point_of_order():
    hands = [
        Hand(id=1, participant_id="kofi", pinned=True),
        Hand(id=2, participant_id="ana", kind=ORDER),
    ]
    assert [pid for pid, _ in ranked(hands)] == ["kofi", "ana"]


def test_chair_move_pins_the_entry_where_it_was_placed(room):
    for pid in ("kofi", "mei", "ana"):
        room.join(pid)
        room.hand(pid)
    room.chair(c.MoveHand(hand_id=room.hand_of("ana").id, to=0))
    assert room.waiting() == ["ana", "kofi", "mei"]
    assert room.hand_of("ana").pinned
    assert room.reasons()[0] == "moved here by the chair"


def test_a_moved_entry_stays_where_placed_when_others_raise_hands(room):
    for pid in ("kofi", "mei", "ana"):
        room.join(pid)
        room.hand(pid)
    room.chair(c.MoveHand(hand_id=room.hand_of("kofi").id, to=1))
    room.join("lars")
    room.hand("lars", kind=ORDER)
    room.join("sam")
    room.hand("sam")
    assert room.waiting() == ["lars", "kofi", "mei", "ana", "sam"]


def test_moving_past_the_end_puts_the_entry_last(room):
    room.queue_up("ana", "kofi", "mei")
    room.chair(c.MoveHand(hand_id=room.hand_of("ana").id, to=50))
    assert room.waiting() == ["kofi", "mei", "ana"]


def test_a_moved_entry_is_not_reordered_by_a_change_of_policy(room):
    room.join("kofi")
    room.join("mei")
    room.hand("kofi")
    room.hand("mei")
    room.chair(c.MoveHand(hand_id=room.hand_of("mei").id, to=0))
    room.chair(c.SetPolicy(policy=Policy.BALANCE_REGIONS))
    assert room.waiting() == ["mei", "kofi"]


# context from the meeting ------------------------------------------------


def test_context_knows_who_spoke_last_on_the_item(room):
    room.join("kofi", region="Africa", attendance=REMOTE)
    room.hand("kofi")
    room.chair(c.CallNext())
    room.chair(c.FinishTurn())
    ctx = context_for(room.meeting, "i4")
    assert ctx.last is not None and (ctx.last.region, ctx.last.side) == ("Africa", "remote")
    assert ctx.spoken == {"kofi"}


def test_context_counts_the_current_speaker_as_last_and_as_spoken(room):
    room.join("mei", region="Asia", attendance=PHONE)
    room.hand("mei")
    room.chair(c.CallNext())
    ctx = context_for(room.meeting, "i4")
    assert ctx.last is not None and (ctx.last.region, ctx.last.side) == ("Asia", "remote")
    assert ctx.spoken == {"mei"}


def test_context_ignores_speakers_on_other_items(room):
    room.join("kofi", region="Africa")
    room.hand("kofi")
    room.chair(c.CallNext())
    room.chair(c.NextItem())
    ctx = context_for(room.meeting, "i5")
    assert ctx.last is None
    assert ctx.spoken == {"kofi"}


def test_balance_regions_after_a_speaker_without_a_region_prefers_another_region(room):
    # Bug: context_for reports the last region as "" while grouping uses "no region".
    room.chair(c.SetPolicy(policy=Policy.BALANCE_REGIONS))
    room.join("sam")
    room.hand("sam")
    room.chair(c.CallNext())
    room.join("bo")
    room.join("kofi", region="Africa")
    room.hand("bo")
    room.hand("kofi")
    assert room.waiting() == ["kofi", "bo"]
    assert room.reasons()[0] == "Africa after no region: balancing regions"
