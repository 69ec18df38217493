"""A conversation round's plan: the days, times, breaks and length a teacher types, read
into a round, and the slots that follow from it (``slots``). Pure: no file is read here;
booking the slots is ``rounds.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from server.domain import planning
from server.domain.errors import Invalid
from server.infra import i18n

MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 10, 20, 15
MAX_DAYS = 5


class RoundError(Invalid):
    """Input to correct, in Dutch; the page shows it beside the form. ``msgid`` and
    ``params`` let a parent's page show it in the parent's language."""

    def __init__(self, message: str, **params: i18n.Value) -> None:
        dutch = {k: i18n.say(v, i18n.DEFAULT) for k, v in params.items()}
        super().__init__(message % dutch if params else message)
        self.msgid, self.params = message, params

    def in_language(self, lang: str) -> str:
        """The message in ``lang``: its values too (a day is said as that language says it)."""
        said = {k: i18n.say(v, lang) for k, v in self.params.items()}
        pattern = i18n.translate(self.msgid, lang)
        return pattern % said if said else pattern


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        return self.start.isoformat(timespec="minutes")


# --- reading the teacher's form ---


def _time(text: str, what: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise RoundError(
            f"De tijd bij {what} kennen we niet. Kies een tijd, zoals 15:30."
        ) from None


def parse_round(form: Mapping[str, str], kinds: Mapping[str, str], now: datetime) -> dict:
    """The round a teacher typed: up to MAX_DAYS days, each with a start, an end and an
    optional break, a length of 10-20 minutes and the moment booking opens."""
    kind = form.get("kind", "")
    if kind not in kinds:
        raise RoundError("Kies wat voor gesprekken het zijn.")
    try:
        minutes = int(form.get("minutes") or DEFAULT_MINUTES)
    except ValueError:
        minutes = 0
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise RoundError(f"Een gesprek duurt {MIN_MINUTES} tot {MAX_MINUTES} minuten.")
    days = []
    for n in range(1, MAX_DAYS + 1):
        day_text = form.get(f"dag{n}", "")
        if not day_text:
            continue
        what = f"dag {n}"
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise RoundError(f"De datum van {what} kennen we niet.") from None
        if day < now.date():
            raise RoundError(f"De datum van {what} is al voorbij.")
        if day > now.date() + timedelta(days=planning.MAX_DAYS_AHEAD):
            raise RoundError(f"De datum van {what} ligt meer dan een jaar vooruit.")
        start = _time(form.get(f"van{n}", ""), what)
        end = _time(form.get(f"tot{n}", ""), what)
        if end <= start:
            raise RoundError(f"Bij {what} moet de eindtijd na de begintijd liggen.")
        pause = None
        if form.get(f"pauze_van{n}") or form.get(f"pauze_tot{n}"):
            p_start = _time(form.get(f"pauze_van{n}", ""), f"de pauze van {what}")
            p_end = _time(form.get(f"pauze_tot{n}", ""), f"de pauze van {what}")
            if not start <= p_start < p_end <= end:
                raise RoundError(f"De pauze van {what} moet tussen begin en eind liggen.")
            pause = [p_start.isoformat("minutes"), p_end.isoformat("minutes")]
        if any(d["date"] == day.isoformat() for d in days):
            raise RoundError(f"De datum van {what} staat er al.")
        days.append(
            {
                "date": day.isoformat(),
                "start": start.isoformat("minutes"),
                "end": end.isoformat("minutes"),
                "pause": pause,
            }
        )
    if not days:
        raise RoundError("Vul ten minste één dag in, met een begin- en eindtijd.")
    opens = form.get("open_dag", ""), form.get("open_tijd", "") or "00:00"
    if opens[0]:
        try:
            opens_at = datetime.combine(date.fromisoformat(opens[0]), time.fromisoformat(opens[1]))
        except ValueError:
            raise RoundError("Het moment waarop inschrijven opent, kennen we niet.") from None
    else:
        opens_at = now.replace(second=0, microsecond=0)
    first = min(datetime.fromisoformat(f"{d['date']}T{d['start']}") for d in days)
    if opens_at >= first:
        raise RoundError("Inschrijven moet openen vóór het eerste gesprek.")
    round_ = {
        "kind": kind,
        "minutes": minutes,
        "days": sorted(days, key=lambda d: d["date"]),
        "place": form.get("place", "")[: planning.MAX_PLACE],
        "opens_at": opens_at.isoformat(timespec="minutes"),
        "early_days": 1 if form.get("eerder") == "ja" else 0,
        "second_allowed": form.get("tweede") == "ja",
    }
    if not slots(round_):
        raise RoundError("Tussen begin en eind past geen enkel gesprek. Kies een langere tijd.")
    return round_


def slots(round_: Mapping[str, Any]) -> list[Slot]:
    """Every slot of the round, in time order: back to back from each day's start, none
    overlapping the break, none running past the end."""
    length = timedelta(minutes=round_["minutes"])
    found = []
    for day in round_["days"]:
        at = datetime.fromisoformat(f"{day['date']}T{day['start']}")
        end = datetime.fromisoformat(f"{day['date']}T{day['end']}")
        pause = day.get("pause")
        p_start = datetime.fromisoformat(f"{day['date']}T{pause[0]}") if pause else None
        p_end = datetime.fromisoformat(f"{day['date']}T{pause[1]}") if pause else None
        while at + length <= end:
            if p_start and p_end and at < p_end and at + length > p_start:
                at = p_end
                continue
            found.append(Slot(at, at + length))
            at += length
    return found
