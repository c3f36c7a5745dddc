"""`decode`: one browser message in, one typed command out, or a refusal."""

from __future__ import annotations

import json
from typing import Any

import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from floor.domain.model import Attendance, HandKind, Policy


def msg(**fields: Any) -> str:
    return json.dumps(fields, ensure_ascii=False)


def refusal(raw: str | bytes) -> DomainError:
    with pytest.raises(DomainError) as caught:
        c.decode(raw)
    return caught.value


VALID = [
    (msg(type="start_meeting"), c.StartMeeting()),
    (msg(type="end_meeting"), c.EndMeeting()),
    (msg(type="goto_item", item_id="i4"), c.GotoItem(item_id="i4")),
    (msg(type="next_item"), c.NextItem()),
    (msg(type="prev_item"), c.PrevItem()),
    (
        msg(type="timer", timer="speaker", action="adjust", seconds=-30),
        c.TimerControl(timer="speaker", action="adjust", seconds=-30),
    ),
    (msg(type="set_list_open", open=False), c.SetListOpen(open=False)),
    (msg(type="call_next"), c.CallNext()),
    (msg(type="call_hand", hand_id=7), c.CallHand(hand_id=7)),
    (msg(type="finish_turn"), c.FinishTurn()),
    (msg(type="move_hand", hand_id=7, to=0), c.MoveHand(hand_id=7, to=0)),
    (msg(type="remove_hand", hand_id=7), c.RemoveHand(hand_id=7)),
    (msg(type="set_policy", policy="balance_regions"), c.SetPolicy(policy=Policy.BALANCE_REGIONS)),
    (msg(type="set_speaker_limit", seconds=120), c.SetSpeakerLimit(seconds=120)),
    (msg(type="show_message", text="Coffee break"), c.ShowMessage(text="Coffee break")),
    (
        msg(type="add_speaker", name="Caller", region="Asia", kind="order"),
        c.AddSpeaker(name="Caller", region="Asia", kind=HandKind.ORDER),
    ),
    (msg(type="start_introductions", seconds=30), c.StartIntroductions(seconds=30)),
    (
        msg(type="register", name="Colin Rajah", organization="GCM", attendance="remote"),
        c.Register(name="Colin Rajah", organization="GCM", attendance=Attendance.REMOTE),
    ),
    (msg(type="raise_hand", kind="reply", topic="RCSCs"), c.RaiseHand(HandKind.REPLY, "RCSCs")),
    (msg(type="lower_hand"), c.LowerHand()),
]


@pytest.mark.parametrize(("raw", "expected"), VALID, ids=[type(e).__name__ for _, e in VALID])
def test_a_valid_message_decodes_to_its_command(raw, expected):
    assert c.decode(raw) == expected


def test_bytes_decode_like_text():
    assert c.decode(b'{"type": "call_next"}') == c.CallNext()


def test_optional_fields_take_their_defaults():
    assert c.decode(msg(type="add_speaker", name="Caller")) == c.AddSpeaker(
        name="Caller", attendance=Attendance.PHONE, kind=HandKind.SPEAK
    )


# refused shapes ----------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        msg(type="call_next", hand_id=3),
        msg(type="register", name="Ana", role="chair"),
        msg(type="start_meeting", participant_id="p1"),
    ],
)
def test_unknown_fields_are_refused(raw):
    assert refusal(raw).code == "invalid"


def test_an_unknown_command_type_is_refused():
    assert refusal(msg(type="promote_to_chair")).code == "invalid"


def test_a_message_without_a_type_is_refused():
    assert refusal(msg(name="Ana")).code == "invalid"


def test_a_missing_required_field_is_refused():
    assert refusal(msg(type="goto_item")).code == "invalid"


@pytest.mark.parametrize(
    "raw",
    [
        msg(type="register", name=5),
        msg(type="set_list_open", open="yes"),
        msg(type="call_hand", hand_id="three"),
        msg(type="set_speaker_limit", seconds=60.5),
        msg(type="raise_hand", kind="shout"),
        msg(type="set_policy", policy="loudest_first"),
        msg(type="register", name="Ana", attendance="satellite"),
        msg(type="timer", timer="clock", action="start"),
        msg(type="timer", timer="item", action="stop"),
        msg(type="show_message", text=["a", "b"]),
    ],
)
def test_wrong_types_and_values_are_refused(raw):
    assert refusal(raw).code == "invalid"


@pytest.mark.parametrize("raw", ["not json", "{", '"call_next"', "[]", "null", "42"])
def test_anything_but_a_json_object_is_refused(raw):
    assert refusal(raw).code == "invalid"


# browser form values -----------------------------------------------------


def test_form_strings_are_converted_to_ints():
    assert c.decode(msg(type="set_speaker_limit", seconds="60")) == c.SetSpeakerLimit(seconds=60)


def test_form_strings_are_converted_for_entry_ids_and_positions():
    assert c.decode(msg(type="move_hand", hand_id="12", to="0")) == c.MoveHand(12, 0)


def test_a_negative_form_string_takes_time_away():
    command = c.decode(msg(type="timer", timer="item", action="adjust", seconds="-300"))
    assert command.seconds == -300


def test_form_strings_are_converted_to_booleans():
    assert c.decode(msg(type="set_list_open", open="false")) == c.SetListOpen(open=False)


# limits ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_type", "field", "limit"),
    [
        ("register", "name", 80),
        ("register", "organization", 120),
        ("register", "focus", 120),
        ("raise_hand", "topic", 120),
        ("add_speaker", "name", 80),
        ("show_message", "text", 280),
    ],
)
def test_text_at_its_length_limit_is_accepted(field_type, field, limit):
    extra = {"name": "Ana"} if field_type == "register" and field != "name" else {}
    command = c.decode(msg(type=field_type, **extra, **{field: "x" * limit}))
    assert len(getattr(command, field)) == limit


@pytest.mark.parametrize(
    ("field_type", "field", "limit"),
    [
        ("register", "name", 80),
        ("register", "region", 120),
        ("raise_hand", "topic", 120),
        ("add_speaker", "organization", 120),
        ("show_message", "text", 280),
    ],
)
def test_text_over_its_length_limit_is_refused(field_type, field, limit):
    extra = {"name": "Ana"} if field_type == "register" and field != "name" else {}
    raw = msg(type=field_type, **extra, **{field: "x" * (limit + 1)})
    assert refusal(raw).code == "invalid"


@pytest.mark.parametrize(
    "raw",
    [
        msg(type="set_speaker_limit", seconds=9),
        msg(type="set_speaker_limit", seconds=3601),
        msg(type="start_introductions", seconds=601),
        msg(type="timer", timer="item", action="adjust", seconds=24 * 3600 + 1),
        msg(type="timer", timer="item", action="adjust", seconds=-(24 * 3600 + 1)),
        msg(type="move_hand", hand_id=1, to=-1),
    ],
)
def test_numbers_out_of_range_are_refused(raw):
    assert refusal(raw).code == "invalid"


def test_the_speaker_limit_accepts_its_bounds():
    assert c.decode(msg(type="set_speaker_limit", seconds=10)).seconds == 10
    assert c.decode(msg(type="set_speaker_limit", seconds=3600)).seconds == 3600


# text cleaning -----------------------------------------------------------


def test_text_is_trimmed():
    assert c.decode(msg(type="register", name="  Colin Rajah \t")).name == "Colin Rajah"


def test_text_is_normalized_to_nfc():
    name = c.decode(msg(type="register", name="Jose\u0301 Vitillo")).name
    assert name == "Jos\u00e9 Vitillo"
    assert len(name) == len("José Vitillo")


@pytest.mark.parametrize(
    "raw",
    [
        msg(type="register", name="Ana\u0000"),
        msg(type="register", name="Ana\u0007Bell"),
        msg(type="raise_hand", topic="first line\nsecond line"),
        msg(type="show_message", text="Break\u001b[31m"),
        msg(type="add_speaker", name="Caller", organization="IOM\u0085NY"),
    ],
)
def test_control_characters_are_refused(raw):
    error = refusal(raw)
    assert error.code == "invalid"
    assert "control characters" in error.message


# size --------------------------------------------------------------------


def test_a_message_at_the_size_limit_is_read():
    raw = msg(type="call_next").ljust(c.MAX_MESSAGE_BYTES)
    assert c.decode(raw) == c.CallNext()


def test_a_message_over_the_size_limit_is_refused_before_parsing():
    raw = msg(type="call_next").ljust(c.MAX_MESSAGE_BYTES + 1)
    assert refusal(raw).code == "too_large"
    assert refusal(raw.encode()).code == "too_large"


def test_a_text_message_over_the_byte_limit_is_refused_as_too_large():
    # Bug: decode measures a str in characters; "€" is three bytes in UTF-8.
    raw = msg(type="show_message", text="€" * 1400)
    assert len(raw.encode()) > c.MAX_MESSAGE_BYTES >= len(raw)
    assert refusal(raw).code == "too_large"
