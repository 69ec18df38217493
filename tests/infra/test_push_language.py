"""Push messages in the recipient parent's language: one message is made (an ``i18n.Text``)
and each parent's phone receives it in the language of their account, with ``lang`` and
``dir`` for the service worker, through the loopback push service (decrypted as a browser
would). Open-day reminders are an event of their own.

The Turkish and Arabic cases read the expected text from those catalogues: they run once
``server/infra/locale/{tr,ar}/LC_MESSAGES/rugzak.po`` are in the tree.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from babel.messages.pofile import read_po

from server.domain import notifications as tell
from server.domain import reminders, school, subscriptions
from server.domain.shortlist import VISITS
from server.infra import dates, i18n
from server.infra.i18n import Text
from tests.helpers.push_service import Device, open_message, start_service, subscribe

BODY = "Het gesprek over {name} is gepland op {day} om {time} ({place})."
TITLE = "{round}: bevestigd"
AT = datetime(2027, 1, 20, 15, 30)


@pytest.fixture
def service():
    s = start_service()
    yield s
    s.server.shutdown()
    s.server.server_close()


def adult_id(app, username: str) -> str:
    with app.state.rugzak.store.school.transaction() as db:
        return school.adult_by_username(db, username)["id"]


def catalogue_text(lang: str, msgid: str) -> str:
    """The translation as the catalogue has it (the test's own reading of the .po file)."""
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "rugzak.po"
    if not path.exists():
        pytest.skip(f"no {lang} catalogue in this tree yet ({path.name} of the {lang} work)")
    with path.open("rb") as f:
        message = read_po(f, locale=lang).get(msgid)
    assert message is not None and message.string, f"{lang}: no translation of {msgid!r}"
    assert message.string != msgid, f"{lang}: {msgid!r} is not translated"
    return message.string


def expected(lang: str, msgid: str, **values: str) -> str:
    pattern = msgid if lang == "nl" else catalogue_text(lang, msgid)
    return pattern.format(**values)


def the_message() -> tuple[Text, Text]:
    kind = Text("Voortgangsgesprek")
    title = Text(TITLE, round=kind)
    body = Text(BODY, name="Emma", day=dates.Day(AT), time=dates.Clock(AT), place="lokaal 6 – één")
    return title, body


@pytest.mark.parametrize("lang", ["en", "tr", "ar"])
def test_a_push_arrives_in_the_parents_language(app, clients, service, lang) -> None:
    kind = "Voortgangsgesprek" if lang == "nl" else catalogue_text(lang, "Voortgangsgesprek")
    want_title = expected(lang, TITLE, round=kind)
    want_body = expected(
        lang,
        BODY,
        name="Emma",
        day=dates.weekday(AT, lang),
        time="15:30",
        place="lokaal 6 – één",  # what the teacher typed stays as typed
    )
    parent = clients.parent("moeder.emma")
    r = parent.post("/taal", data={"lang": lang, "terug": "/ouder"}, follow_redirects=False)
    assert r.status_code == 303
    phone = Device(service.endpoint(f"phone-{lang}"))
    subscribe(parent, phone)
    me = adult_id(app, "moeder.emma")
    title, body = the_message()
    report = tell.send(app, me, "gesprek", title, body, "/ouder").result(timeout=10)
    assert (report.sent, report.failed) == (1, 0), report
    message = open_message(service.received[0], phone)
    assert message["lang"] == lang
    assert message["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert message["title"] == want_title
    assert message["body"] == want_body
    assert "gepland op" not in message["body"]  # not the Dutch


def test_one_message_reaches_two_languages_each_in_its_own(app, clients, service) -> None:
    """A class's parents read different languages: each gets the same news in theirs."""
    emma, noor = clients.parent("moeder.emma"), clients.parent("moeder.noor")
    emma.post("/taal", data={"lang": "en", "terug": "/"}, follow_redirects=False)
    emma_phone, noor_phone = Device(service.endpoint("emma")), Device(service.endpoint("noor"))
    subscribe(emma, emma_phone)
    subscribe(noor, noor_phone)  # Dutch: never chose another language
    people = [adult_id(app, "moeder.emma"), adult_id(app, "moeder.noor")]
    title, body = the_message()
    assert tell.send(app, people, "gesprek", title, body, "/ouder").result(10).sent == 2
    got = {r.path: open_message(r, emma_phone if r.path == "/emma" else noor_phone)
           for r in service.received}  # fmt: skip
    assert got["/emma"]["lang"] == "en" and got["/noor"]["lang"] == "nl"
    assert got["/emma"]["body"] == (
        "The conversation about Emma is planned for Wednesday, 20 January 2027 at 15:30 "
        "(lokaal 6 – één)."
    )
    assert got["/noor"]["body"] == (
        "Het gesprek over Emma is gepland op woensdag 20 januari 2027 om 15:30 (lokaal 6 – één)."
    )
    assert got["/emma"]["title"] == "Progress conversation: confirmed"


def test_plain_text_goes_as_it_is(app, clients, service) -> None:
    parent = clients.parent("moeder.emma")
    parent.post("/taal", data={"lang": "en", "terug": "/"}, follow_redirects=False)
    phone = Device(service.endpoint("plain"))
    subscribe(parent, phone)
    me = adult_id(app, "moeder.emma")
    assert tell.send(app, me, "gedeeld", "Titel", "Tekst", "/ouder").result(10).sent == 1
    message = open_message(service.received[0], phone)
    assert (message["title"], message["body"], message["lang"]) == ("Titel", "Tekst", "en")


# --- open days: an event of their own ----------------------------------------------------


def plan_visit(app, demo, at: datetime) -> None:
    with app.state.rugzak.store.school.transaction() as db:
        db.table(VISITS).put(
            "v_test",
            {
                "pupil_id": demo.pupil_ids["Emma de Vries"],
                "name": "Het Lyceum",
                "at": at.isoformat(),
            },
        )


def test_open_day_reminders_have_their_own_event(app, clients, demo, service) -> None:
    assert "herinnering-opendag" in subscriptions.EVENTS
    assert (
        subscriptions.EVENTS["herinnering-opendag"] != subscriptions.EVENTS["herinnering-gesprek"]
    )
    parent = clients.parent("moeder.emma")
    parent.post("/taal", data={"lang": "en", "terug": "/"}, follow_redirects=False)
    talks_only = Device(service.endpoint("talks-only"))
    open_days = Device(service.endpoint("open-days"))
    subscribe(parent, talks_only, ["herinnering-gesprek"])
    subscribe(parent, open_days, ["herinnering-opendag"])
    now = datetime(2027, 2, 1, 9, 0)
    plan_visit(app, demo, datetime(2027, 2, 1, 19, 0))
    with app.state.rugzak.store.school.transaction() as db:
        [message] = reminders.claim_reminders(db, now)
    assert message[1] == "herinnering-opendag"
    assert tell.send(app, *message).result(10).sent == 1
    assert [r.path for r in service.received] == ["/open-days"]
    got = open_message(service.received[0], open_days)
    assert got["title"] == "Reminder: open day"
    assert got["body"] == "Open day at Het Lyceum: Monday, 1 February 2027 at 19:00"


def test_a_device_from_before_the_open_day_event_keeps_its_choice(app) -> None:
    """Devices that subscribed before open days had an event of their own got them with the
    conversations' reminders: they still do, and only if they wanted those."""
    old_yes = {"events": ["gesprek", "herinnering-gesprek"]}  # no "offered": from before
    old_no = {"events": ["gesprek"]}
    new_no = {"events": ["herinnering-gesprek"], "offered": list(subscriptions.EVENTS)}
    assert subscriptions.wants(old_yes, "herinnering-opendag")
    assert not subscriptions.wants(old_no, "herinnering-opendag")
    assert not subscriptions.wants(new_no, "herinnering-opendag")
    assert subscriptions.wants(new_no, "herinnering-gesprek")


def test_the_retention_notice_reaches_every_phone_in_its_language(app, clients, service) -> None:
    """Thirty days before a leaver's Rugzak goes, her parent hears it, in English, even on a
    phone that chose only a few kinds of message (server/domain/retention.py)."""
    from datetime import date, timedelta

    from server.domain import retention

    store = app.state.rugzak.store
    parent = clients.parent("moeder.emma")
    parent.post("/taal", data={"lang": "en", "terug": "/"}, follow_redirects=False)
    phone = Device(service.endpoint("leaver"))
    subscribe(parent, phone, events=["compliment"])
    today = date(2027, 6, 1)
    with store.school.transaction() as db:
        emma = next(p for p in school.pupils(db) if p["first_name"] == "Emma")
        left_on = (today - timedelta(days=365 - 20)).isoformat()  # due in about 20 days
        school.update_pupil(db, emma["id"], left_on=left_on, class_id="")

    def notify(adults, event, title, body, url):
        return tell.send(app, adults, event, title, body, url).result(timeout=10)

    report = retention.run(store, today, notify)
    assert report.noticed == 1 and report.deleted == 0
    message = open_message(service.received[0], phone)
    assert message["lang"] == "en"
    assert message["title"] == "Emma's Rugzak will be deleted"
    due = retention.add_months(date.fromisoformat(left_on), 12)
    assert dates.day(due, "en") in message["body"]  # "31 May 2028", not 31-05-2028
