"""The shapes of what the school file and a pupil's file hold, as the domain returns them.

Documents are stored as JSON objects in TinyDB and handed around as dicts, so the records
are ``TypedDict``s: a type checker and a reader see every key, and nothing is converted on
the hot paths. ``id`` is the document's key in its table.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class SchoolInfo(TypedDict):
    name: str
    school_year: str  # "2026-2027"


class SchoolClass(TypedDict):
    id: str
    name: str
    group: int  # 6, 7 or 8
    code: str  # the class code pupils type or scan
    teacher_ids: list[str]


class Pupil(TypedDict):
    id: str
    first_name: str
    last_name: str
    class_id: str
    pin_hash: str
    session_epoch: int  # raised by a PIN reset, "sign out everywhere" or a class change
    created_at: str
    disabled: NotRequired[bool]
    # the administration's pupil number (ParnasSys/ESIS): how a re-import finds her again
    number: NotRequired[str]
    # the date (ISO) she left the school; her portfolio is kept until the retention period ends
    left_on: NotRequired[str]


class Staff(TypedDict):
    id: str
    role: str  # teacher | admin
    username: str
    name: str
    password_hash: str
    session_epoch: int
    disabled: NotRequired[bool]


class Adult(TypedDict):
    """A parent or other adult at home, linked to pupils by invitations."""

    id: str
    name: str
    username: str
    password_hash: str
    session_epoch: int
    language: str
    created_at: str
    disabled: NotRequired[bool]


class Link(TypedDict):
    id: str
    adult_id: str
    pupil_id: str
    relation: str  # a key of school.RELATIONS
    created_at: str


class Invitation(TypedDict):
    id: str
    code_hash: str
    pupil_id: str
    relation: str
    created_by: str
    created_at: str
    expires_at: str
    used_at: str | None
    used_by: str | None


class Item(TypedDict):
    """One worksheet in a pupil's portfolio: values and revisions per flat field name."""

    id: str
    worksheet: str
    group: int
    school_year: str
    created_at: str
    created_by: str
    deleted: bool
    values: dict[str, Any]  # also "_status", "_shared", "_title", "_step" (its year-plan step)
    revs: dict[str, int]
    updated_at: NotRequired[str]
    deleted_rev: NotRequired[int]


class HistoryEntry(TypedDict):
    item_id: str
    field: str
    by: str
    role: str
    at: str
    op_id: str
    base_rev: int
    kind: str  # set | conflict
    value: Any
    rev: int
    old: NotRequired[Any]


class Assignment(TypedDict):
    """A thuisopdracht handed out to a class, due on a day (school time, ``YYYY-MM-DD``)."""

    id: str
    class_id: str
    worksheet: str
    title: str
    due: str
    created_by: str
    created_at: str
    reminded: bool  # the reminder went out (or the new-assignment message was the reminder)


class Conversation(TypedDict):
    """A planned conversation with a pupil and their adults, at school time ``YYYY-MM-DDTHH:MM``."""

    id: str
    pupil_id: str
    kind: str  # a key of planning.KINDS
    at: str
    place: str
    created_by: str
    created_at: str
    reminded: bool


class PaperHandin(TypedDict):
    """In a pupil's file: a home assignment the teacher received on paper, signed at home."""

    id: str  # "<worksheet>:<group>:<school year>"
    worksheet: str
    group: int
    school_year: str
    by: str
    by_name: str
    at: str


class Subscription(TypedDict):
    """One device of a person that receives push messages (``push_subscriptions``)."""

    id: str
    person_id: str
    role: str
    endpoint: str  # the push service URL: a capability, never logged whole
    keys: dict[str, str]  # p256dh, auth
    events: list[str]  # the kinds of message this device wants
    created_at: str
