import pytest

from engine import Action, InvalidActionError


@pytest.mark.parametrize(
    "text",
    [
        "israel event precision_strike @t4",
        "iran ops militia_surge recruit @golan",
        "iran event build_depot @homs:militia",
        "russia react air_alert @golan",
        "russia decline",
        "israel pass",
        "israel event notify_hotline",
    ],
)
def test_text_round_trip(text: str):
    action = Action.parse(text)
    assert str(action) == text
    assert eval(repr(action), {"Action": Action}) == action


@pytest.mark.parametrize(
    "text",
    [
        "",
        "israel",
        "israel fly",
        "israel event",
        "israel ops card",
        "israel pass extra",
        "x event c @",
    ],
)
def test_malformed_actions(text: str):
    with pytest.raises(InvalidActionError):
        Action.parse(text)
