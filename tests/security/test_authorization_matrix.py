"""Every command against every role: forbidden pairs are refused and change nothing.

Roles are fixed at the websocket handshake (tests/web cover that mapping);
this table checks the one place where they are enforced, `authorize` in the core.
"""

from __future__ import annotations

from typing import get_args

import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from floor.domain.meeting import apply
from floor.domain.model import HandKind, Meeting, Policy
from tests.domain.conftest import T0

OUTSIDER = c.Actor(c.Role.PARTICIPANT, None)  # a websocket without the participant cookie
ANA = c.Actor(c.Role.PARTICIPANT, "ana")
KOFI = c.Actor(c.Role.PARTICIPANT, "kofi")  # "another participant"
SCREEN = c.Actor(c.Role.SCREEN)
CHAIR = c.Actor(c.Role.CHAIR)
CO_CHAIR = c.Actor(c.Role.CHAIR)  # co-chairs open the same chair link
SECRETARIAT = c.Actor(c.Role.SECRETARIAT)
TIMEKEEPER = c.Actor(c.Role.TIMEKEEPER)
RAPPORTEUR = c.Actor(c.Role.RAPPORTEUR)
INTERPRETER = c.Actor(c.Role.INTERPRETER)

ROLES = {
    "outsider": OUTSIDER,
    "participant": ANA,
    "another participant": KOFI,
    "screen": SCREEN,
    "chair": CHAIR,
    "co-chair": CO_CHAIR,
    "secretariat": SECRETARIAT,
    "timekeeper": TIMEKEEPER,
    "rapporteur": RAPPORTEUR,
    "interpreter": INTERPRETER,
}

EXAMPLES: list[c.Command] = [
    c.StartMeeting(), c.EndMeeting(), c.ReopenMeeting(), c.SetThanks(text="Thank you"),
    c.GotoItem(item_id="i4"), c.NextItem(), c.PrevItem(),
    c.TimerControl(timer="item", action="adjust", seconds=60), c.SetListOpen(open=False),
    c.CallNext(), c.CallHand(hand_id=0), c.FinishTurn(), c.MoveHand(hand_id=0, to=1),
    c.RemoveHand(hand_id=0), c.SetPolicy(policy=Policy.BALANCE_REGIONS),
    c.SetSpeakerLimit(seconds=90), c.ShowMessage(text="Coffee break"),
    c.AddSpeaker(name="Caller on the line"), c.StartIntroductions(seconds=30),
    c.Highlight(text=""), c.AddItem(title="Break"),
    c.EditItem(item_id="i5", title="RCSCs", duration=30), c.MoveItem(item_id="i7", to=5),
    c.RemoveItem(item_id="i6"), c.AddNote(text="Agreed"), c.RemoveNote(note_id=0),
    c.AddAction(what="Circulate the timeline"), c.RemoveAction(action_id=0),
    c.EditNote(note_id=0, text="Agreed."), c.EditAction(action_id=0, what="Circulate it"),
    c.PutBack(), c.WithdrawSpeaker(), c.SetHandKind(hand_id=0, kind=HandKind.REPLY),
    c.ClearList(), c.EndQuestion(),
    c.SetKindLimits(reply=60, order=60, right_of_reply=120, question=30),
    c.SetCategory(participant_id="ana", category=""),
    c.SetPresent(participant_id="ana", present=False), c.StopIntroductions(),
    c.Nudge(what="wrap_up"), c.SetBudget(group="Africa", seconds=300),
    c.DeferTurn(), c.RemoveHands(hand_ids=(0,), block=True),
    c.BlockParticipant(participant_id="ana"), c.SetClosedPoints(allowed=False),
    c.Register(name="Someone"), c.RaiseHand(), c.LowerHand(), c.Back(),
]  # fmt: skip

ALLOWED = {
    "outsider": frozenset[type[c.Command]](),
    "participant": c.PARTICIPANT_COMMANDS,
    "another participant": c.PARTICIPANT_COMMANDS,
    "screen": frozenset[type[c.Command]](),
    "chair": frozenset(get_args(c.AnyCommand)) - c.PARTICIPANT_COMMANDS,
    "co-chair": frozenset(get_args(c.AnyCommand)) - c.PARTICIPANT_COMMANDS,
    # Written out here, not taken from the code: this is what each team link is for.
    "secretariat": frozenset({
        c.TimerControl, c.Nudge, c.SetListOpen, c.CallNext, c.CallHand, c.FinishTurn,
        c.MoveHand, c.RemoveHand, c.AddSpeaker, c.StartIntroductions, c.StopIntroductions,
        c.SetSpeakerLimit, c.SetKindLimits, c.PutBack, c.WithdrawSpeaker, c.SetHandKind,
        c.ClearList, c.EndQuestion, c.SetCategory, c.SetPresent, c.DeferTurn, c.SetBudget,
        c.RemoveHands, c.BlockParticipant, c.SetClosedPoints,
    }),
    "timekeeper": frozenset({c.TimerControl, c.Nudge}),
    "rapporteur": frozenset({
        c.AddNote, c.RemoveNote, c.EditNote, c.AddAction, c.RemoveAction, c.EditAction,
    }),
    "interpreter": frozenset[type[c.Command]](),
}

PAIRS = [(role, command) for role in ROLES for command in EXAMPLES]


@pytest.fixture(scope="module")
def meeting(reference_module: Meeting) -> Meeting:
    """On item i4 with Ana waiting, Kofi registered, one note and one action."""
    m = reference_module
    for command, actor in [
        (c.StartMeeting(), CHAIR),
        (c.GotoItem(item_id="i4"), CHAIR),
        (c.Register(name="Ana", region="Africa"), ANA),
        (c.Register(name="Kofi", region="Asia"), KOFI),
        (c.RaiseHand(), ANA),
        (c.AddNote(text="A note"), CHAIR),
        (c.AddAction(what="An action"), CHAIR),
    ]:
        m, _ = apply(m, command, actor, T0)
    return m


@pytest.fixture(scope="module")
def reference_module() -> Meeting:
    import yaml

    from floor.domain.agenda import meeting_from_data
    from tests.domain.conftest import AGENDA

    return meeting_from_data(yaml.safe_load(AGENDA.read_text(encoding="utf-8")))


def test_the_examples_cover_every_command_type() -> None:
    assert {type(command) for command in EXAMPLES} == set(get_args(c.AnyCommand))


def test_the_matrix_has_every_pair() -> None:
    assert len(PAIRS) == len(ROLES) * len(get_args(c.AnyCommand)) == 10 * 49


@pytest.mark.parametrize(
    ("role", "command"), PAIRS, ids=[f"{r}-{type(cmd).__name__}" for r, cmd in PAIRS]
)
def test_role_against_command(meeting: Meeting, role: str, command: c.Command) -> None:
    actor = ROLES[role]
    # Commands that name an hand, note or action get the real id from the meeting.
    command = _with_real_ids(meeting, command)
    if type(command) in ALLOWED[role]:
        try:
            new, _ = apply(meeting, command, actor, T0 + 1000)
        except DomainError as exc:  # a rule may refuse it, but never as "forbidden"
            assert exc.code != "forbidden", exc.message
        else:
            assert new.version == meeting.version + 1
        return
    with pytest.raises(DomainError) as caught:
        apply(meeting, command, actor, T0 + 1000)
    assert caught.value.code == "forbidden"
    assert caught.value.message  # a clear sentence for the sender


def _with_real_ids(meeting: Meeting, command: c.Command) -> c.Command:
    import msgspec

    assert meeting.item is not None
    hand = meeting.item.speakers[0].id
    if isinstance(command, c.CallHand | c.RemoveHand | c.MoveHand | c.SetHandKind):
        return msgspec.structs.replace(command, hand_id=hand)
    if isinstance(command, c.RemoveHands):
        return msgspec.structs.replace(command, hand_ids=(hand,))
    if isinstance(command, c.RemoveNote | c.EditNote):
        return msgspec.structs.replace(command, note_id=meeting.notes[0].id)
    if isinstance(command, c.RemoveAction | c.EditAction):
        return msgspec.structs.replace(command, action_id=meeting.actions[0].id)
    return command


def test_every_role_has_a_row_in_the_matrix() -> None:
    assert {actor.role for actor in ROLES.values()} == set(c.Role)


def test_a_team_link_is_told_what_it_may_do(meeting: Meeting) -> None:
    with pytest.raises(DomainError) as caught:
        apply(meeting, c.EndMeeting(), RAPPORTEUR, T0 + 1000)
    assert "notes and action items" in caught.value.message
    assert "ask the chair" in caught.value.message


def test_another_participant_cannot_lower_someone_elses_hand(meeting: Meeting) -> None:
    with pytest.raises(DomainError) as caught:
        apply(meeting, c.LowerHand(), KOFI, T0 + 1000)
    assert caught.value.code == "not_in_queue"
    assert meeting.item is not None and meeting.item.speakers[0].participant_id == "ana"


def test_another_participant_registering_changes_only_their_own_profile(meeting: Meeting) -> None:
    new, _ = apply(meeting, c.Register(name="Kofi Annan", region="Africa"), KOFI, T0 + 1000)
    assert new.participants["kofi"].name == "Kofi Annan"
    assert new.participants["ana"] == meeting.participants["ana"]
