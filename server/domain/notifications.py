"""Telling adults at home: a message to every device of a person that wants that kind of
message (``server/infra/push.py`` sends it), and the message for work a pupil shared.

Every function returns at once with a future that says what happened, and never raises: a
failing push must never break the action that caused it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from functools import partial
from typing import Any

from server.domain import portfolio, school, subscriptions, sync
from server.domain.hiding import hidden_from_family
from server.infra import i18n, push
from server.infra.dates import Listed
from server.infra.i18n import Text, say
from server.infra.push import PushSender, Report

log = logging.getLogger("rugzak.push")
_senders_lock = threading.Lock()


def _rugzak(app: Any) -> Any:
    state = getattr(app, "state", None)
    return getattr(state, "rugzak", None) or app


def get_sender(app: Any) -> PushSender:
    """The sender of this app (a Starlette app or its ``Rugzak``), made on first use."""
    holder = getattr(app, "state", app)
    sender = getattr(holder, "push_sender", None)
    if sender is None:
        with _senders_lock:
            sender = getattr(holder, "push_sender", None)
            if sender is None:
                rz = _rugzak(app)
                sender = PushSender(
                    rz.store,
                    rz.settings.base_url,
                    targets=partial(subscriptions.targets, rz.store.school),
                    forget=partial(subscriptions.forget, rz.store.school),
                )
                setattr(holder, "push_sender", sender)  # noqa: B010
    return sender


def send(
    app: Any, person_id: str | Iterable[str], event: str, title: str, body: str, url: str
) -> Future[Report]:
    """Send a message to every device of a person (or people) that wants this event, each
    in the language the person chose (``i18n.Text`` is said again in it; a plain ``str``
    goes as it is).

    Returns at once; the future says what happened. Never raises: a failing push must
    never break the action that caused it."""
    try:
        people = [person_id] if isinstance(person_id, str) else list(person_id)
        sender = get_sender(app)
        return sender.submit(_send, sender, _rugzak(app), people, event, title, body, url, "")
    except Exception as e:
        log.exception("push: could not send %s", event)
        return push.done(Report(failed=1, errors=[repr(e)]))


def languages(school_file: Any, person_ids: Iterable[str]) -> dict[str, list[str]]:
    """The people by the language of their account (Dutch for anyone without one)."""
    groups: dict[str, list[str]] = {}
    with school_file.transaction() as db:
        for person_id in dict.fromkeys(person_ids):
            adult = school.get_adult(db, person_id)
            lang = i18n.offered(adult.get("language") if adult else None)
            groups.setdefault(lang, []).append(person_id)
    return groups


def _send(
    sender: PushSender,
    rz: Any,
    people: list[str],
    event: str,
    title: str,
    body: str,
    url: str,
    tag: str,
) -> Report:
    """One message per language, to everyone who reads it (in the sender's thread)."""
    total = Report()
    for lang, group in languages(rz.store.school, people).items():
        said = sender.send_now(group, event, say(title, lang), say(body, lang), url, tag, lang)
        total.sent, total.gone = total.sent + said.sent, total.gone + said.gone
        total.failed += said.failed
        total.errors.extend(said.errors)
    return total


def shared_item_ids(ops: list[Any], results: list[dict[str, Any]]) -> list[str]:
    """Items a sync batch made shared (``_shared`` set to true and applied)."""
    return [
        op["item_id"]
        for op, result in zip(ops, results, strict=False)
        if isinstance(op, dict)
        and op.get("type") == "set"
        and op.get("field") == "_shared"
        and op.get("value") is True
        and result.get("status") == sync.APPLIED
    ]


def notify_shared(app: Any, pupil_id: str, item_ids: Iterable[str]) -> Future[Report]:
    """The pupil shared something: tell the pupil's linked adults. Returns at once."""
    try:
        ids = list(dict.fromkeys(item_ids))
        if not ids:
            return push.done(Report())
        sender = get_sender(app)
        return sender.submit(_notify_shared, sender, _rugzak(app), pupil_id, ids)
    except Exception as e:
        log.exception("push: could not notify shared")
        return push.done(Report(failed=1, errors=[repr(e)]))


def _notify_shared(sender: PushSender, rz: Any, pupil_id: str, item_ids: list[str]) -> Report:
    with rz.store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        adults = [link["adult_id"] for link in school.links(db, pupil_id=pupil_id)]
    if pupil is None or not adults:
        return Report()
    database = rz.store.pupil(pupil_id)
    titles = []
    for item_id in item_ids:
        item = portfolio.item(database, item_id)
        if item is None or not item["values"].get("_shared") or hidden_from_family(item):
            continue  # deleted, unshared again in the same batch, or kept from the family
        worksheet = rz.catalog.worksheets.get(item["worksheet"])
        titles.append(Text(worksheet.title) if worksheet else Text("werk"))  # from the catalogue
    if not titles:
        return Report()
    first = pupil["first_name"]
    if len(titles) == 1:
        body = Text("{name} heeft iets gedeeld: {title}", name=first, title=titles[0])
    else:
        body = Text(
            "{name} heeft dingen gedeeld ({count}): {titles}",
            name=first,
            count=len(titles),
            titles=_listed(titles),
        )
    return _send(
        sender,
        rz,
        adults,
        "gedeeld",
        Text("{name} heeft iets gedeeld", name=first),
        body,
        f"/ouder/kind/{pupil_id}",
        f"gedeeld-{pupil_id}",
    )


def _listed(titles: list[Text]) -> Listed:
    """At most four titles; more are counted ("a, b, c en nog 2 andere")."""
    if len(titles) > 4:
        return Listed((*titles[:3], Text("nog {count} andere", count=len(titles) - 3)))
    return Listed(tuple(titles))
