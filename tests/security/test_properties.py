"""Property-based tests: the decoder never crashes, the core keeps its invariants."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.errors import DomainError
from floor.domain.meeting import apply
from floor.domain.model import Attendance, HandKind, Meeting, Policy, Status

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
REFERENCE = meeting_from_data(yaml.safe_load(AGENDA.read_text(encoding="utf-8")))
TYPES = sorted(t.__struct_config__.tag for t in get_args(c.AnyCommand))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_are_refused_cleanly(raw: bytes) -> None:
    try:
        c.decode(raw)
    except DomainError as exc:
        assert exc.code in {"invalid", "too_large"}


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(TYPES),
    st.dictionaries(
        st.sampled_from(
            ["name", "text", "kind", "hand_id", "to", "seconds", "timer", "action", "open",
             "policy", "item_id", "region", "attendance", "topic", "title", "duration", "x"]
        ),
        json_values,
        max_size=5,
    ),
)  # fmt: skip
def test_random_json_commands_decode_or_are_refused_cleanly(
    kind: str, fields: dict[str, Any]
) -> None:
    raw = json.dumps({"type": kind, **fields})
    try:
        command = c.decode(raw)
    except DomainError as exc:
        assert exc.code in {"invalid", "too_large"}
    else:
        assert isinstance(command, get_args(c.AnyCommand))


PEOPLE = ["ana", "kofi", "mei", "lars", "sam"]
REGIONS = list(REFERENCE.regions) + [""]

participant_commands = st.one_of(
    st.builds(
        c.Register,
        name=st.sampled_from(["Ana", "Kofi", "Mei"]),
        region=st.sampled_from(REGIONS),
        attendance=st.sampled_from(list(Attendance)),
    ),
    st.builds(c.RaiseHand, kind=st.sampled_from(list(HandKind))),
    st.just(c.LowerHand()),
)
chair_commands = st.one_of(
    st.just(c.StartMeeting()),
    st.just(c.NextItem()),
    st.just(c.PrevItem()),
    st.just(c.CallNext()),
    st.just(c.FinishTurn()),
    st.builds(c.CallHand, hand_id=st.integers(0, 40)),
    st.builds(c.MoveHand, hand_id=st.integers(0, 40), to=st.integers(0, 10)),
    st.builds(c.RemoveHand, hand_id=st.integers(0, 40)),
    st.builds(c.SetPolicy, policy=st.sampled_from(list(Policy))),
    st.builds(c.SetListOpen, open=st.booleans()),
    st.builds(
        c.TimerControl,
        timer=st.sampled_from(["item", "speaker"]),
        action=st.sampled_from(["start", "pause", "reset", "adjust"]),
        seconds=st.integers(-600, 600),
    ),
    st.builds(c.AddSpeaker, name=st.sampled_from(["Caller", "Guest"])),
    st.builds(c.StartIntroductions, seconds=st.integers(10, 120)),
    st.just(c.StopIntroductions()),
    st.just(c.PutBack()),
    st.just(c.WithdrawSpeaker()),
    st.just(c.ClearList()),
    st.just(c.EndQuestion()),
    st.builds(c.SetHandKind, hand_id=st.integers(0, 40), kind=st.sampled_from(list(HandKind))),
    st.builds(c.GotoItem, item_id=st.sampled_from([f"i{n}" for n in range(1, 9)])),
    st.builds(
        c.RemoveHands,
        hand_ids=st.lists(st.integers(0, 40), min_size=1, max_size=5).map(tuple),
        block=st.booleans(),
    ),
    st.builds(c.BlockParticipant, participant_id=st.sampled_from(PEOPLE), blocked=st.booleans()),
    st.builds(c.SetClosedPoints, allowed=st.booleans()),
)
steps = st.lists(
    st.tuples(
        st.one_of(
            st.tuples(st.just("chair"), chair_commands),
            st.tuples(st.sampled_from(PEOPLE), participant_commands),
        ),
        st.integers(0, 120_000),  # ms until the next command
    ),
    max_size=60,
)


def check_invariants(m: Meeting, now: int) -> None:
    assert len(m.blocked) == len(set(m.blocked)) and set(m.blocked) <= set(m.participants)
    for item in m.items:
        asked = [(r.participant_id, r.kind) for r in item.raised_while_closed]
        assert len(asked) == len(set(asked)), "one of each a person while the list is closed"
        people = [e.participant_id for e in item.speakers]
        assert len(people) == len(set(people)), "one hand per person per queue"
        ids = [e.id for e in item.speakers]
        assert len(ids) == len(set(ids))
        assert all(e.reason for e in item.speakers), "every hand can say why"
        assert item.timer.elapsed(now) >= 0 and item.timer.duration >= 0
        if item.timer.started_at is not None:
            assert item.timer.started_at <= now
    if m.floor is not None:
        assert m.item is not None and m.floor.item_id == m.item.id
        queue = m.item.speakers
        assert m.floor.hand.participant_id not in {e.participant_id for e in queue}
        assert m.floor.timer.elapsed(now) >= 0
    if m.status is Status.DRAFT:
        assert m.current is None and m.floor is None
    if m.status is Status.ENDED:
        assert m.floor is None
    for turn in m.turns:
        assert turn.ended_at >= turn.started_at
    assert m.next_id > max((e.id for i in m.items for e in i.speakers), default=0)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_random_command_sequences_keep_the_invariants(
    sequence: list[tuple[tuple[str, c.Command], int]],
) -> None:
    m, now = REFERENCE, 1_492_452_000_000
    for (who, command), wait in sequence:
        now += wait
        actor = c.Actor(c.Role.CHAIR) if who == "chair" else c.Actor(c.Role.PARTICIPANT, who)
        try:
            new, _ = apply(m, command, actor, now)
        except DomainError:
            continue  # refused: the state stays as it was
        assert new.version == m.version + 1
        m = new
        check_invariants(m, now)
