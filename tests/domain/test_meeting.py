"""`apply`: every command, its effect on the meeting, and every refusal."""

from __future__ import annotations

from typing import get_args

import msgspec
import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from floor.domain.meeting import apply
from floor.domain.model import Attendance, HandKind, Meeting, Policy, Status, Turn
from floor.domain.timer import Level

SECOND = 1_000
MINUTE = 60 * SECOND
T0 = 1_492_452_000_000
CHAIR = c.Actor(c.Role.CHAIR)
SCREEN = c.Actor(c.Role.SCREEN)


def person(pid: str | None) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, pid)


def refused(meeting: Meeting, command: c.Command, actor: c.Actor = CHAIR) -> str:
    with pytest.raises(DomainError) as caught:
        apply(meeting, command, actor, T0 + 99 * MINUTE)
    return caught.value.code


PARTICIPANT_COMMANDS = [c.Register(name="Ana"), c.RaiseHand(), c.LowerHand(), c.Back()]
CHAIR_COMMANDS = [
    c.StartMeeting(), c.EndMeeting(), c.ReopenMeeting(), c.SetThanks(text="Thank you"),
    c.GotoItem(item_id="i2"), c.NextItem(), c.PrevItem(),
    c.TimerControl(timer="item", action="pause"), c.SetListOpen(open=False), c.CallNext(),
    c.CallHand(hand_id=1), c.FinishTurn(), c.MoveHand(hand_id=1, to=0),
    c.RemoveHand(hand_id=1), c.SetPolicy(policy=Policy.FIRST_TIME),
    c.SetSpeakerLimit(seconds=60), c.ShowMessage(text="Break"), c.AddSpeaker(name="Caller"),
    c.StartIntroductions(), c.Highlight(text=""), c.AddItem(title="Break"),
    c.EditItem(item_id="i2", title="Welcome", duration=10), c.MoveItem(item_id="i2", to=0),
    c.RemoveItem(item_id="i7"), c.AddNote(text="Agreed"), c.RemoveNote(note_id=1),
    c.AddAction(what="Share the concept note"), c.RemoveAction(action_id=1),
    c.EditNote(note_id=1, text="Agreed."), c.EditAction(action_id=1, what="Share it"),
    c.PutBack(), c.DeferTurn(), c.WithdrawSpeaker(), c.SetHandKind(hand_id=1, kind=HandKind.SPEAK),
    c.ClearList(), c.EndQuestion(),
    c.SetKindLimits(reply=60, order=60, right_of_reply=120, question=30),
    c.SetCategory(participant_id="ana", category=""),
    c.SetPresent(participant_id="ana", present=True), c.StopIntroductions(),
    c.Nudge(what="wrap_up"), c.SetBudget(group="Africa", seconds=300),
    c.RemoveHands(hand_ids=(1,)), c.BlockParticipant(participant_id="ana"),
    c.SetClosedPoints(allowed=False),
]  # fmt: skip


def ids(command: c.Command) -> str:
    return type(command).__name__


# authorization -----------------------------------------------------------


def test_the_authorization_tests_cover_every_command_type():
    listed = {type(command) for command in CHAIR_COMMANDS + PARTICIPANT_COMMANDS}
    assert listed == set(get_args(c.AnyCommand))


@pytest.mark.parametrize("command", CHAIR_COMMANDS + PARTICIPANT_COMMANDS, ids=ids)
def test_the_room_screen_may_not_change_anything(started, command):
    assert refused(started, command, SCREEN) == "forbidden"


@pytest.mark.parametrize("command", CHAIR_COMMANDS, ids=ids)
def test_a_participant_may_not_use_chair_commands(started, command):
    assert refused(started, command, person("ana")) == "forbidden"


@pytest.mark.parametrize("command", PARTICIPANT_COMMANDS, ids=ids)
def test_the_chair_may_not_act_as_a_participant(started, command):
    assert refused(started, command, CHAIR) == "forbidden"


@pytest.mark.parametrize("command", PARTICIPANT_COMMANDS, ids=ids)
def test_a_participant_who_has_not_joined_is_refused(started, command):
    assert refused(started, command, person(None)) == "forbidden"


# refusals on the discussion item, with nobody registered or waiting --------

ANA = person("ana")
REFUSALS = {
    "goto-unknown-item": (c.GotoItem(item_id="i99"), CHAIR, "no_such_item"),
    "goto-current-item": (c.GotoItem(item_id="i4"), CHAIR, "same_item"),
    "speaker-clock-without-speaker": (
        c.TimerControl(timer="speaker", action="pause"), CHAIR, "no_current_speaker"),
    "finish-turn-without-speaker": (c.FinishTurn(), CHAIR, "no_current_speaker"),
    "call-next-on-empty-queue": (c.CallNext(), CHAIR, "queue_empty"),
    "call-unknown-hand": (c.CallHand(hand_id=999), CHAIR, "no_such_hand"),
    "move-unknown-hand": (c.MoveHand(hand_id=999, to=0), CHAIR, "no_such_hand"),
    "remove-unknown-hand": (c.RemoveHand(hand_id=999), CHAIR, "no_such_hand"),
    "add-speaker-unknown-region": (
        c.AddSpeaker(name="Caller", region="Atlantis"), CHAIR, "unknown_region"),
    "add-speaker-without-name": (c.AddSpeaker(name=""), CHAIR, "name_required"),
    "introductions-with-nobody-present": (c.StartIntroductions(), CHAIR, "nobody_present"),
    "register-unknown-region": (c.Register(name="Ana", region="Atlantis"), ANA, "unknown_region"),
    "register-without-name": (c.Register(name=""), ANA, "name_required"),
    "raise-hand-unregistered": (c.RaiseHand(), ANA, "not_registered"),
    "lower-hand-not-raised": (c.LowerHand(), ANA, "not_in_queue"),
}  # fmt: skip


@pytest.mark.parametrize(("command", "actor", "code"), REFUSALS.values(), ids=REFUSALS.keys())
def test_the_rules_refuse_an_illegal_command(room, command, actor, code):
    assert refused(room.meeting, command, actor) == code


# version and immutability ------------------------------------------------


def test_each_applied_command_raises_the_version_by_one(room):
    start = room.meeting.version
    steps = [room.join("ana").version, room.hand("ana").version, room.chair(c.CallNext()).version]
    assert steps == [start + 1, start + 2, start + 3]


UNCHANGED = {
    "has_floor": (c.RaiseHand(), person("ana")),
    "already_in_queue": (c.RaiseHand(), person("kofi")),
    "unknown_region": (c.AddSpeaker(name="Caller", region="Atlantis"), CHAIR),
    "no_such_hand": (c.CallHand(hand_id=999), CHAIR),
    "forbidden": (c.EndMeeting(), SCREEN),
}


@pytest.mark.parametrize(
    ("code", "command", "actor"), [(k, *v) for k, v in UNCHANGED.items()], ids=UNCHANGED.keys()
)
def test_a_refused_command_leaves_the_meeting_unchanged(room, code, command, actor):
    room.queue_up("ana", "kofi")
    meeting = room.chair(c.CallNext())
    snapshot = msgspec.json.encode(meeting)
    assert refused(meeting, command, actor) == code
    assert msgspec.json.encode(meeting) == snapshot
    assert meeting == msgspec.json.decode(snapshot, type=Meeting)


# start and end -----------------------------------------------------------


def test_starting_opens_the_first_item_and_starts_its_clock(reference):
    meeting, events = apply(reference, c.StartMeeting(), CHAIR, T0)
    assert (meeting.status, meeting.started_at, meeting.current) == (Status.RUNNING, T0, 0)
    assert meeting.item.title == "Entrance and Registration"
    assert meeting.item.started_at == T0
    assert meeting.item.timer.remaining(T0 + 5 * MINUTE) == 10 * MINUTE
    assert [e.kind for e in events] == ["meeting_started", "item_started"]


def test_a_meeting_cannot_start_twice(started):
    assert refused(started, c.StartMeeting()) == "already_started"


def test_a_meeting_without_items_cannot_start():
    assert refused(Meeting(slug="empty", title="Empty", items=()), c.StartMeeting()) == "no_items"


NEEDS_RUNNING = [c.EndMeeting(), c.NextItem(), c.CallNext(), c.SetSpeakerLimit(seconds=60)]


@pytest.mark.parametrize("command", NEEDS_RUNNING, ids=ids)
def test_running_commands_wait_until_the_meeting_starts(reference, command):
    assert refused(reference, command) == "not_started"


def test_raising_a_hand_waits_until_the_meeting_starts(draft):
    draft.join("ana")
    assert refused(draft.meeting, c.RaiseHand(), person("ana")) == "not_started"


def test_ending_records_the_last_turn_and_stops_the_item_clock(room):
    room.queue_up("ana")
    room.chair(c.CallNext(), at=T0 + 50 * MINUTE)
    meeting = room.chair(c.EndMeeting(), at=T0 + 52 * MINUTE)
    assert (meeting.status, meeting.ended_at) == (Status.ENDED, T0 + 52 * MINUTE)
    assert meeting.floor is None
    assert meeting.turns[-1].ended_at == T0 + 52 * MINUTE
    assert not meeting.item.timer.running
    assert meeting.item.ended_at == T0 + 52 * MINUTE
    assert room.events[-1].kind == "meeting_ended"


@pytest.mark.parametrize("command", NEEDS_RUNNING, ids=ids)
def test_an_ended_meeting_refuses_further_business(room, command):
    room.chair(c.EndMeeting())
    assert refused(room.meeting, command) == "ended"


# moving through the agenda -----------------------------------------------


def test_goto_pauses_the_item_left_and_starts_the_item_entered(started):
    meeting, _ = apply(started, c.GotoItem(item_id="i4"), CHAIR, T0 + 20 * MINUTE)
    left, entered = meeting.items[0], meeting.items[3]
    assert meeting.current == 3
    assert (left.timer.running, left.ended_at) == (False, T0 + 20 * MINUTE)
    assert left.timer.remaining(T0 + 90 * MINUTE) == -5 * MINUTE
    assert (entered.timer.running, entered.started_at) == (True, T0 + 20 * MINUTE)


def test_next_item_moves_to_the_following_item(started):
    meeting, _ = apply(started, c.NextItem(), CHAIR, T0 + 15 * MINUTE)
    assert meeting.item.title == "Welcome"


def test_next_item_on_the_last_item_is_refused(started):
    meeting, _ = apply(started, c.GotoItem(item_id="i7"), CHAIR, T0)
    assert refused(meeting, c.NextItem()) == "no_next_item"


def test_prev_item_moves_back_to_the_item_before(room):
    assert room.chair(c.PrevItem()).item.title == "Participant Introductions"


def test_prev_item_on_the_first_item_is_refused(started):
    assert refused(started, c.PrevItem()) == "no_previous_item"


def test_revisiting_an_item_keeps_its_first_start_and_its_elapsed_time(room):
    room.chair(c.NextItem(), at=T0 + 55 * MINUTE)
    item = room.chair(c.PrevItem(), at=T0 + 60 * MINUTE).item
    assert item.started_at == T0 + 45 * MINUTE
    assert item.ended_at is None
    assert item.timer.remaining(T0 + 60 * MINUTE) == 50 * MINUTE


def test_leaving_an_item_finishes_the_current_turn(room):
    room.queue_up("ana")
    room.chair(c.CallNext(), at=T0 + 50 * MINUTE)
    meeting = room.chair(c.NextItem(), at=T0 + 53 * MINUTE)
    assert meeting.floor is None
    ana = Turn("ana", "i4", HandKind.SPEAK, T0 + 50 * MINUTE, T0 + 53 * MINUTE)
    assert meeting.turns == (ana,)


# timers ------------------------------------------------------------------


def test_the_chair_pauses_and_resumes_the_item_clock(room):
    room.chair(c.TimerControl(timer="item", action="pause"), at=T0 + 50 * MINUTE)
    room.chair(c.TimerControl(timer="item", action="start"), at=T0 + 70 * MINUTE)
    assert room.item.timer.remaining(T0 + 80 * MINUTE) == 45 * MINUTE


def test_the_chair_adds_five_minutes_to_the_item(room):
    room.chair(c.TimerControl(timer="item", action="adjust", seconds=300))
    assert room.item.timer.remaining(T0 + 105 * MINUTE) == 5 * MINUTE


def test_the_chair_resets_the_item_clock(room):
    room.chair(c.TimerControl(timer="item", action="reset"), at=T0 + 70 * MINUTE)
    assert room.item.timer.remaining(T0 + 80 * MINUTE) == 60 * MINUTE
    assert room.events[0].data == {"timer": "item", "action": "reset", "seconds": 0}


def test_the_speaker_clock_starts_at_the_items_speaker_limit(room):
    room.queue_up("ana")
    floor = room.chair(c.CallNext(), at=T0 + 50 * MINUTE).floor
    assert floor.timer.remaining(T0 + 50 * MINUTE) == 120 * SECOND
    assert floor.timer.level(T0 + 50 * MINUTE + 95 * SECOND) is Level.WARNING
    assert floor.timer.level(T0 + 52 * MINUTE + SECOND) is Level.OVERTIME


def test_the_chair_takes_time_away_from_the_speaker(room):
    room.queue_up("ana")
    room.chair(c.CallNext(), at=T0 + 50 * MINUTE)
    floor = room.chair(c.TimerControl(timer="speaker", action="adjust", seconds=-30)).floor
    assert floor.timer.remaining(T0 + 51 * MINUTE) == 30 * SECOND


# the queue ---------------------------------------------------------------


def test_closing_the_queue_refuses_new_hands(room):
    room.join("ana")
    room.chair(c.SetListOpen(open=False))
    assert room.events[0].kind == "queue_closed"
    assert refused(room.meeting, c.RaiseHand(), person("ana")) == "queue_closed"


def test_a_point_of_order_is_taken_even_when_the_queue_is_closed(lobby):
    lobby.join("ana")
    lobby.hand("ana", kind=HandKind.ORDER)
    assert lobby.waiting() == ["ana"]


def test_call_next_gives_the_floor_to_the_first_in_line(room):
    room.queue_up("ana", "kofi")
    meeting = room.chair(c.CallNext(), at=T0 + 50 * MINUTE)
    assert meeting.floor.hand.participant_id == "ana"
    assert meeting.floor.started_at == T0 + 50 * MINUTE
    assert room.waiting() == ["kofi"]
    assert room.events[0].data == {"participant_id": "ana", "item_id": "i4"}


def test_calling_the_next_speaker_records_the_previous_turn(room):
    room.queue_up("ana", "kofi")
    room.chair(c.CallNext(), at=T0 + 50 * MINUTE)
    meeting = room.chair(c.CallNext(), at=T0 + 52 * MINUTE)
    assert meeting.turns[-1].participant_id == "ana"
    assert meeting.turns[-1].duration == 2 * MINUTE
    assert meeting.floor.hand.participant_id == "kofi"


def test_call_hand_lets_someone_jump_the_queue(room):
    room.queue_up("ana", "kofi")
    meeting = room.chair(c.CallHand(hand_id=room.hand_of("kofi").id))
    assert meeting.floor.hand.participant_id == "kofi"
    assert room.waiting() == ["ana"]


def test_finishing_a_turn_records_who_spoke_on_what_and_for_how_long(room):
    room.join("ana")
    room.hand("ana", kind=HandKind.REPLY)
    room.chair(c.CallNext(), at=T0 + 50 * MINUTE)
    meeting = room.chair(c.FinishTurn(), at=T0 + 51 * MINUTE + 30 * SECOND)
    turn = meeting.turns[-1]
    assert (turn.participant_id, turn.item_id, turn.kind) == ("ana", "i4", HandKind.REPLY)
    assert (turn.started_at, turn.ended_at) == (T0 + 50 * MINUTE, T0 + 51 * MINUTE + 30 * SECOND)
    assert turn.duration == 90 * SECOND
    assert meeting.floor is None
    assert room.events[0].kind == "turn_finished"


def test_the_chair_moves_a_hand_to_the_front(room):
    room.queue_up("ana", "kofi", "mei")
    room.chair(c.MoveHand(hand_id=room.hand_of("mei").id, to=0))
    assert room.waiting() == ["mei", "ana", "kofi"]
    assert room.events[0].data == {"hand_id": room.hand_of("mei").id, "to": 0}


def test_the_chair_removes_a_hand(room):
    room.queue_up("ana", "kofi")
    room.chair(c.RemoveHand(hand_id=room.hand_of("ana").id))
    assert room.waiting() == ["kofi"]
    assert room.events[0].data == {"participant_id": "ana"}


def test_setting_the_policy_reorders_the_waiting_hands(room):
    room.queue_up("kofi")
    room.chair(c.CallNext())
    room.chair(c.FinishTurn())
    room.queue_up("kofi", "ana", "mei")
    room.chair(c.SetPolicy(policy=Policy.FIRST_TIME))
    assert room.waiting() == ["ana", "mei", "kofi"]
    assert room.events[0].data == {"policy": "first_time"}


def test_the_policy_can_be_chosen_before_the_meeting_starts(draft):
    meeting = draft.chair(c.SetPolicy(policy=Policy.ALTERNATE))
    assert (meeting.policy, meeting.status) == (Policy.ALTERNATE, Status.DRAFT)


def test_a_new_speaker_limit_applies_to_the_next_speaker(room):
    room.queue_up("ana")
    room.chair(c.SetSpeakerLimit(seconds=60))
    floor = room.chair(c.CallNext(), at=T0 + 50 * MINUTE).floor
    assert room.item.speaker_limit == 60
    assert floor.timer.remaining(T0 + 50 * MINUTE) == MINUTE


def test_show_message_sets_and_clears_the_banner(room):
    assert room.chair(c.ShowMessage(text="Break until 4pm")).banner == "Break until 4pm"
    assert room.chair(c.ShowMessage(text="")).banner == ""


# the chair queues others -------------------------------------------------


def test_the_chair_queues_a_phone_caller_by_name(room):
    meeting = room.chair(c.AddSpeaker(name="Caller One", organization="MFA", region="Asia"))
    caller = meeting.participants[room.waiting()[0]]
    assert (caller.name, caller.organization, caller.region) == ("Caller One", "MFA", "Asia")
    assert (caller.attendance, caller.side) == (Attendance.PHONE, "remote")
    assert caller.added_by_chair
    assert room.events[0].data["by"] == "chair"


def test_the_chair_cannot_queue_a_speaker_while_the_queue_is_closed(lobby):
    assert refused(lobby.meeting, c.AddSpeaker(name="Caller")) == "queue_closed"


def test_introductions_queue_everyone_present_in_the_order_they_joined(room):
    room.join("mei", at=T0 + 46 * MINUTE)
    room.join("ana", at=T0 + 47 * MINUTE)
    room.join("kofi", at=T0 + 48 * MINUTE)
    room.chair(c.StartIntroductions(seconds=30))
    assert room.waiting() == ["mei", "ana", "kofi"]
    assert set(room.reasons()) == {"introductions round"}
    assert room.item.intro_round.seconds == 30
    assert room.item.speaker_limit == 120  # a speech's time on this item is unchanged
    assert room.events[0].data == {"queued": 3, "seconds": 30}


def test_introductions_skip_the_speaker_the_waiting_and_the_absent(room):
    room.queue_up("ana", "kofi")
    room.join("mei")
    room.chair(c.CallNext())
    room.chair(c.StartIntroductions())
    assert room.waiting() == ["mei", "kofi"]  # not ana (speaking), not b1-b4 (absent)
    assert not room.hand_of("kofi").intro


# participants ------------------------------------------------------------


def test_registering_adds_the_participant_with_their_profile(draft):
    command = c.Register(name="Ana", organization="IMUMI", region="Latin America",
                         focus="Labour migration", attendance=Attendance.REMOTE)  # fmt: skip
    meeting, events = apply(draft.meeting, command, person("ana"), T0 - MINUTE)
    ana = meeting.participants["ana"]
    assert (ana.name, ana.organization, ana.region, ana.focus) == (
        "Ana", "IMUMI", "Latin America", "Labour migration")  # fmt: skip
    assert (ana.attendance, ana.joined_at, ana.present) == (Attendance.REMOTE, T0 - MINUTE, True)
    assert events[0].kind == "registered"


def test_registering_again_updates_the_profile_but_keeps_the_join_time(room):
    room.join("ana", region="Asia", at=T0 + 46 * MINUTE)
    room.join("ana", "Ana María", region="Latin America", at=T0 + 50 * MINUTE)
    ana = room.meeting.participants["ana"]
    assert (ana.name, ana.region, ana.joined_at) == ("Ana María", "Latin America", T0 + 46 * MINUTE)
    assert room.events[0].kind == "profile_updated"


def test_raising_a_hand_queues_it_with_kind_topic_and_time(room):
    room.join("ana")
    room.hand("ana", kind=HandKind.REPLY, topic="Regional consultations", at=T0 + 50 * MINUTE)
    hand = room.hand_of("ana")
    assert (hand.kind, hand.topic, hand.raised_at) == (
        HandKind.REPLY, "Regional consultations", T0 + 50 * MINUTE)  # fmt: skip
    assert room.events[0].data == {"participant_id": "ana", "kind": "reply"}


def test_raising_a_hand_while_the_queue_is_closed_is_refused(lobby):
    lobby.join("ana")
    assert refused(lobby.meeting, c.RaiseHand(), person("ana")) == "queue_closed"


def test_the_speaker_cannot_raise_a_hand(room):
    room.queue_up("ana")
    room.chair(c.CallNext())
    assert refused(room.meeting, c.RaiseHand(), person("ana")) == "has_floor"


def test_a_hand_cannot_be_raised_twice(room):
    room.queue_up("ana")
    command = c.RaiseHand(kind=HandKind.ORDER)
    assert refused(room.meeting, command, person("ana")) == "already_in_queue"


def test_lowering_a_hand_takes_only_ones_own_hand_out(room):
    room.queue_up("ana", "kofi")
    room.lower("ana")
    assert room.waiting() == ["kofi"]
    assert room.events[0].kind == "hand_lowered"
