"""Handover codes: unguessable, typed forgivingly, and never stored as typed."""

from __future__ import annotations

import math

from server.domain import handover


def test_a_code_is_long_enough_and_without_look_alikes() -> None:
    assert CODE_BITS >= 50  # with the throttle, out of reach of guessing
    assert not set("0O1IL2Z5S68BU") & set(handover.ALPHABET)
    codes = {handover.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == handover.CODE_LENGTH and set(c) <= set(handover.ALPHABET) for c in codes)


CODE_BITS = handover.CODE_LENGTH * math.log2(len(handover.ALPHABET))


def test_what_someone_types_is_read_forgivingly_and_strictly() -> None:
    code = handover.new_code()
    shown = handover.shown(code)
    assert shown.count("-") == 2 and shown.replace("-", "") == code
    assert handover.normal(shown.lower()) == code
    assert handover.normal(" ".join(shown.split("-"))) == code
    assert handover.normal(code[:-1]) == ""  # too short
    assert handover.normal(code[:-1] + "O") == ""  # a sign that is never in a code
    assert handover.digest(code) != code and len(handover.digest(code)) == 64
