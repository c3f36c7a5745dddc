"""Rules of procedure: undo, time per kind, right of reply, interposed questions,
categories, the introductions round, the chair's picks and the speaker's notice."""

from __future__ import annotations

import msgspec
import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from floor.domain.model import Attendance, Category, HandKind, Policy
from tests.domain.conftest import MINUTE, SECOND, T0, Room

SPEAK, REPLY, ORDER = HandKind.SPEAK, HandKind.REPLY, HandKind.ORDER
RIGHT, QUESTION = HandKind.RIGHT_OF_REPLY, HandKind.QUESTION


def refused(room: Room, command: c.Command, actor: c.Actor | None = None) -> str:
    with pytest.raises(DomainError) as caught:
        if actor is None:
            room.chair(command)
        else:
            room._apply(command, actor, None)
    return caught.value.code


def person(pid: str) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, pid)


# undo -----------------------------------------------------------------------


@pytest.mark.parametrize("policy", list(Policy), ids=[p.value for p in Policy])
def test_a_call_put_back_restores_the_place_strikes_the_turn_and_counts_no_speech(
    room: Room, policy: Policy
) -> None:
    room.chair(c.SetPolicy(policy=policy))
    room.join("ana", region="Asia")
    room.join("kofi", region="Africa", attendance=Attendance.REMOTE)
    room.join("mei", region="Europe")
    room.queue_up("ana", "kofi", "mei")
    before = room.waiting()
    called = before[0]
    room.now += 5 * SECOND
    room.chair(c.CallNext())
    room.now += 4 * SECOND
    meeting = room.chair(c.PutBack())
    assert meeting.floor is None
    assert room.waiting() == before  # the same person on top, the rest as they were
    assert room.reasons()[0] == "put back on the list by the chair"
    assert meeting.turns == ()  # not on the record ...
    [struck] = meeting.struck  # ... but kept, marked
    assert (struck.participant_id, struck.struck) == (called, "put_back")
    assert called not in meeting.spoken()
    assert room.events[0].kind == "turn_struck"


def test_put_back_under_first_time_speakers_keeps_the_person_a_first_time_speaker(
    room: Room,
) -> None:
    room.chair(c.SetPolicy(policy=Policy.FIRST_TIME))
    room.queue_up("ana", "kofi")
    room.chair(c.CallNext())
    room.chair(c.PutBack())
    room.chair(c.CallNext())  # now ana speaks for real
    room.chair(c.FinishTurn())
    room.hand("ana")
    room.queue_up("lars")
    assert room.waiting() == ["kofi", "lars", "ana"]
    assert room.reasons()[0] == "first-time speaker"


def test_nobody_to_put_back_or_withdraw_is_refused(room: Room) -> None:
    assert refused(room, c.PutBack()) == "no_current_speaker"
    assert refused(room, c.WithdrawSpeaker()) == "no_current_speaker"


def test_withdrawing_the_speaker_strikes_the_speech_and_stops_the_clock(room: Room) -> None:
    room.queue_up("ana", "kofi")
    room.chair(c.CallNext())
    meeting = room.chair(c.WithdrawSpeaker(), at=room.now + 30 * SECOND)
    assert meeting.floor is None and meeting.turns == ()
    assert meeting.struck[0].struck == "withdrawn"
    assert meeting.struck[0].duration == 30 * SECOND
    assert room.waiting() == ["kofi"]  # not put back


def test_a_false_point_of_order_is_demoted_and_recorded_as_called(room: Room) -> None:
    room.queue_up("ana", "kofi")
    room.join("mei")
    room.hand("mei", ORDER)
    assert room.waiting() == ["mei", "ana", "kofi"]
    room.chair(c.SetHandKind(hand_id=room.hand_of("mei").id, kind=SPEAK))
    assert room.waiting() == ["ana", "kofi", "mei"]
    mei = room.hand_of("mei").id
    assert room.events[0].data == {"hand_id": mei, "from": "order", "to": "speak"}
    for _ in range(3):
        room.chair(c.CallNext())
    room.chair(c.FinishTurn())
    assert room.meeting.turns[-1].kind is SPEAK
    assert room.meeting.raised_hands[-1].kind is ORDER  # what was asked for stays known
    assert refused(room, c.SetHandKind(hand_id=1, kind=SPEAK)) == "no_such_hand"


def test_changing_a_hand_to_its_own_kind_is_refused(room: Room) -> None:
    room.queue_up("ana")
    assert refused(room, c.SetHandKind(hand_id=room.hand_of("ana").id, kind=SPEAK)) == "same_kind"


def test_clear_the_list_removes_every_waiting_hand(room: Room) -> None:
    room.queue_up("ana", "kofi", "mei")
    room.chair(c.ClearList())
    assert room.waiting() == []
    assert room.events[0].data == {"removed": 3}
    assert refused(room, c.ClearList()) == "queue_empty"


# time per kind --------------------------------------------------------------


def _limit_now(room: Room) -> int:
    assert room.meeting.floor is not None
    return room.meeting.floor.timer.duration // SECOND


def test_each_kind_gets_its_own_time_with_meeting_defaults_and_item_limits(room: Room) -> None:
    room.join("ana")
    room.join("kofi")
    room.hand("ana", REPLY)
    room.chair(c.CallNext())
    assert _limit_now(room) == 60  # the built-in default for a direct reply
    room.chair(c.SetKindLimits(reply=45, order=30, right_of_reply=90, question=20))
    room.hand("kofi", REPLY)
    room.chair(c.CallNext())
    assert _limit_now(room) == 45  # the meeting's default
    room.chair(c.SetKindLimits(item_id="i4", reply=40, order=30, right_of_reply=90, question=20))
    room.hand("ana", REPLY)
    room.chair(c.CallNext())
    assert _limit_now(room) == 40  # this item's own
    room.hand("kofi")
    room.chair(c.CallNext())
    assert _limit_now(room) == 120  # a speech: the item's time per turn
    room.chair(c.GotoItem(item_id="i5"))
    room.hand("ana", REPLY)
    room.chair(c.CallNext())
    assert _limit_now(room) == 45  # another item: the meeting's default again


# right of reply ---------------------------------------------------------------


def test_a_right_of_reply_waits_to_the_end_of_the_list(room: Room) -> None:
    room.queue_up("ana")
    room.join("kofi")
    room._apply(c.RaiseHand(kind=RIGHT, reply_to="Ana"), person("kofi"), None)
    room.queue_up("mei", "lars")
    assert room.waiting() == ["ana", "mei", "lars", "kofi"]
    assert room.reasons()[-1] == "right of reply: at the end of the list"
    assert room.hand_of("kofi").reply_to == "Ana"
    # The chair may call it earlier; it gets its own time.
    room.chair(c.CallHand(hand_id=room.hand_of("kofi").id))
    assert _limit_now(room) == 120


def test_a_right_of_reply_says_to_whom(room: Room) -> None:
    room.join("kofi")
    assert refused(room, c.RaiseHand(kind=RIGHT), person("kofi")) == "reply_to_required"
    assert room.waiting() == []


# interposed questions ---------------------------------------------------------


def test_an_interposed_question_pauses_the_speaker_and_stays_inside_one_turn(room: Room) -> None:
    room.queue_up("ana", "kofi")
    room.join("mei")
    t = room.now
    room.chair(c.CallNext(), at=t)  # ana has the floor, 120 s
    room._apply(c.RaiseHand(kind=QUESTION), person("mei"), t + 40 * SECOND)
    assert room.waiting() == ["mei", "kofi"]
    assert room.reasons()[0] == "interposed question to the current speaker"
    room.chair(c.CallHand(hand_id=room.hand_of("mei").id), at=t + 50 * SECOND)
    floor = room.meeting.floor
    assert floor is not None and floor.hand.participant_id == "ana"  # still ana's turn
    assert floor.question is not None and floor.question.hand.participant_id == "mei"
    assert floor.question.timer.duration == 30 * SECOND and floor.question.timer.running
    assert not floor.timer.running
    assert floor.timer.remaining(t + 70 * SECOND) == 70 * SECOND  # ana's clock waits
    assert refused(room, c.TimerControl(timer="speaker", action="start")) == "question_in_progress"
    room.chair(c.EndQuestion(), at=t + 75 * SECOND)
    floor = room.meeting.floor
    assert floor is not None and floor.question is None and floor.timer.running
    assert floor.timer.remaining(t + 75 * SECOND) == 70 * SECOND  # the time ana had
    room.chair(c.FinishTurn(), at=t + 100 * SECOND)
    [turn] = room.meeting.turns
    assert turn.participant_id == "ana"
    assert turn.duration == 75 * SECOND  # 50 s before and 25 s after the question
    [question] = turn.questions
    assert (question.participant_id, question.started_at, question.ended_at) == (
        "mei", t + 50 * SECOND, t + 75 * SECOND
    )
    assert room.waiting() == ["kofi"]


def test_call_next_passes_over_questions_and_they_leave_with_the_speaker(room: Room) -> None:
    room.queue_up("ana", "kofi")
    room.join("mei")
    room.chair(c.CallNext())
    room._apply(c.RaiseHand(kind=QUESTION), person("mei"), None)
    room.chair(c.CallNext())  # kofi, not the question
    assert room.meeting.floor is not None and room.meeting.floor.hand.participant_id == "kofi"
    assert room.waiting() == []  # the question to ana went with her turn


def test_a_question_needs_someone_speaking_and_not_oneself(room: Room) -> None:
    room.queue_up("ana")
    assert refused(room, c.RaiseHand(kind=QUESTION), person("ana")) == "no_current_speaker"
    room.chair(c.CallNext())
    assert refused(room, c.RaiseHand(kind=QUESTION), person("ana")) == "has_floor"
    assert refused(room, c.EndQuestion()) == "no_question"


def test_a_waiting_speaker_may_also_put_one_question(room: Room) -> None:
    room.queue_up("ana", "kofi")
    room.chair(c.CallNext())
    room._apply(c.RaiseHand(kind=QUESTION), person("kofi"), None)
    assert room.waiting() == ["kofi", "kofi"]
    assert refused(room, c.RaiseHand(kind=QUESTION), person("kofi")) == "already_in_queue"


# categories -----------------------------------------------------------------


def test_categories_go_in_their_order_of_precedence_with_the_policy_within(room: Room) -> None:
    categories = (Category("Group statement", 300), Category("Member state"), Category("Observer"))
    room.meeting = msgspec.structs.replace(room.meeting, categories=categories)
    for pid, category in (("obs", "Observer"), ("ms1", "Member state"), ("grp", "Group statement"),
                          ("ms2", "Member state"), ("none", "")):
        room.join(pid)
        if category:
            room.chair(c.SetCategory(participant_id=pid, category=category))
        room.hand(pid)
    assert room.waiting() == ["grp", "ms1", "ms2", "obs", "none"]
    assert room.reasons()[0] == "Group statement (precedence 1); in order of hands raised"
    assert room.reasons()[3].startswith("Observer (precedence 3)")
    assert room.reasons()[4].startswith("no category")
    room.chair(c.CallNext())
    assert _limit_now(room) == 300  # the category's own time per speech
    room.chair(c.CallNext())
    assert _limit_now(room) == 120
    press = c.SetCategory(participant_id="obs", category="Press")
    assert refused(room, press) == "unknown_category"


def test_a_participant_picks_a_category_when_registering(room: Room) -> None:
    room.meeting = msgspec.structs.replace(room.meeting, categories=(Category("Observer"),))
    room._apply(c.Register(name="Ana", category="Observer"), person("ana"), None)
    assert room.meeting.participants["ana"].category == "Observer"
    bad = c.Register(name="Ana", category="King")
    assert refused(room, bad, person("ana")) == "unknown_category"


# balance speaking time --------------------------------------------------------


def test_balance_speaking_time_calls_the_region_with_least_time_for_its_hands(room: Room) -> None:
    room.chair(c.SetPolicy(policy=Policy.BALANCE_TIME))
    for pid, region in (("a1", "Africa"), ("a2", "Africa"), ("e1", "Europe"), ("s1", "Asia")):
        room.join(pid, region=region)
    room.queue_up("e1")
    room.chair(c.CallNext())
    room.chair(c.FinishTurn(), at=room.now + 150 * SECOND)  # Europe has had 150 s
    room.queue_up("e1", "a1", "a2", "s1")
    # Per hand raised: Europe 75 s (two hands), Africa and Asia nothing. Africa's hand
    # came first, then Asia; Africa again after a1's turn (counted at the item's 120 s:
    # 60 s for each of its two hands), and Europe last.
    assert room.waiting() == ["a1", "s1", "a2", "e1"]
    assert room.reasons()[0] == "Africa: least speaking time on this item"
    room.chair(c.CallNext())
    room.chair(c.FinishTurn(), at=room.now + 10 * SECOND)  # a1: a short turn for Africa
    room.chair(c.RemoveHand(hand_id=room.hand_of("s1").id))
    # Africa: 10 s for two hands; Europe 75 s a hand: Africa's second hand goes first.
    assert room.waiting() == ["a2", "e1"]


# introductions round ----------------------------------------------------------


def test_the_introductions_round_is_held_once_for_those_present_and_can_be_stopped(
    room: Room,
) -> None:
    for pid in ("ana", "kofi", "mei", "lars"):
        room.join(pid)
    room.chair(c.SetPresent(participant_id="lars", present=False))  # left the room
    room.chair(c.StartIntroductions(seconds=45))
    assert room.waiting() == ["ana", "kofi", "mei"]
    assert room.item.intro_round.queued == ("ana", "kofi", "mei")
    assert refused(room, c.StartIntroductions()) == "introductions_held"
    room.chair(c.CallNext())
    assert _limit_now(room) == 45
    room.chair(c.FinishTurn())
    room.chair(c.StopIntroductions())
    assert room.waiting() == []
    assert room.item.intro_round.stopped
    assert refused(room, c.StopIntroductions()) == "no_introductions"
    # Introducing oneself is not having spoken.
    assert "ana" not in room.meeting.spoken()
    assert room.meeting.turns[0].intro


def test_after_the_round_first_time_speakers_are_still_first_time(room: Room) -> None:
    room.chair(c.SetPolicy(policy=Policy.FIRST_TIME))
    room.join("ana")
    room.join("kofi")
    room.chair(c.StartIntroductions())
    room.chair(c.CallNext())
    room.chair(c.CallNext())
    room.chair(c.FinishTurn())
    room.queue_up("kofi", "ana")
    assert room.reasons() == ["first-time speaker", "first-time speaker"]


# the chair picks anyone -----------------------------------------------------------


def test_the_chair_adds_a_present_participant_to_the_list(room: Room) -> None:
    room.join("ana", region="Asia")
    room.chair(c.AddSpeaker(participant_id="ana", kind=REPLY))
    assert room.waiting() == ["ana"] and room.hand_of("ana").kind is REPLY
    assert room.meeting.raised_hands[-1].participant_id == "ana"
    assert refused(room, c.AddSpeaker(participant_id="ana")) == "already_in_queue"
    assert refused(room, c.AddSpeaker(participant_id="nobody")) == "no_such_participant"


def test_a_known_phone_caller_added_again_is_the_same_person(room: Room) -> None:
    caller = c.AddSpeaker(name="Eni Lestari", organization="IMA")
    room.chair(caller)
    [pid] = room.waiting()
    room.chair(c.CallNext())
    room.chair(c.FinishTurn())
    room.chair(c.AddSpeaker(name="eni lestari"))  # same name, organization not given
    assert room.waiting() == [pid]
    assert len(room.meeting.participants) == 5  # four booked presenters and the caller


def test_a_booked_presenter_added_by_name_is_the_same_person_now_on_the_phone(
    room: Room,
) -> None:
    booked = next(p for p in room.meeting.participants.values() if not p.present)
    room.chair(c.AddSpeaker(name=booked.name, attendance=Attendance.PHONE))
    assert room.waiting() == [booked.id]
    person = room.meeting.participants[booked.id]
    assert (person.attendance, person.present) == (Attendance.PHONE, True)
    assert len(room.meeting.participants) == 4


def test_two_people_of_one_name_ask_the_chair_to_choose(room: Room) -> None:
    room.chair(c.AddSpeaker(name="Maria Lopez", organization="CLACSO"))
    room.chair(c.AddSpeaker(name="Maria Lopez", organization="IMUMI"))
    assert refused(room, c.AddSpeaker(name="Maria Lopez")) == "ambiguous_person"
    room.chair(c.ClearList())
    room.chair(c.AddSpeaker(name="Maria Lopez", organization="imumi"))
    assert len(room.waiting()) == 1


# the speaker's phone ------------------------------------------------------------


def test_a_nudge_goes_to_the_current_speaker(room: Room) -> None:
    assert refused(room, c.Nudge(what="wrap_up")) == "no_current_speaker"
    room.queue_up("ana")
    room.chair(c.CallNext())
    floor = room.chair(c.Nudge(what="thirty_seconds"), at=T0 + 50 * MINUTE).floor
    assert floor is not None
    assert (floor.nudge, floor.nudged_at) == ("thirty_seconds", T0 + 50 * MINUTE)
    assert refused(room, c.Nudge(what="wrap_up"), person("ana")) == "forbidden"


# notes and action items ----------------------------------------------------------


def test_notes_and_action_items_can_be_edited(room: Room) -> None:
    room.chair(c.AddNote(text="Draft"))
    room.chair(c.AddAction(what="Write", who="Ana"))
    note, action = room.meeting.notes[0], room.meeting.actions[0]
    room.chair(c.EditNote(note_id=note.id, text="Agreed:\nthe calendar"))
    room.chair(c.EditAction(action_id=action.id, what="Write it up", who="Kofi", due="May"))
    assert room.meeting.notes[0].text == "Agreed:\nthe calendar"
    assert (room.meeting.actions[0].what, room.meeting.actions[0].who) == ("Write it up", "Kofi")
    assert refused(room, c.EditNote(note_id=note.id, text="")) == "text_required"
    assert room.meeting.notes[0].text == "Agreed:\nthe calendar"
    assert refused(room, c.EditAction(action_id=999, what="x")) == "no_such_action"


# budgets and the forecast --------------------------------------------------------


def test_a_regions_budget_counts_down_across_its_speakers(room: Room) -> None:
    from floor.domain.budget import budget_use

    room.chair(c.SetBudget(group="Africa", seconds=300))
    room.join("kofi", region="Africa")
    room.join("amina", region="Africa")
    room.join("mei", region="Asia")
    room.queue_up("kofi", "mei", "amina")
    for seconds in (100, 50, 250):
        room.chair(c.CallNext())
        room.chair(c.FinishTurn(), at=room.now + seconds * SECOND)
        room.now += seconds * SECOND
    [africa] = budget_use(room.meeting, room.item)
    assert (africa.group, africa.budget, africa.used) == ("Africa", 300 * SECOND, 350 * SECOND)
    assert africa.left == -50 * SECOND  # Asia's 50 s are not Africa's
    room.chair(c.SetBudget(group="Africa", seconds=0))
    assert budget_use(room.meeting, room.item) == []
    assert refused(room, c.SetBudget(group="Atlantis", seconds=60)) == "unknown_budget_group"


def test_the_forecast_counts_each_waiting_turn_at_its_own_time(room: Room) -> None:
    from floor.domain.budget import fitting_limit, forecast_ends

    room.queue_up("ana", "kofi")
    room.join("mei")
    room.hand("mei", REPLY)
    room.chair(c.CallNext())  # mei's reply; ana and kofi wait, 120 s each
    room.join("lars")
    room.hand("lars", ORDER)
    room._apply(c.RaiseHand(kind=QUESTION), person("kofi"), None)
    assert forecast_ends(room.meeting, room.item) == (60 * SECOND, 180 * SECOND, 300 * SECOND)
    # 11 speeches at 3:00 in 20 minutes: 6 end within it, the last 5 would not speak.
    ends = [180 * SECOND * n for n in range(1, 12)]
    assert sum(end > 20 * MINUTE for end in ends) == 5
    assert fitting_limit(20 * MINUTE, 11) == 100  # 1:49 each, in tens: 1:40
    assert fitting_limit(0, 11) == 10 and fitting_limit(60_000, 0) == 10
