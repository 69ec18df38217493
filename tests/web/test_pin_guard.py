"""The PIN counts on their own, with the clock in hand: locks end by themselves, windows
slide, the right PIN takes its count back, the teacher lifts everything, and memory stays
bounded under a flood."""

from __future__ import annotations

from server.web.pin_guard import PER_PUPIL_UNKNOWN, PinGuard, Refusal

T0 = 1_800_000_000.0


def guard_and_tablet():
    guard = PinGuard("x" * 32)
    return guard, guard.device_of(None)


def wrong(guard, pupil, tablet, address, now):
    attempt = guard.attempt(pupil, tablet, address, now=now)
    return attempt if isinstance(attempt, Refusal) else guard.wrong(attempt)


def test_a_lock_ends_by_itself_after_fifteen_minutes() -> None:
    guard, tablet = guard_and_tablet()
    for i in range(4):
        assert wrong(guard, "p_1", tablet, "school", T0 + i) == 4 - i
    outcome = wrong(guard, "p_1", tablet, "school", T0 + 10)
    assert isinstance(outcome, Refusal) and "Wacht 15 minuten" in outcome.message
    assert "Wacht 1 minuut" in guard.refusal("p_1", tablet, "school", now=T0 + 10 + 14 * 60).message
    assert guard.refusal("p_1", tablet, "school", now=T0 + 10 + 15 * 60 + 1) is None


def test_the_right_pin_on_the_fifth_try_still_signs_in() -> None:
    guard, tablet = guard_and_tablet()
    for i in range(4):
        wrong(guard, "p_1", tablet, "school", T0 + i)
    fifth = guard.attempt("p_1", tablet, "school", now=T0 + 5)
    assert not isinstance(fifth, Refusal)
    assert guard.right(fifth) is None  # the lock this attempt would have caused is taken back
    assert guard.refusal("p_1", tablet, "school", now=T0 + 6) is None
    assert wrong(guard, "p_1", tablet, "school", T0 + 7) == 4  # and her count starts again


def test_wrong_pins_spread_over_time_never_lock() -> None:
    guard, tablet = guard_and_tablet()
    for i in range(50):  # one mistake every 4 minutes: the 15-minute window never fills up
        assert not isinstance(wrong(guard, "p_1", tablet, "school", T0 + i * 240), Refusal)


def test_the_cookie_is_the_tablet_and_cannot_be_forged() -> None:
    guard, tablet = guard_and_tablet()
    assert not tablet.known and tablet.cookie
    again = guard.device_of(tablet.cookie)
    assert again.id == tablet.id and again.cookie is None
    known = guard.device_of(guard.known_cookie(again))
    assert known.id == tablet.id and known.known
    forged = tablet.cookie[:-4] + ("AAAA" if not tablet.cookie.endswith("AAAA") else "BBBB")
    assert guard.device_of(forged).id != tablet.id


def test_lifting_frees_the_pupil_on_every_device() -> None:
    guard = PinGuard("x" * 32)
    tablets = [guard.device_of(None) for _ in range(PER_PUPIL_UNKNOWN.failures // 4)]
    for n, tablet in enumerate(tablets):
        for i in range(4):
            wrong(guard, "p_1", tablet, f"addr{n}", T0 + n * 10 + i)
    locks = guard.locks("p_1", now=T0 + 60)
    assert locks["everywhere"] and locks["until"] >= T0 + 3600
    assert "p_1" in guard.locked_pupils(now=T0 + 60)
    guard.lift("p_1")
    assert guard.locks("p_1", now=T0 + 61) == {"everywhere": 0.0, "tablets": 0, "until": 0.0}
    assert guard.refusal("p_1", guard.device_of(None), "addr0", now=T0 + 61) is None


def test_a_flood_from_one_address_stops_even_known_devices_at_last() -> None:
    guard = PinGuard("x" * 32)
    known = [guard.device_of(guard.known_cookie(guard.device_of(None))) for _ in range(40)]
    assert all(d.known for d in known)
    for i in range(300):  # stolen tablet identities, many pupils, 8 guesses per tablet
        wrong(guard, f"p_{i}", known[i % 40], "school", T0 + i)
    assert isinstance(guard.attempt("p_x", known[0], "school", now=T0 + 301), Refusal)


def test_memory_stays_bounded_under_a_flood() -> None:
    guard = PinGuard("x" * 32)
    for i in range(20_000):  # a fresh identity and a new pupil id every time, for hours
        wrong(guard, f"p_{i}", guard.device_of(None), f"addr{i % 1000}", T0 + i * 2)
    assert len(guard.on_device.all_keys()) < 2000
    assert len(guard.pupil.all_keys()) < 4000
