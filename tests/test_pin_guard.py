"""The PIN counts on their own, with the clock in hand: locks end by themselves, windows
slide, the teacher lifts everything, and memory stays bounded under a flood."""

from __future__ import annotations

from server.pin_guard import PER_ADDRESS, PER_PUPIL, PER_PUPIL_ON_DEVICE, PinGuard, Refusal

T0 = 1_800_000_000.0


def guard_and_tablet():
    guard = PinGuard("x" * 32)
    return guard, guard.device_of(None)


def test_a_lock_ends_by_itself_after_fifteen_minutes() -> None:
    guard, tablet = guard_and_tablet()
    for i in range(PER_PUPIL_ON_DEVICE.failures - 1):
        assert guard.failure("p_1", tablet, "school", now=T0 + i) == 4 - i
    outcome = guard.failure("p_1", tablet, "school", now=T0 + 10)
    assert isinstance(outcome, Refusal) and "Wacht 15 minuten" in outcome.message
    assert guard.refusal("p_1", tablet, "school", now=T0 + 10 + 14 * 60) is not None
    assert "Wacht 1 minuut" in guard.refusal("p_1", tablet, "school", now=T0 + 10 + 14 * 60).message
    assert guard.refusal("p_1", tablet, "school", now=T0 + 10 + 15 * 60 + 1) is None


def test_wrong_pins_spread_over_time_never_lock() -> None:
    guard, tablet = guard_and_tablet()
    for i in range(50):  # one mistake every 4 minutes: the 15-minute window never fills up
        assert not isinstance(guard.failure("p_1", tablet, "school", now=T0 + i * 240), Refusal)


def test_the_cookie_is_the_tablet_and_cannot_be_forged() -> None:
    guard, tablet = guard_and_tablet()
    assert not tablet.known and tablet.cookie
    again = guard.device_of(tablet.cookie)
    assert again.id == tablet.id and again.cookie is None
    known = guard.device_of(guard.known_cookie(again))
    assert known.id == tablet.id and known.known
    forged = tablet.cookie.replace(tablet.cookie[-4:], "AAAA")
    assert guard.device_of(forged).id != tablet.id


def test_lifting_frees_the_pupil_on_every_tablet_and_everywhere() -> None:
    guard = PinGuard("x" * 32)
    tablets = [guard.device_of(None) for _ in range(PER_PUPIL.failures // 4)]
    for n, tablet in enumerate(tablets):
        for i in range(4):
            guard.failure("p_1", tablet, f"addr{n}", now=T0 + n * 10 + i)
    locks = guard.locks("p_1", now=T0 + 60)
    assert locks["everywhere"] and locks["until"] >= T0 + 3600
    guard.lift("p_1")
    assert guard.locks("p_1", now=T0 + 61) == {"everywhere": 0.0, "tablets": 0, "until": 0.0}
    assert guard.refusal("p_1", tablets[0], "addr0", now=T0 + 61) is None


def test_memory_stays_bounded_under_a_flood() -> None:
    guard = PinGuard("x" * 32)
    for i in range(20_000):  # a fresh identity and a new pupil id every time, for hours
        tablet = guard.device_of(None)
        guard.failure(f"p_{i}", tablet, f"addr{i % PER_ADDRESS.failures}", now=T0 + i)
    assert len(guard.on_device._failures) < 1500
    assert len(guard.pupil._failures) < 4000
