"""Conversation rounds: slots from days, times and breaks; booking, moving and cancelling
under the school file's lock; siblings back to back; the opening moment; waiting list."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from server.domain import planning, round_plan, rounds, school
from server.domain.errors import NotFound, Refused
from server.domain.round_plan import RoundError
from server.domain.rounds import Booker
from server.infra.store import Store
from tests import factories

NOW = datetime(2027, 1, 10, 12, 0)
KINDS = planning.KINDS


def form(**over: str) -> dict[str, str]:
    base = {
        "kind": "voortgangsgesprek",
        "minutes": "15",
        "dag1": "2027-01-20",
        "van1": "15:00",
        "tot1": "16:00",
        "place": "Lokaal 6",
        "open_dag": "2027-01-12",
        "open_tijd": "19:00",
    }
    return {**base, **over}


def anyone(_pupil) -> bool:
    return True


def open_round(store: Store, cls, **over: str) -> str:
    spec = round_plan.parse_round(form(**over), KINDS, NOW)
    round_id, _ = rounds.open_round(store.school, cls.id, spec, "s_teacher", "Voortgangsgesprek")
    return round_id


def test_slots_follow_length_and_skip_the_break() -> None:
    spec = round_plan.parse_round(
        form(tot1="17:00", pauze_van1="15:40", pauze_tot1="16:00", minutes="20"), KINDS, NOW
    )
    starts = [s.start.strftime("%H:%M") for s in round_plan.slots(spec)]
    # 15:00, 15:20; 15:40-16:00 is the break; then 16:00, 16:20, 16:40 (17:00 is the end).
    assert starts == ["15:00", "15:20", "16:00", "16:20", "16:40"]


@pytest.mark.parametrize(
    ("over", "says"),
    [
        ({"minutes": "30"}, "10 tot 20 minuten"),
        ({"minutes": "8"}, "10 tot 20 minuten"),
        ({"tot1": "14:00"}, "eindtijd na de begintijd"),
        ({"dag1": "2026-12-01"}, "al voorbij"),
        ({"dag1": ""}, "ten minste één dag"),
        ({"open_dag": "2027-01-21"}, "vóór het eerste gesprek"),
        ({"pauze_van1": "14:00", "pauze_tot1": "14:30"}, "tussen begin en eind"),
        ({"kind": "feest"}, "wat voor gesprekken"),
        ({"van1": "kwart over drie"}, "kennen we niet"),
    ],
)
def test_bad_rounds_are_refused_in_dutch(over, says) -> None:
    with pytest.raises(RoundError, match=says):
        round_plan.parse_round(form(**over), KINDS, NOW)


def test_twenty_parents_racing_for_five_slots_get_exactly_five(store: Store) -> None:
    cls = factories.school_class(store, group=7)
    round_id = open_round(store, cls, tot1="16:15")  # 15:00 … 16:00: five slots
    families = [
        (p, factories.parent(store, p)) for p in (factories.pupil(store, cls) for _ in range(20))
    ]
    after = NOW + timedelta(days=3)
    wanted = [
        s.key for s in round_plan.slots(round_plan.parse_round(form(tot1="16:15"), KINDS, NOW))
    ]
    assert len(wanted) == 5
    start, outcomes, lock = threading.Barrier(20), [], threading.Lock()

    def race(n: int, pupil, adult) -> None:
        start.wait()
        for slot in wanted[n % 5 :] + wanted[: n % 5]:  # each starts at another slot
            try:
                rounds.book(
                    store.school, round_id, pupil.id, slot, Booker(adult.id, "parent"),
                    anyone, after,
                )  # fmt: skip
            except RoundError as e:
                with lock:
                    outcomes.append(("refused", str(e)))
                continue
            with lock:
                outcomes.append(("booked", slot))
            return

    threads = [threading.Thread(target=race, args=(n, *f)) for n, f in enumerate(families)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    booked = [slot for what, slot in outcomes if what == "booked"]
    assert sorted(booked) == sorted(wanted)  # every slot once, none twice
    refusals = {text for what, text in outcomes if what == "refused"}
    assert refusals == {"Deze tijd is net door iemand anders gekozen. Kies een andere tijd."}
    with store.school.transaction() as db:
        taken = rounds.bookings(db, round_id)
        talks = [c for p, _ in families for c in planning.conversations(db, p.id)]
    assert len(taken) == 5 and len(talks) == 5
    assert {t["at"] for t in talks} == set(wanted)


def test_one_booking_per_child_moving_and_cancelling(store: Store) -> None:
    cls = factories.school_class(store, group=7)
    round_id = open_round(store, cls)
    pupil = factories.pupil(store, cls)
    mother = factories.parent(store, pupil)
    me, later = Booker(mother.id, "parent"), NOW + timedelta(days=3)
    rounds.book(store.school, round_id, pupil.id, "2027-01-20T15:00", me, anyone, later)
    # Booking another slot as the same parent moves the booking (one per child).
    _, _, title, body, _ = rounds.book(
        store.school, round_id, pupil.id, "2027-01-20T15:30", me, anyone, later
    )
    assert "verplaatst naar woensdag 20 januari 2027 om 15:30" in body and "bevestigd" in title
    with store.school.transaction() as db:
        assert list(rounds.bookings(db, round_id)) == ["2027-01-20T15:30"]
        (talk,) = planning.conversations(db, pupil.id)
    assert talk["at"] == "2027-01-20T15:30" and talk["minutes"] == 15
    messages = rounds.cancel(store.school, round_id, pupil.id, "2027-01-20T15:30", me, anyone)
    assert "gaat niet door" in messages[0][3]
    with store.school.transaction() as db:
        assert rounds.bookings(db, round_id) == {}
        assert planning.conversations(db, pupil.id) == []


@pytest.mark.parametrize("allowed", [False, True])
def test_a_second_conversation_only_when_the_teacher_allows_it(store: Store, allowed) -> None:
    cls = factories.school_class(store, group=7)
    later = NOW + timedelta(days=3)
    round_id = open_round(store, cls, **({"tweede": "ja"} if allowed else {}))
    pupil = factories.pupil(store, cls)
    mother, father = factories.parent(store, pupil), factories.parent(store, pupil)
    rounds.book(
        store.school, round_id, pupil.id, "2027-01-20T15:00",
        Booker(mother.id, "parent"), anyone, later,
    )  # fmt: skip

    def book_second() -> None:
        rounds.book(
            store.school, round_id, pupil.id, "2027-01-20T15:15",
            Booker(father.id, "parent"), anyone, later, second=True,
        )  # fmt: skip

    if not allowed:
        with pytest.raises(RoundError, match="tweede gesprek kan bij deze gesprekken niet"):
            book_second()
        return
    book_second()
    with store.school.transaction() as db:
        mine = rounds.pupil_bookings(db, round_id, pupil.id)
    assert [b["adult_id"] for b in mine] == [mother.id, father.id]
    assert [b["second"] for b in mine] == [False, True]
    # Each parent cancels only their own.
    with pytest.raises(Refused):
        rounds.cancel(
            store.school, round_id, pupil.id, "2027-01-20T15:00",
            Booker(father.id, "parent"), anyone,
        )  # fmt: skip


def test_booking_opens_at_its_moment_and_a_day_earlier_for_families_of_two_classes(
    store: Store,
) -> None:
    seven, eight = factories.school_class(store, group=7), factories.school_class(store, group=8)
    round_id = open_round(store, seven, eerder="ja")
    only, elder = factories.pupil(store, seven), factories.pupil(store, seven)
    younger = factories.pupil(store, eight)
    single, both = factories.parent(store, only), factories.parent(store, elder)
    with store.school.transaction() as db:
        school.link(db, both.id, younger.id, "moeder")
    day_before = datetime(2027, 1, 11, 20, 0)  # opens 12 January 19:00
    with pytest.raises(RoundError, match="vanaf dinsdag 12 januari 2027 om 19:00"):
        rounds.book(
            store.school, round_id, only.id, "2027-01-20T15:00",
            Booker(single.id, "parent"), anyone, day_before,
        )  # fmt: skip
    rounds.book(
        store.school, round_id, elder.id, "2027-01-20T15:00",
        Booker(both.id, "parent"), anyone, day_before,
    )  # fmt: skip
    # Too early even for them two days before.
    with pytest.raises(RoundError, match="Kiezen kan nog niet"):
        rounds.book(
            store.school, round_id, only.id, "2027-01-20T15:15",
            Booker(single.id, "parent"), anyone, datetime(2027, 1, 10, 20, 0),
        )  # fmt: skip
    # The teacher may book for a family before it opens (on paper).
    rounds.book(
        store.school, round_id, only.id, "2027-01-20T15:15",
        Booker("s_teacher", "teacher"), anyone, day_before,
    )  # fmt: skip


def test_siblings_are_offered_back_to_back_across_teachers(store: Store) -> None:
    seven, eight = factories.school_class(store, group=7), factories.school_class(store, group=8)
    r7 = open_round(store, seven)
    r8 = open_round(store, eight, van1="14:00", tot1="17:00")
    elder, younger = factories.pupil(store, seven), factories.pupil(store, eight)
    mother = factories.parent(store, elder)
    with store.school.transaction() as db:
        school.link(db, mother.id, younger.id, "moeder")
    later = NOW + timedelta(days=3)
    rounds.book(
        store.school, r7, elder.id, "2027-01-20T15:15", Booker(mother.id, "parent"), anyone, later
    )
    with store.school.transaction() as db:
        offered = rounds.offers(db, rounds.get_round(db, r8), younger.id, later)
    first_two = [(o["key"][11:], o["next_to"]) for o in offered[:2]]
    assert first_two == [("15:00", elder.first_name), ("15:30", elder.first_name)]
    # Never at the same time as the sibling's conversation.
    assert "2027-01-20T15:15" not in [o["key"] for o in offered]


def test_waiting_list_when_full_and_told_when_a_slot_frees(store: Store) -> None:
    cls = factories.school_class(store, group=7)
    round_id = open_round(store, cls, tot1="15:15")  # one slot
    first, second = factories.pupil(store, cls), factories.pupil(store, cls)
    a, b = factories.parent(store, first), factories.parent(store, second)
    later = NOW + timedelta(days=3)
    with pytest.raises(RoundError, match="nog tijden vrij"):
        rounds.join_waiting(
            store.school, round_id, second.id, Booker(b.id, "parent"), anyone, later
        )
    rounds.book(
        store.school, round_id, first.id, "2027-01-20T15:00", Booker(a.id, "parent"), anyone, later
    )
    rounds.join_waiting(store.school, round_id, second.id, Booker(b.id, "parent"), anyone, later)
    messages = rounds.cancel(
        store.school, round_id, first.id, "2027-01-20T15:00", Booker(a.id, "parent"), anyone
    )
    assert messages[1][0] == [b.id] and "tijd vrijgekomen" in messages[1][3]
    rounds.book(
        store.school, round_id, second.id, "2027-01-20T15:00", Booker(b.id, "parent"), anyone, later
    )
    with store.school.transaction() as db:
        assert rounds.waiting(db, round_id) == []  # booked: off the list


def test_no_booking_for_a_child_of_another_class_or_without_permission(store: Store) -> None:
    seven, eight = factories.school_class(store, group=7), factories.school_class(store, group=8)
    round_id = open_round(store, seven)
    stranger = factories.pupil(store, eight)
    later = NOW + timedelta(days=3)
    with pytest.raises(NotFound):
        rounds.book(
            store.school, round_id, stranger.id, "2027-01-20T15:00",
            Booker("a_x", "parent"), anyone, later,
        )  # fmt: skip
    own = factories.pupil(store, seven)
    with pytest.raises(NotFound):
        rounds.book(
            store.school, round_id, own.id, "2027-01-20T15:00",
            Booker("a_x", "parent"), lambda _p: False, later,
        )  # fmt: skip
    with pytest.raises(RoundError, match="bestaat niet"):
        rounds.book(
            store.school, round_id, own.id, "2027-01-20T15:05",
            Booker("a_x", "parent"), anyone, later,
        )  # fmt: skip
