"""The school file (server/domain/school.py): classes and their codes, pupils, staff, adults,
the links between adults and pupils, and the one-time invitation codes."""

from __future__ import annotations

import pytest

from server.domain import school
from server.infra import passwords
from server.infra.store import Store
from server.infra.store import stored as read_stored
from tests import factories

# --- the school and its classes ---


def test_an_empty_school_has_no_name_or_year(store: Store) -> None:
    with store.school.transaction() as db:
        assert school.info(db) == {"name": "", "school_year": ""}
        school.set_info(db, "Testschool", "2026-2027")
    with store.school.transaction() as db:
        assert school.info(db) == {"name": "Testschool", "school_year": "2026-2027"}


def test_class_codes_are_six_unambiguous_characters_and_unique(store: Store) -> None:
    codes = [factories.school_class(store, group=6).code for _ in range(30)]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(school.CODE_ALPHABET)
        assert not set(code) & set("01OIL")  # easy to mistype from paper


def test_a_class_is_found_by_its_code_as_pupils_type_it(store: Store) -> None:
    cls = factories.school_class(store, group=8)
    typed = f" {cls.code[:3].lower()}-{cls.code[3:]} "
    with store.school.transaction() as db:
        assert school.class_by_code(db, typed)["id"] == cls.id
        assert school.class_by_code(db, "ZZZZZZ") is None


def test_classes_are_listed_by_group_then_name(store: Store) -> None:
    with store.school.transaction() as db:
        for name, group in (("8b", 8), ("6", 6), ("8a", 8), ("7", 7)):
            school.create_class(db, name, group, [])
        assert [c["name"] for c in school.classes(db)] == ["6", "7", "8a", "8b"]


def test_class_names_are_unique_ignoring_case_and_spaces(store: Store) -> None:
    with store.school.transaction() as db:
        class_id = school.create_class(db, "Groep 7", 7, [])
        assert school.class_name_taken(db, "  groep 7 ")
        assert not school.class_name_taken(db, "Groep 7b")
        # Renaming a class to its own name is not a clash.
        assert not school.class_name_taken(db, "GROEP 7", except_id=class_id)


def test_update_class_changes_only_the_given_fields(store: Store) -> None:
    teacher = factories.teacher(store)
    cls = factories.school_class(store, group=6)
    with store.school.transaction() as db:
        school.update_class(db, cls.id, teacher_ids=[teacher.id])
        stored = school.get_class(db, cls.id)
    assert stored["teacher_ids"] == [teacher.id]
    assert (stored["name"], stored["group"], stored["code"]) == (cls.name, 6, cls.code)


# --- pupils ---


def test_pupils_are_listed_per_class_by_first_name(store: Store) -> None:
    a, b = factories.school_class(store, group=6), factories.school_class(store, group=7)
    with store.school.transaction() as db:
        for first in ("Zoë", "Aad", "Mo"):
            school.create_pupil(db, first, "Test", a.id, "hash")
        school.create_pupil(db, "Bo", "Test", b.id, "hash")
        assert [p["first_name"] for p in school.pupils(db, a.id)] == ["Aad", "Mo", "Zoë"]
        assert [p["first_name"] for p in school.pupils(db, b.id)] == ["Bo"]
        assert len(school.pupils(db)) == 4


def test_full_name_leaves_no_space_without_a_last_name() -> None:
    assert school.full_name({"first_name": "Mo", "last_name": ""}) == "Mo"
    assert school.full_name({"first_name": "Mo", "last_name": "Test"}) == "Mo Test"


def test_a_new_pin_ends_every_session_of_the_pupil(store: Store) -> None:
    pupil = factories.pupil(store, factories.school_class(store))
    with store.school.transaction() as db:
        before = school.get_pupil(db, pupil.id)
        school.reset_pin(db, pupil.id, passwords.hash_secret("9753", factories.FAST_HASH))
        after = school.get_pupil(db, pupil.id)
    assert after["session_epoch"] == before["session_epoch"] + 1
    assert passwords.verify_secret("9753", after["pin_hash"])
    assert not passwords.verify_secret(pupil.pin, after["pin_hash"])


# --- staff and adults ---


def test_usernames_are_stored_lower_case_and_found_as_typed(store: Store) -> None:
    with store.school.transaction() as db:
        staff_id = school.create_staff(db, "teacher", " Juf.Test ", "Juf Test", "hash")
        adult_id = school.create_adult(db, "Parent Test", "Ouder.Test", "hash")
        assert school.get_staff(db, staff_id)["username"] == "juf.test"
        assert school.staff_by_username(db, "JUF.TEST ")["id"] == staff_id
        assert school.adult_by_username(db, "ouder.test")["id"] == adult_id
        assert school.staff_by_username(db, "ouder.test") is None


def test_a_username_is_taken_by_staff_and_adults_alike(store: Store) -> None:
    teacher = factories.teacher(store)
    parent = factories.parent(store, factories.pupil(store, factories.school_class(store)))
    with store.school.transaction() as db:
        assert school.username_taken(db, teacher.username.upper())
        assert school.username_taken(db, parent.username)
        assert not school.username_taken(db, "nobody.here")


def test_staff_are_listed_by_role_and_name(store: Store) -> None:
    admin = factories.admin(store)
    teachers = [factories.teacher(store) for _ in range(2)]
    with store.school.transaction() as db:
        by_name = [t.id for t in sorted(teachers, key=lambda t: t.name)]
        assert [s["id"] for s in school.staff(db, "teacher")] == by_name
        assert [s["id"] for s in school.staff(db, "admin")] == [admin.id]
        assert len(school.staff(db)) == 3


def test_sign_out_everywhere_bumps_the_epoch(store: Store) -> None:
    teacher = factories.teacher(store)
    with store.school.transaction() as db:
        school.bump_epoch(db, "staff", teacher.id)
        school.bump_epoch(db, "staff", teacher.id)
        assert school.get_staff(db, teacher.id)["session_epoch"] == 2


# --- links between adults and pupils ---


def test_linking_twice_keeps_one_link(store: Store) -> None:
    pupil = factories.pupil(store, factories.school_class(store))
    with store.school.transaction() as db:
        adult_id = school.create_adult(db, "Parent Test", "parent.twice", "hash")
        first = school.link(db, adult_id, pupil.id, "vader")
        again = school.link(db, adult_id, pupil.id, "moeder")
        assert first == again
        [link] = school.links(db, pupil_id=pupil.id)
    assert link["relation"] == "vader"  # the first relation stays


def test_links_are_found_from_either_side(store: Store) -> None:
    cls = factories.school_class(store)
    sister, brother = factories.pupil(store, cls), factories.pupil(store, cls)
    mother = factories.parent(store, sister)
    with store.school.transaction() as db:
        school.link(db, mother.id, brother.id, "moeder")
        other = school.create_adult(db, "Other Adult", "other.adult", "hash")
        school.link(db, other, brother.id, "verzorger")
        assert {x["pupil_id"] for x in school.links(db, adult_id=mother.id)} == {
            sister.id,
            brother.id,
        }
        assert {x["adult_id"] for x in school.links(db, pupil_id=brother.id)} == {
            mother.id,
            other,
        }
        [only] = school.links(db, pupil_id=brother.id, adult_id=other)
        assert only["relation"] == "verzorger"


def test_unlink_removes_only_that_link(store: Store) -> None:
    cls = factories.school_class(store)
    a, b = factories.pupil(store, cls), factories.pupil(store, cls)
    parent = factories.parent(store, a)
    with store.school.transaction() as db:
        school.link(db, parent.id, b.id, "moeder")
        [link_a] = school.links(db, pupil_id=a.id)
        school.unlink(db, link_a["id"])
        assert school.links(db, pupil_id=a.id) == []
        assert [x["pupil_id"] for x in school.links(db, adult_id=parent.id)] == [b.id]
        assert school.get_adult(db, parent.id) is not None  # the account itself stays


# --- invitations ---


def test_an_invitation_code_is_printed_in_two_halves_and_only_its_hash_is_stored(
    store: Store,
) -> None:
    pupil = factories.pupil(store, factories.school_class(store))
    code = factories.invitation(store, pupil, relation="vader")
    first, second = code.split("-")
    assert len(first) == len(second) == 4
    assert set(first + second) <= set(school.CODE_ALPHABET)
    on_disk = "".join(p.read_text() for p in store.data_dir.glob("school.*"))
    assert first + second not in on_disk and code not in on_disk
    [stored] = read_stored(store.data_dir / "school.json")["invitations"].values()
    assert stored["pupil_id"] == pupil.id and stored["relation"] == "vader"


def test_an_invitation_is_found_however_the_code_is_typed(store: Store) -> None:
    pupil = factories.pupil(store, factories.school_class(store))
    code = factories.invitation(store, pupil)
    with store.school.transaction() as db:
        for typed in (code, code.lower(), code.replace("-", ""), f" {code[:2]} {code[2:]} "):
            assert school.find_invitation(db, typed)["pupil_id"] == pupil.id


def test_an_invitation_works_once(store: Store) -> None:
    pupil = factories.pupil(store, factories.school_class(store))
    code = factories.invitation(store, pupil)
    with store.school.transaction() as db:
        inv = school.find_invitation(db, code)
        adult_id = school.create_adult(db, "Parent Test", "parent.once", "hash")
        school.use_invitation(db, inv["id"], adult_id)
    with store.school.transaction() as db:
        with pytest.raises(school.InvitationError, match="al gebruikt"):
            school.find_invitation(db, code)
        [used] = school.invitations(db, pupil.id)
    assert used["used_by"] == adult_id and used["used_at"]


def test_an_expired_or_unknown_invitation_is_refused(store: Store) -> None:
    pupil = factories.pupil(store, factories.school_class(store))
    expired = factories.invitation(store, pupil, days=-1)
    with store.school.transaction() as db:
        with pytest.raises(school.InvitationError, match="verlopen"):
            school.find_invitation(db, expired)
        with pytest.raises(school.InvitationError, match="kennen we niet"):
            school.find_invitation(db, "ABCD-EFGH")


def test_invitations_of_a_pupil_newest_first(store: Store) -> None:
    cls = factories.school_class(store)
    pupil, other = factories.pupil(store, cls), factories.pupil(store, cls)
    with store.school.transaction() as db:
        school.create_invitation(db, other.id, "s_000000000000", 14)
        ids = [school.create_invitation(db, pupil.id, "s_000000000000", 14)[0] for _ in range(3)]
        # Made within one second: give them distinct times to see the order.
        for n, inv_id in enumerate(ids):
            db.table("invitations").patch(inv_id, {"created_at": f"2026-01-0{n + 1}T10:00:00"})
        assert [i["id"] for i in school.invitations(db, pupil.id)] == ids[::-1]


def test_a_parent_from_the_factory_is_linked_by_a_used_invitation(store: Store) -> None:
    pupil = factories.pupil(store, factories.school_class(store))
    parent = factories.parent(store, pupil, relation="verzorger")
    with store.school.transaction() as db:
        [link] = school.links(db, pupil_id=pupil.id)
        [inv] = school.invitations(db, pupil.id)
        adult = school.get_adult(db, parent.id)
    assert (link["adult_id"], link["relation"]) == (parent.id, "verzorger")
    assert inv["used_by"] == parent.id
    assert passwords.verify_secret(parent.password, adult["password_hash"])
