"""Portfolio content for the demo school: what pupils of De Horizon wrote over three years.

Group 8 pupils have self-portraits from groups 6 and 7 (some also from 8), the quality top 3 of
group 6, the interviews of group 7, a mini-stage with photos, and this year's school search;
group 7 has last year's self-portrait and this year's first assignments; group 6 has only just
started. Some pupils are nearly empty, as in any real class.

Everything goes through ``worksheet_ops.apply`` as a pupil's tablet would send it (create, set
field by field, share, mark as done), so history and revisions look like the real thing, and
every value is checked by the worksheet definitions: if a definition changes so that a value
here no longer fits, ``DemoContentError`` names the worksheet and the field.

Items of earlier school years are written with that year's group and school year, and their
history is dated in that year (see ``_clock``). The photos are drawn by ``drawings`` (simple but
recognisable scenes) and stored through ``media.save``, so they are re-encoded like uploads.
The text is written in the voice of children of 9 to 12 and of their parents.
Everything is deterministic: seeded by the pupil's name, not by the clock (except that this
year's dates are never later than the day before the demo is made).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from server.demo.drawings import photo
from server.domain import contributions, media, portfolio, school, sync, worksheet_ops
from server.infra.store import Store
from server.worksheets import Catalog

if TYPE_CHECKING:
    from server.demo import DemoLogins

Values = dict[str, Any]

# The scale from low to high: in the level strings below, digit 0 is "niet zo", 3 is "altijd".
LEVELS = ("niet-zo", "soms", "vaak", "altijd")
# The order of the 15 statements in the level strings (checked against the catalog).
STATEMENTS = (
    "netjes",
    "plannen",
    "tempo",
    "afspraken",
    "concentreren",
    "problemen-oplossen",
    "samenwerken",
    "vertrouwen",
    "nieuwe-dingen",
    "informatie-zoeken",
    "beter-worden",
    "spelen",
    "weet-wat-leuk",
    "weet-wat-belangrijk",
    "uitproberen",
)
# "Ik ben de ... van deze leerling": the school's relation names to the worksheet's choices.
ROLE_CHOICES = {"moeder": "moeder", "vader": "vader", "oudere broer of zus": "oudere-broer-of-zus"}
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


class DemoContentError(RuntimeError):
    """The demo content does not fit the worksheet definitions (any more)."""


def fill_portfolios(store: Store, catalog: Catalog, logins: DemoLogins) -> None:
    """Write the demo pupils' portfolios: items, history and photos."""
    statements = tuple(option.key for option in catalog.statements)
    if statements != STATEMENTS:
        raise DemoContentError(
            f"demo content expects the statements {STATEMENTS}, got {statements}"
        )
    scale = {option.key for option in catalog.scale}
    if scale != set(LEVELS):
        raise DemoContentError(f"demo content expects the scale {LEVELS}, got {sorted(scale)}")
    now = datetime.now(UTC).replace(microsecond=0)
    found: dict[str, tuple[str, int, list[tuple[str, str, str]]]] = {}
    with store.school.transaction() as db:
        school_year = school.info(db)["school_year"]
        for name, pupil_id in logins.pupil_ids.items():
            pupil = school.get_pupil(db, pupil_id)
            klass = school.get_class(db, pupil["class_id"]) if pupil else None
            if klass is None:
                continue
            adults = []
            for link in school.links(db, pupil_id=pupil_id):
                adult = school.get_adult(db, link["adult_id"])
                if adult is not None:
                    adults.append((adult["name"], link["relation"], adult["id"]))
            found[name] = (pupil_id, klass["group"], adults)
    first_year = int(school_year[:4])
    for name, profile in PROFILES.items():
        if name not in found:
            continue
        pupil_id, group, adults = found[name]
        pupil = _Pupil(store, catalog, name, pupil_id, group, first_year, adults, profile, now)
        profile.build(pupil)


# ---------------------------------------------------------------------------------------------
# Writing items the way a tablet does


@contextmanager
def _clock(start: datetime) -> Iterator[None]:
    """Let the portfolio stamp history with ``start`` (one second later per stamp), not now.

    The demo is made in one go, but its items span three school years: backdating keeps the
    history of a group 6 self-portrait in group 6. Only used while the demo is created, before
    any server runs on the data folder.
    """
    if not callable(getattr(portfolio, "now_iso", None)):
        raise DemoContentError("portfolio.now_iso is gone: the demo cannot date its history")
    ticks = itertools.count()
    original = portfolio.now_iso

    def backdated() -> str:
        return (start + timedelta(seconds=next(ticks))).isoformat(timespec="seconds")

    portfolio.now_iso = backdated
    try:
        yield
    finally:
        portfolio.now_iso = original


@dataclass(frozen=True)
class Profile:
    birthday: tuple[int, int]  # day, month
    home: str  # "Thuis woon ik met:"
    build: Callable[[_Pupil], None]


class _Pupil:
    """One demo pupil: dates, age, adults, and the items written for them."""

    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        name: str,
        pupil_id: str,
        group: int,
        first_year: int,
        adults: list[tuple[str, str, str]],
        profile: Profile,
        now: datetime,
    ) -> None:
        self.store, self.catalog, self.name, self.id = store, catalog, name, pupil_id
        self.group, self.first_year = group, first_year
        self.adults = [(adult_name, relation) for adult_name, relation, _ in adults]
        self.adult_ids = {adult_name: adult_id for adult_name, _, adult_id in adults}
        self.profile, self.now = profile, now
        self.first_name = name.split(" ")[0]
        self._ids = random.Random(f"rugzak-demo/{name}/ids")

    # --- dates -------------------------------------------------------------------------------

    def year_start(self, group: int) -> int:
        """The calendar year in which the pupil's school year in ``group`` began."""
        return self.first_year - (self.group - group)

    def school_year(self, group: int) -> str:
        start = self.year_start(group)
        return f"{start}-{start + 1}"

    def at(self, group: int, month: int, day: int, hour: int = 15, minute: int = 0) -> datetime:
        """A moment in the school year of ``group``."""
        year = self.year_start(group) + (0 if month >= 8 else 1)
        moment = datetime(year, month, day, hour, minute, tzinfo=UTC)
        if group != self.group:
            return moment
        # Not later than yesterday evening (the same all day long, so the demo stays
        # deterministic), and never before this school year began.
        latest = self.now.replace(hour=0, minute=0, second=0) - timedelta(hours=4)
        earliest = datetime(self.year_start(group), 8, 1, 9, 0, tzinfo=UTC)
        return max(earliest, min(moment, latest))

    def day(self, group: int, month: int, day: int) -> str:
        """A date for a "Wanneer?" field (may be a plan for later this year)."""
        year = self.year_start(group) + (0 if month >= 8 else 1)
        return f"{year:04d}-{month:02d}-{day:02d}"

    def age(self, when: datetime) -> str:
        day, month = self.profile.birthday
        # Groep 8 in the school year starting in S: born from October S-13 to September S-12.
        born = self.first_year - (self.group + 4) - (1 if month >= 10 else 0)
        years = when.year - born - ((when.month, when.day) < (month, day))
        return str(years)

    # --- values ------------------------------------------------------------------------------

    def about(self, when: datetime) -> Values:
        day, month = self.profile.birthday
        return {
            "naam": self.name,
            "leeftijd": self.age(when),
            "verjaardag": f"{day} {MONTHS[month - 1]}",
            "woon-met": self.profile.home,
        }

    def grow(self, levels: str, group: int, up: tuple[str, ...] = (), down: tuple[str, ...] = ()):
        """Next year's answers: mostly the same or one step up, now and then one step down."""
        rng = random.Random(f"rugzak-demo/{self.name}/groei/{group}")
        out = []
        for key, digit in zip(STATEMENTS, _digits(levels), strict=True):
            roll = rng.random()
            step = 1 if roll < 0.3 else -1 if roll > 0.92 else 0
            step = 1 if key in up else -1 if key in down else step
            out.append(str(min(3, max(0, digit + step))))
        return "".join(out)

    def adult(self, relation: str = "") -> tuple[str, str]:
        for name, rel in self.adults:
            if not relation or rel == relation:
                return name, rel
        raise DemoContentError(f"demo content: {self.name} has no linked adult {relation!r}")

    def parent_part(
        self, when: datetime, comment: str, answers: str = "ja ja ja", relation: str = ""
    ) -> Values:
        """The home assignment's last section, filled by the adult on their own phone."""
        name, rel = self.adult(relation)
        one, two, three = answers.split()
        signed = when + timedelta(minutes=20)
        return {
            "ouder-vraag-1": one,
            "ouder-vraag-2": two,
            "ouder-vraag-3": three,
            "ouder-toelichting": comment,
            "ouder-rol": ROLE_CHOICES.get(rel, rel),
            "ouder-handtekening": {
                "naam": name,
                "bevestigd": True,
                "op": signed.isoformat(timespec="seconds"),
            },
        }

    def photos(self, scene: str, count: int, when: datetime) -> list[str]:
        """Draw, 'upload' (media.save re-encodes) and return the media ids of some photos."""
        ids = []
        for i in range(count):
            data = photo(scene, f"rugzak-demo/{self.name}", i, when + timedelta(minutes=i))
            media_id = hashlib.sha256(data).hexdigest()
            media.save(self.store, self.id, media_id, data)
            ids.append(media_id)
        return ids

    # --- writing -----------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{self._ids.getrandbits(64):016x}"

    def _apply(self, worksheet: str, group: int, when: datetime, ops: list[Values]) -> list[Values]:
        with _clock(when):
            results = worksheet_ops.apply(
                self.store.pupil(self.id),
                ops,
                portfolio.Actor(self.id, "pupil"),
                self.catalog,
                group,
                self.school_year(group),
            )
        for op, result in zip(ops, results, strict=True):
            if result["status"] != sync.APPLIED:
                field = op.get("field", "(nieuw item)")
                raise DemoContentError(
                    f"demo content for {self.name}: {worksheet} field {field!r} was "
                    f"{result['status']}: {result.get('reason', '')}"
                )
        return results

    def add(
        self,
        worksheet: str,
        group: int,
        when: datetime,
        values: Values,
        *,
        done: bool = True,
        shared: bool = True,
        title: str = "",
        drafts: Values | None = None,
    ) -> None:
        """Create an item and fill it as the pupil would: answers, then (later) edits and done.

        ``drafts`` are first versions of some answers, improved a few days later: they give
        the item a realistic history. Empty values are skipped (left open by the pupil).
        """
        if worksheet not in self.catalog.worksheets:
            raise DemoContentError(f"demo content for {self.name}: no worksheet {worksheet!r}")
        drafts = drafts or {}
        item_id = self._new_id("i_")

        def set_op(field: str, value: Any, base_rev: int = 0) -> Values:
            return {
                "op_id": self._new_id("op_"),
                "type": "set",
                "item_id": item_id,
                "field": field,
                "value": value,
                "base_rev": base_rev,
            }

        create = {
            "op_id": self._new_id("op_"),
            "type": "create",
            "item_id": item_id,
            "worksheet": worksheet,
        }
        fields = self.catalog.worksheets[worksheet].fields()
        filled = {field: value for field, value in values.items() if value not in ("", [], None)}
        # The parent's part is the parent's own document, written from the parent's phone.
        parents = {f: v for f, v in filled.items() if f in fields and fields[f].writer == "parent"}
        filled = {f: v for f, v in filled.items() if f not in parents}
        first = [create] + [set_op(f, drafts.get(f, v)) for f, v in filled.items()]
        if title:
            first.append(set_op("_title", title))
        if shared:
            first.append(set_op("_shared", True))
        results = self._apply(worksheet, group, when, first)
        revs = {
            op["field"]: r["rev"]
            for op, r in zip(first, results, strict=True)
            if op["type"] == "set"
        }
        later = [set_op(field, filled[field], revs[field]) for field in drafts if field in filled]
        if done:
            later.append(set_op("_status", "klaar"))
        if later:
            self._apply(worksheet, group, when + timedelta(days=2, minutes=7), later)
        if parents:
            self._parent_part(worksheet, item_id, when, parents)

    def _parent_part(self, worksheet: str, item_id: str, when: datetime, values: Values) -> None:
        signature = values.get("ouder-handtekening")
        adult_name = signature["naam"] if signature else self.adult()[0]
        with _clock(when + timedelta(minutes=20)):
            contributions.save_part(
                self.store.pupil(self.id),
                self.catalog.worksheets[worksheet],
                item_id,
                self.adult_ids[adult_name],
                adult_name,
                values,
            )

    def portrait(
        self,
        group: int,
        when: datetime,
        levels: str,
        values: Values,
        *,
        answered: int = 15,
        **options: Any,
    ) -> None:
        """A self-portrait of ``group``: about me, the statements (the first ``answered``)."""
        answers = dict(list(_statements(levels).items())[:answered])
        self.add(
            f"zelfportret-{group}", group, when, self.about(when) | answers | values, **options
        )


def _digits(levels: str) -> list[int]:
    digits = [int(c) for c in levels if not c.isspace()]
    if len(digits) != len(STATEMENTS) or not all(0 <= d <= 3 for d in digits):
        raise DemoContentError(f"demo content: bad statement levels {levels!r}")
    return digits


def _statements(levels: str) -> Values:
    return {
        f"stellingen.{key}": LEVELS[digit]
        for key, digit in zip(STATEMENTS, _digits(levels), strict=True)
    }


def _cards(name: str, *cards: tuple[str, str]) -> Values:
    values: Values = {}
    for i, (card, situation) in enumerate(cards, start=1):
        values[f"{name}.{i}"] = card
        values[f"{name}.{i}.situatie"] = situation
    return values


def _rows(name: str, columns: tuple[str, ...], *rows: tuple[str, ...]) -> Values:
    return {
        f"{name}.{i}.{column}": cell
        for i, row in enumerate(rows, start=1)
        for column, cell in zip(columns, row, strict=True)
    }


def _helpers(*rows: tuple[str, str]) -> Values:
    return _rows("hulp-anderen", ("wie", "hoe"), *rows)


def _people(*rows: tuple[str, str, str]) -> Values:
    return _rows("mensen", ("wie", "beroep", "hoe-vragen"), *rows)


def _schools(*rows: tuple[str, str, str, str]) -> Values:
    return _rows("scholen", ("naam", "open-dag", "letten-op", "nog-weten"), *rows)


ALL_QUESTIONS = [
    "wat-voor-werk",
    "werkdag",
    "leukste",
    "minder-leuk",
    "goed-kunnen",
    "geleerd",
    "tip",
]


# ---------------------------------------------------------------------------------------------
# Groep 8: three years of work. Level strings: netjes plannen tempo afspraken concentreren |
# problemen samenwerken vertrouwen nieuwe-dingen informatie | beter spelen leuk belangrijk
# uitproberen; 0 = niet zo ... 3 = altijd.


def _emma(p: _Pupil) -> None:
    g6 = "21232 22121 23212"
    g7 = p.grow(g6, 7, up=("vertrouwen", "plannen"))
    g8 = p.grow(g7, 8)
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 11, 19, 10),
        _cards(
            "kind-kiest",
            ("technisch", "Ik heb een knikkerbaan gemaakt van wc-rolletjes en die werkte echt."),
            ("doorzetter", "Bij gym kon ik eerst geen handstand. Ik heb elke dag geoefend."),
        )
        | _cards(
            "ouder-kiest",
            ("zorgzaam", "Emma geeft elke dag uit zichzelf de kat eten en helpt haar broertje."),
            ("creatief", "Ze bouwt de mooiste dingen van dozen, hout en alles wat ze vindt."),
        )
        | {
            "top-3": ["technisch", "creatief", "zorgzaam"],
            "leukste-om-te-horen": "Dat mama zei dat ik creatief ben. Dat wist ik niet.",
            "verder-met": "Technisch en creatief. Ik wil later dingen ontwerpen.",
            "hulp": (
                "Mama kan met mij naar de bouwmarkt gaan. De juf kan mij laten helpen bij het "
                "techniekproject."
            ),
        }
        | p.parent_part(
            p.at(6, 2, 11, 19, 10),
            "Leuk om zo met Emma te praten. Ze wist zelf meer dan ik dacht.",
        ),
    )
    p.portrait(
        6,
        p.at(6, 6, 16, 10, 30),
        g6,
        {
            "vrienden": "Sophie, Nova en Lina",
            "thuis-bezig": "Lego bouwen en hutten maken in de tuin van opa.",
            "droom": "Een boomhut bouwen met twee verdiepingen en een touwladder.",
            "wakker-maken": "Pannenkoeken bakken",
            "school-super-leuk": "Het techniekproject. We maakten een brug van papier.",
            "thuis-super-leuk": "Logeren bij opa en oma.",
            "school-super-stom": "Topo leren.",
            "thuis-super-stom": "Afwassen.",
            "beste-vakken": "Rekenen en gym.",
            "trots-op-mezelf": "Ik heb mijn zwemdiploma C gehaald.",
            "trots-thuis": "Dat ik goed voor onze kat Sproet zorg.",
            "trots-leerkracht": "Ik werk netjes en ik help anderen met rekenen.",
            "volgend-jaar-school": "Beter worden in spelling. En meer techniek doen.",
            "volgend-jaar-thuis": "Vaker lezen voor het slapen.",
            "nodig": "Dat ik boeken vind die ik echt leuk vind.",
            "hulp-leerkracht": "Mij tips geven voor boeken over bouwen en uitvindingen.",
            "nog-weten": "Ik ben eerst een beetje verlegen, maar als ik je ken praat ik heel veel.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("technisch", "Ik heb zelf een knikkerbaan gemaakt."),
            ("doorzetter", "Ik kan nu een handstand, na heel veel oefenen."),
            ("behulpzaam", "Ik help mijn broertje met zijn veters en met lezen."),
        )
        | _helpers(("moeder", "mij overhoren voor spelling"), ("opa", "samen dingen bouwen")),
    )
    p.add(
        "ervaring-techniekdagen",
        7,
        p.at(7, 12, 10, 13, 15),
        {
            "wat": "Een lampje solderen en een robotje programmeren",
            "waar": "Op een techniekschool in de buurt",
            "wanneer": p.day(7, 12, 9),
            "leuk": "Het solderen! Het ruikt raar, maar mijn lampje deed het meteen.",
            "niet-leuk": "We moesten lang wachten voordat we aan de beurt waren.",
            "beroepen-interessant": "Elektricien. En iemand die robots bouwt voor fabrieken.",
            "zelf-gemaakt": "Een lampje met een knopje, dat staat nu op mijn bureau.",
            "past-bij-mij": "Ik vind het fijn als ik iets maak dat echt werkt.",
            "hierna-proberen": "Een keer iets met hout en met stroom samen maken.",
            "wie-helpt": "Opa",
        },
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 19, 18, 45),
        _people(
            ("Opa Henk", "Timmerman (nu met pensioen)", "Zondag bij de koffie vragen"),
            ("Tante Ilse", "Verpleegkundige", "Een appje sturen"),
            ("Buurman Dennis", "Buschauffeur", "Samen met mama aanbellen"),
        )
        | {
            "vragen": ["wat-voor-werk", "leukste", "minder-leuk", "goed-kunnen", "tip"],
            "eigen-vraag": "Wat was het gekste dat je ooit op je werk hebt meegemaakt?",
            "interview-1": (
                "Opa heeft 40 jaar kozijnen en trappen gemaakt. Het leukste vond hij dat je aan "
                "het eind ziet wat je hebt gemaakt. Minder leuk: vroeg opstaan en de kou op de "
                "bouw. Je moet goed kunnen meten en rekenen. Zijn tip: meet twee keer, zaag één "
                "keer."
            ),
            "interview-2": (
                "Tante Ilse werkt in het ziekenhuis, soms ook 's nachts. Ze vindt het fijn om "
                "mensen te helpen. Ze heeft vier jaar op school gezeten voor dit werk. Het gekste: "
                "een meneer die zijn kunstgebit kwijt was, het zat in zijn sok."
            ),
            "past-wel": "Timmerman of architect",
            "past-wel-omdat": (
                "Ik ben technisch en ik vind het fijn om iets te maken dat blijft staan."
            ),
            "past-niet": "Verpleegkundige",
            "past-niet-omdat": "Ik vind bloed eng en ik wil 's nachts slapen.",
        }
        | p.parent_part(
            p.at(7, 2, 26, 19, 30),
            "Emma heeft het interview met opa helemaal zelf gedaan. Hij vond het prachtig.",
        ),
        drafts={"past-wel": "Timmerman"},
    )
    p.add(
        "complimenten",
        7,
        p.at(7, 5, 21, 20, 0),
        {
            "van-wie": "Mama",
            "compliment": "doorzetter",
            "wanneer": p.day(7, 5, 21),
            "gevoel": "Blij. Ik had heel lang aan mijn poster voor de quiz gewerkt.",
        },
    )
    p.portrait(
        7,
        p.at(7, 6, 15, 10, 0),
        g7,
        {
            "vrienden": "Sophie, Lina en Nova",
            "thuis-bezig": (
                "Met opa dingen maken van hout. We hebben samen een vogelhuisje gemaakt."
            ),
            "droom": "Architect worden en een huis ontwerpen voor mijn moeder.",
            "wakker-maken": "Naar de bouwmarkt gaan",
            "school-super-leuk": "De Techniekdagen. Ik heb een lampje gesoldeerd.",
            "thuis-super-leuk": "Het vogelhuisje maken met opa.",
            "school-super-stom": "De toetsweek.",
            "thuis-super-stom": "Mijn kamer opruimen.",
            "beste-vakken": "Rekenen, tekenen en techniek.",
            "trots-op-mezelf": "Ik durfde een rol te spelen in de musical, ook al vond ik het eng.",
            "trots-thuis": "Dat ik het vogelhuisje zelf heb bedacht en getekend.",
            "trots-leerkracht": "Ik leg goed uit bij rekenen als iemand het niet snapt.",
            "leerroute-niveau": ["havo"],
            "leerroute": "Eerst havo en dan hbo. Daarna wil ik huizen ontwerpen.",
            "volgend-jaar-school": (
                "Beter plannen. Ik doe mijn huiswerk vaak op het laatste moment."
            ),
            "volgend-jaar-thuis": "Eén keer per week zelf koken.",
            "nodig": "Dat ik een agenda gebruik en dat mama soms vraagt hoe het gaat.",
            "hulp-leerkracht": "Met mij een planning maken voor grote opdrachten.",
            "nog-weten": "Ik ben minder verlegen dan vorig jaar!",
        }
        | _helpers(("moeder", "samen mijn week plannen"), ("opa", "mij leren zagen en schuren")),
        drafts={"droom": "Architect worden."},
    )
    p.add(
        "ervaring-ministage",
        8,
        p.at(8, 11, 13, 14, 0),
        {
            "wat": "Een dag meelopen in een timmerwerkplaats",
            "waar": "Timmerbedrijf Van der Laan",
            "wanneer": p.day(8, 11, 12),
            "fotos": p.photos("werkplaats", 2, p.at(8, 11, 12, 10, 15)),
            "leuk": "Ik mocht zelf een krukje in elkaar zetten. Met een echte boormachine!",
            "niet-leuk": (
                "Het was heel stoffig en de zaagmachine maakt veel lawaai. Gelukkig kreeg ik "
                "oordoppen."
            ),
            "beroepen-interessant": (
                "Timmerman en werkvoorbereider. De werkvoorbereider tekent alles eerst op de "
                "computer en rekent uit hoeveel hout er nodig is."
            ),
            "beroepen-niet-interessant": "In het magazijn, daar tel je de hele dag schroeven.",
            "quizvraag": "Waar of niet waar: een timmerman meet twee keer en zaagt één keer?",
            "past-bij-mij": (
                "Ik vind het fijn om met mijn handen te werken, maar ook om te tekenen hoe iets "
                "moet worden. Misschien is werkvoorbereider of architect iets voor mij."
            ),
            "hierna-proberen": "Op de open dag naar de techniekafdeling gaan.",
            "wie-helpt": "Mama en opa",
        },
    )
    p.portrait(
        8,
        p.at(8, 11, 24, 11, 0),
        g8,
        {
            "vrienden": "Sophie, Lina en Nova",
            "droom": ("Huizen ontwerpen of bouwen. Timmerman of architect, dat weet ik nog niet."),
            "wakker-maken": "Mijn krukje afmaken",
            "school-super-leuk": "Mijn mini-stage bij de timmerwerkplaats.",
            "schooladvies": ["havo"],
            "zin-in": "Techniekles en nieuwe vrienden maken.",
            "spannend": "Dat de school zo groot is. Ik hoop dat ik de lokalen kan vinden.",
        },
        done=False,
        shared=False,
    )


def _amir(p: _Pupil) -> None:
    g6 = "11221 23222 23223"
    g7 = p.grow(g6, 7, up=("concentreren",))
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 13, 18, 30),
        _cards(
            "kind-kiest",
            ("sociaal", "Ik speel met iedereen, ook met nieuwe kinderen in de klas."),
            ("eigen:Lekker koken", "Ik kan zelf soep en pannenkoeken maken."),
        )
        | _cards(
            "ouder-kiest",
            ("behulpzaam", "Amir helpt zijn oma elke week met de boodschappen."),
            ("creatief", "Hij verzint steeds nieuwe gerechten en die zijn bijna altijd lekker."),
        )
        | {
            "top-3": ["behulpzaam", "eigen:Lekker koken", "sociaal"],
            "leukste-om-te-horen": "Dat papa zei dat mijn gerechten lekker zijn.",
            "verder-met": "Koken! En creatief zijn.",
            "hulp": (
                "Papa kan met mij boodschappen doen voor een recept. Juf kan een kookles geven."
            ),
        }
        | p.parent_part(p.at(6, 2, 13, 18, 30), "Mooie opdracht. Amir vertelde veel."),
    )
    p.portrait(
        6,
        p.at(6, 6, 17, 11, 15),
        g6,
        {
            "vrienden": "Adam, Omar en Finn",
            "thuis-bezig": "Koken met mijn oma en voetballen op het pleintje.",
            "droom": "Een eigen restaurant met de lekkerste pizza van Rotterdam.",
            "wakker-maken": "Voetbal kijken",
            "school-super-leuk": "De sportdag",
            "thuis-super-leuk": "Brood bakken met oma",
            "school-super-stom": "Stillezen",
            "thuis-super-stom": "De vuilniszak buiten zetten als het regent",
            "beste-vakken": "Gym en rekenen",
            "trots-op-mezelf": "Dat mijn team de sportdag heeft gewonnen.",
            "trots-thuis": "Dat ik soep voor iedereen heb gemaakt toen mama ziek was.",
            "trots-leerkracht": "Ik ben aardig voor de kleuters op het plein.",
            "volgend-jaar-school": "Lezen. Ik lees nog niet zo snel.",
            "volgend-jaar-thuis": "Mijn kamer netjes houden.",
            "nodig": "Dat ik strips mag lezen, dat vind ik wel leuk.",
            "hulp-leerkracht": "Mij laten voorlezen aan de kleuters.",
            "nog-weten": "Ik spreek drie talen.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("sociaal", "Ik maak snel vrienden, ook op vakantie."),
            (
                "eigen:Lekker koken",
                "Mijn oma zegt dat mijn soep net zo lekker is als die van haar.",
            ),
            ("teamspeler", "Bij voetbal geef ik de bal ook aan anderen."),
        )
        | _helpers(("zus", "met mij lezen"), ("oma", "mij nieuwe recepten leren")),
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 12, 17, 0),
        _people(
            ("Oom Hamid", "Buschauffeur", "Vragen als hij komt eten"),
            ("Buurvrouw Ellen", "Kok in een restaurant", "Een briefje in de bus doen"),
            ("Mijn nicht Sara", "Apothekersassistent", "Bellen met papa erbij"),
        )
        | {
            "vragen": ALL_QUESTIONS,
            "eigen-vraag": "Wat eet je zelf het liefst?",
            "interview-1": (
                "Oom Hamid rijdt al tien jaar op de bus. Leuk: je ziet de hele stad. Minder "
                "leuk: mensen die boos zijn als de bus te laat is. Je moet rustig blijven."
            ),
            "interview-2": (
                "Ellen begint om 2 uur en werkt tot 's avonds laat. Het leukste is als gasten "
                "hun bord leeg eten. In de keuken moet je snel zijn en goed samenwerken. Zelf eet "
                "ze het liefst een tosti!"
            ),
            "interview-3": (
                "Sara helpt mensen met hun medicijnen. Ze moet heel precies zijn, want een foutje "
                "is gevaarlijk. Ze heeft het geleerd op het mbo."
            ),
            "past-wel": "Kok",
            "past-wel-omdat": (
                "Koken is het leukste wat er is en in een keuken werk je in een team. Dat kan ik "
                "goed."
            ),
            "past-niet": "Buschauffeur",
            "past-niet-omdat": "Dan zit je de hele dag stil. Dat kan ik niet.",
        }
        | p.parent_part(
            p.at(7, 2, 18, 20, 15),
            "Amir heeft alles zelf geregeld. Hij was erg enthousiast over de keuken van Ellen.",
        ),
    )
    p.add(
        "ervaring-ministage",
        7,
        p.at(7, 4, 16, 15, 30),
        {
            "wat": "Meehelpen in een bakkerij",
            "waar": "Bakkerij De Korenschoof",
            "wanneer": p.day(7, 4, 15),
            "fotos": p.photos("bakkerij", 3, p.at(7, 4, 15, 7, 40)),
            "leuk": (
                "Ik mocht zelf krentenbollen vormen en in de oven doen. En ik mocht een "
                "croissant proeven die net klaar was."
            ),
            "niet-leuk": "We moesten heel vroeg beginnen, om 6 uur! En de oven is echt heet.",
            "beroepen-interessant": (
                "Bakker en banketbakker. De banketbakker maakt taarten, die zijn net kunstwerken."
            ),
            "beroepen-niet-interessant": "Achter de kassa staan. Dat vond ik saai.",
            "quizvraag": "Hoe laat begint een bakker met werken? A: om 4 uur B: om 9 uur",
            "past-bij-mij": (
                "Ik vind het leuk om met eten en met mijn handen te werken. Vroeg opstaan moet "
                "ik nog oefenen."
            ),
            "hierna-proberen": "Een keer een taart versieren bij een banketbakker.",
            "wie-helpt": "Oma, en de bakker zei dat ik terug mocht komen.",
        },
    )
    p.portrait(
        7,
        p.at(7, 6, 18, 10, 45),
        g7,
        {
            "vrienden": "Adam, Omar en Ravi",
            "thuis-bezig": "Koken en bakken. Ik kijk filmpjes van bakkers en probeer het dan zelf.",
            "droom": "Bakker worden met een eigen winkel, of kok op een cruiseschip.",
            "wakker-maken": "Vers brood uit de oven",
            "school-super-leuk": "Mijn mini-stage bij de bakkerij!",
            "thuis-super-leuk": "Met de hele familie koekjes bakken voor het Suikerfeest.",
            "school-super-stom": "Topografie",
            "thuis-super-stom": "Stofzuigen",
            "beste-vakken": "Rekenen en gym. Lezen gaat nu ook goed.",
            "trots-op-mezelf": "Ik lees nu boeken van 200 bladzijden.",
            "trots-thuis": "Mijn brood. Papa zegt dat het lekkerder is dan uit de winkel.",
            "trots-leerkracht": "Ik ben veel beter gaan lezen.",
            "leerroute-niveau": ["vmbo-gt", "havo"],
            "leerroute": "Vmbo-t of havo, dan naar de koksschool. Later een eigen bakkerij.",
            "volgend-jaar-school": "Begrijpend lezen en Engels.",
            "volgend-jaar-thuis": "Vaker zelf het avondeten koken.",
            "nodig": "Dat ik op tijd begin met oefenen.",
            "hulp-leerkracht": "Mij teksten geven over dingen die ik leuk vind, zoals eten.",
            "nog-weten": "Ik ben goed in nieuwe recepten verzinnen.",
        }
        | _helpers(("vader", "mij overhoren bij Engels"), ("oma", "samen koken op zaterdag")),
    )
    p.add(
        "ervaring-gaan-voor-een-baan",
        8,
        p.at(8, 10, 9, 14, 30),
        {
            "wat": "Langs de kramen van bedrijven lopen en vragen stellen",
            "waar": "In een grote hal in Rotterdam",
            "wanneer": p.day(8, 10, 8),
            "leuk": "Bij een hotel mocht ik een bed opmaken. Dat moet heel precies.",
            "niet-leuk": "Het was heel druk en er was veel lawaai.",
            "beroepen-interessant": "Kok in een ziekenhuis en iemand die hotels leidt.",
            "beroepen-niet-interessant": "Werken op een kantoor met alleen een computer.",
            "gesprek": (
                "Met een kok van een ziekenhuis. Ik vroeg of hij speciaal eten maakt voor zieke "
                "mensen. Ja, soms zonder zout of heel zacht."
            ),
            "past-bij-mij": "Ik wil iets met eten en met mensen. Een keuken past bij mij.",
            "hierna-proberen": "Een open dag van een school met koken.",
            "wie-helpt": "Papa",
        },
        shared=False,
    )


def _sophie(p: _Pupil) -> None:
    g6 = "22332 22222 32322"
    g7 = p.grow(g6, 7)
    g8 = p.grow(g7, 8, up=("weet-wat-belangrijk",))
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 9, 16, 0),
        _cards(
            "kind-kiest",
            ("sportief", "Ik voetbal drie keer per week en ik heb de meeste goals van mijn team."),
            ("georganiseerd", "Ik pak zelf mijn tas in voor school en voor voetbal."),
        )
        | _cards(
            "ouder-kiest",
            ("doorzetter", "Sophie had een gebroken pols en is daarna gewoon weer gaan trainen."),
            ("betrouwbaar", "Als Sophie zegt dat ze iets doet, dan doet ze het ook."),
        )
        | {
            "top-3": ["sportief", "doorzetter", "betrouwbaar"],
            "leukste-om-te-horen": "Dat mama mij betrouwbaar vindt.",
            "verder-met": "Doorzetter. Dat heb je nodig bij sport en op school.",
            "hulp": (
                "Mama kan mij naar de training brengen. De juf kan mij moeilijkere sommen geven."
            ),
        }
        | p.parent_part(
            p.at(6, 2, 9, 16, 0),
            "Sophie wist precies wat ze wilde opschrijven. Ik heb alleen geholpen met spelling.",
        ),
    )
    p.portrait(
        6,
        p.at(6, 6, 16, 9, 30),
        g6,
        {
            "vrienden": "Emma, Julia en mijn team van voetbal",
            "thuis-bezig": "Voetballen in de tuin, tekenen en met mijn halfbroertje spelen.",
            "droom": "Voetballen bij de Leeuwinnen.",
            "wakker-maken": "Een voetbalwedstrijd",
            "school-super-leuk": "De sportdag en het museumbezoek.",
            "thuis-super-leuk": "Naar een wedstrijd in het stadion gaan.",
            "school-super-stom": "Schrijven met een pen. Ik krijg vlekken.",
            "thuis-super-stom": "Naar bed moeten als het nog licht is.",
            "beste-vakken": "Rekenen, gym en begrijpend lezen.",
            "trots-op-mezelf": "Ik was topscoorder van mijn team.",
            "trots-thuis": "Dat ik zo goed voor mijn broertje Bram zorg.",
            "trots-leerkracht": "Ik ben altijd op tijd en ik heb mijn spullen bij me.",
            "volgend-jaar-school": "Vaker mijn vinger opsteken. Ik weet het vaak wel.",
            "volgend-jaar-thuis": "Leren koken.",
            "nodig": "Dat ik durf als ik het niet zeker weet.",
            "hulp-leerkracht": "Mij ook een beurt geven als ik twijfel.",
            "nog-weten": "Ik heb een keer mijn pols gebroken, maar nu is alles weer goed.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("sportief", "Ik ben goed in voetbal en in hardlopen."),
            ("georganiseerd", "Ik weet altijd wat ik mee moet nemen."),
            ("eerlijk", "Als ik een fout maak, zeg ik dat."),
        )
        | _helpers(("moeder", "mij brengen naar voetbal"), ("stiefvader", "met mij oefenen")),
    )
    p.add(
        "ervaring-ministage",
        7,
        p.at(7, 4, 16, 16, 0),
        {
            "wat": "Meekijken bij een fysiotherapeut",
            "waar": "Fysiotherapie De Sprong",
            "wanneer": p.day(7, 4, 15),
            "leuk": (
                "Ik mocht een meneer helpen met oefeningen voor zijn knie. En ik heb een skelet "
                "gezien met alle spieren erop."
            ),
            "niet-leuk": "Dat ik geen foto's mocht maken. Dat is voor de privacy van de mensen.",
            "beroepen-interessant": "Fysiotherapeut en sportmasseur.",
            "beroepen-niet-interessant": "De administratie. Dat is alleen typen.",
            "quizvraag": "Waar of niet waar: je hebt meer dan 600 spieren in je lijf?",
            "past-bij-mij": "Ik wil iets met sport en met mensen helpen. Dit past echt bij mij!",
            "hierna-proberen": "Vragen of ik een keer mee mag met de verzorger van mijn club.",
            "wie-helpt": "Mijn trainer",
        },
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 17, 19, 0),
        _people(
            ("Mijn stiefvader Dennis", "Elektricien", "Aan tafel vragen"),
            ("Tante Roos", "Fysiotherapeut", "Op haar verjaardag"),
            ("Mijn trainer Mirjam", "Gymleraar", "Na de training"),
        )
        | {
            "vragen": ["wat-voor-werk", "leukste", "goed-kunnen", "geleerd", "tip"],
            "eigen-vraag": "Heb je ooit een fout gemaakt op je werk?",
            "interview-1": (
                "Dennis legt stroom aan in nieuwe huizen. Je moet heel precies zijn en je mag "
                "nooit haasten. Een keer viel de stroom uit in een hele straat, maar dat was "
                "niet zijn schuld!"
            ),
            "interview-2": (
                "Tante Roos helpt mensen weer te lopen na een ongeluk. Het leukste is als ze "
                "weer kunnen sporten. Ze heeft vier jaar gestudeerd op het hbo."
            ),
            "interview-3": (
                "Mirjam geeft gym op een middelbare school en 's avonds training. Tip: blijf "
                "bewegen en luister naar je lijf."
            ),
            "past-wel": "Fysiotherapeut",
            "past-wel-omdat": "Ik hou van sport en ik help graag mensen. Ik ben een doorzetter.",
            "past-niet": "Elektricien",
            "past-niet-omdat": "Ik vind het eng om met stroom te werken.",
        }
        | p.parent_part(
            p.at(7, 2, 24, 20, 0),
            "Sophie had de vragen zelf voorbereid. Mooi om te zien hoe zelfstandig ze is.",
        ),
    )
    p.portrait(
        7,
        p.at(7, 6, 17, 9, 15),
        g7,
        {
            "vrienden": "Emma, Julia en Lina",
            "thuis-bezig": "Voetbal, tekenen en filmpjes over het lichaam kijken.",
            "droom": "Profvoetballer worden. En daarna fysiotherapeut.",
            "wakker-maken": "Een toernooi",
            "school-super-leuk": "De mini-stage bij de fysiotherapeut.",
            "thuis-super-leuk": "Het toernooi in Duitsland met mijn club.",
            "school-super-stom": "Als de gymles niet doorgaat.",
            "thuis-super-stom": "Mijn kamer delen als er logés zijn.",
            "beste-vakken": "Rekenen, biologie en gym.",
            "trots-op-mezelf": "Ik steek nu vaker mijn vinger op.",
            "trots-thuis": "Mijn rapport en dat ik nooit opgeef.",
            "trots-leerkracht": "Ik help mee met de sportdag voor de kleuters.",
            "leerroute-niveau": ["havo", "vwo-atheneum"],
            "leerroute": "Havo of vwo, dan fysiotherapie studeren op het hbo.",
            "volgend-jaar-school": "Samenvatten. Dat vind ik nog moeilijk.",
            "volgend-jaar-thuis": "Op tijd naar bed voor een wedstrijd.",
            "nodig": "Een voorbeeld van een goede samenvatting.",
            "hulp-leerkracht": "Mij laten zien hoe je een samenvatting maakt.",
            "nog-weten": "Ik wil later ook voetbaltrainer worden voor meisjes.",
        }
        | _helpers(("moeder", "met mij oefenen voor toetsen"), ("trainer", "tips geven")),
    )
    p.add(
        "ervaring-gaan-voor-een-baan",
        8,
        p.at(8, 10, 9, 15, 0),
        {
            "wat": "Gaan voor een Baan: ik heb met mensen van vijf bedrijven gepraat",
            "waar": "In een grote hal in Rotterdam",
            "wanneer": p.day(8, 10, 8),
            "leuk": "Bij het ziekenhuis mocht ik met een echte stethoscoop luisteren.",
            "niet-leuk": "Sommige kramen hadden alleen folders.",
            "beroepen-interessant": "Verpleegkundige op de sporthulp-afdeling en ambulancebroeder.",
            "beroepen-niet-interessant": "Bij de bank.",
            "gesprek": (
                "Met een fysiotherapeut van het ziekenhuis. Ik vroeg wat je moet leren. Antwoord: "
                "veel over het lichaam, en goed luisteren naar mensen."
            ),
            "past-bij-mij": "Ik blijf het leuk vinden: sport en mensen helpen.",
            "hierna-proberen": "Een open dag van een school met een sportklas.",
            "wie-helpt": "Mama",
        },
    )
    p.add(
        "ervaring",
        8,
        p.at(8, 10, 26, 19, 0),
        {
            "wat": "Ik heb een training gegeven aan de meiden onder 9 van mijn club",
            "waar": "Bij mijn voetbalclub",
            "wanneer": p.day(8, 10, 24),
            "leuk": "Ze luisterden echt naar mij! En ze wilden na afloop nog een partijtje.",
            "niet-leuk": "Twee meisjes hadden ruzie en dat moest ik oplossen.",
            "beroepen-interessant": "Trainer en gymleraar.",
            "past-bij-mij": "Ik kan goed uitleggen en ik ben duidelijk.",
            "hierna-proberen": "Vaker helpen bij de jeugd.",
            "wie-helpt": "Mijn eigen trainer, Mirjam",
        },
        title="Zelf een training geven",
    )
    p.add(
        "school-die-past",
        8,
        p.at(8, 11, 19, 19, 30),
        {
            "voorlopig-advies": ["havo", "vwo-atheneum"],
            "richtingen": ["zorg-welzijn"],
            "richtingen-omdat": "Ik wil later fysiotherapeut worden en mensen helpen.",
            "kenmerken": ["sport", "klein-of-groot", "vakken-op-niveaus"],
            "kenmerken-anders": "Een school waar je ook 's middags kan sporten",
        }
        | _schools(
            (
                "Ravelijn Lyceum",
                "zaterdag 23 januari",
                "Of er een sportklas is en hoe de gymzalen eruitzien.",
                "Hoeveel huiswerk je krijgt.",
            ),
            (
                "Het Kade College",
                "vrijdag 5 februari",
                "Of de klassen niet te groot zijn.",
                "Of je van havo naar vwo kan gaan.",
            ),
        )
        | p.parent_part(
            p.at(8, 11, 19, 19, 30),
            "We gaan samen naar beide open dagen. Fijn om het zo op een rij te hebben.",
        ),
    )
    p.portrait(
        8,
        p.at(8, 11, 25, 10, 0),
        g8,
        {
            "vrienden": "Emma, Julia en Lina. En Yara van voetbal.",
            "thuis-bezig": "Voetbal, training geven en series kijken met mama.",
            "droom": "Fysiotherapeut worden bij een voetbalclub.",
            "wakker-maken": "Een training geven",
            "school-super-leuk": "Gaan voor een Baan",
            "thuis-super-leuk": "De eerste training die ik zelf gaf.",
            "school-super-stom": "Niks eigenlijk.",
            "thuis-super-stom": "Als de wedstrijd afgelast wordt door regen.",
            "beste-vakken": "Rekenen, biologie en gym",
            "trots-op-mezelf": "Dat ik zelf een training heb gegeven aan kleine meiden.",
            "trots-thuis": "Dat ik zo zelfstandig ben geworden.",
            "trots-leerkracht": "Ik werk goed samen en ik help anderen.",
            "schooladvies": ["havo", "vwo-atheneum"],
            "waarom-school": "Ik heb nog niet gekozen. Eerst naar de open dagen.",
            "zin-in": "Biologie en de sportklas.",
            "spannend": "Dat ik mijn vriendinnen minder ga zien.",
            "richting": ["zorg-welzijn"],
            "beroepen-interessant": "Fysiotherapeut, sportarts, trainer.",
            "later": "Fysiotherapeut bij een voetbalclub.",
            "leerroute": "Havo of vwo, dan hbo fysiotherapie.",
            "volgend-jaar-school": "Goed plannen met al dat huiswerk.",
            "volgend-jaar-thuis": "Blijven trainen en ook op tijd rusten.",
            "nodig": "Een goede agenda en dat ik vragen durf te stellen.",
            "hulp-leerkracht": "Mij helpen als ik het te druk heb met voetbal en school.",
            "nog-weten": "Ik ben heel sportief maar ik lees ook graag.",
        }
        | _helpers(("moeder", "met mij plannen"), ("trainer", "mij helpen met rust nemen")),
    )


def _ravi(p: _Pupil) -> None:
    g6 = "10121 21123 21312"
    g7 = p.grow(g6, 7, up=("concentreren", "samenwerken"))
    g8 = p.grow(g7, 8, up=("plannen",))
    p.add(
        "ervaring-museum",
        6,
        p.at(6, 4, 10, 13, 30),
        {
            "wat": "Een rondleiding over dinosaurussen en een speurtocht",
            "waar": "Het natuurmuseum",
            "wanneer": p.day(6, 4, 9),
            "leuk": "Het skelet van de dino was groter dan een bus.",
            "niet-leuk": "We mochten niks aanraken.",
            "beroepen-interessant": "Iemand die de skeletten in elkaar zet.",
            "mooiste": "Een film over hoe de aarde eruitzag toen er nog dino's waren.",
            "past-bij-mij": "Ik wil alles weten over hoe dingen werken.",
            "hierna-proberen": "Een boek over fossielen lenen.",
            "wie-helpt": "Mama",
        },
    )
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 16, 19, 0),
        _cards(
            "kind-kiest",
            ("ict-vaardig", "Ik heb zelf een spel gemaakt in Scratch."),
            ("nieuwsgierig", "Ik kijk filmpjes over hoe raketten werken."),
        )
        | _cards(
            "ouder-kiest",
            ("denker", "Ravi denkt lang na voordat hij iets zegt, en dan klopt het meestal."),
            ("grappig", "Hij tekent strips waar de hele familie om moet lachen."),
        )
        | {
            "top-3": ["nieuwsgierig", "ict-vaardig", "grappig"],
            "leukste-om-te-horen": "Dat mama mijn strips grappig vindt.",
            "verder-met": "Computers en tekenen. Misschien kan ik strips op de computer maken.",
            "hulp": "Mama kan een tekenprogramma voor mij zoeken.",
        }
        | p.parent_part(p.at(6, 2, 16, 19, 0), "", answers="ja ja nee"),
    )
    p.portrait(
        6,
        p.at(6, 6, 18, 13, 0),
        g6,
        {
            "vrienden": "Finn en Adam",
            "thuis-bezig": "Minecraft, strips tekenen en met Lego Technic bouwen.",
            "droom": "Een eigen game maken die iedereen speelt.",
            "wakker-maken": "Computeren",
            "school-super-leuk": "Het museum met de dinosaurussen.",
            "thuis-super-leuk": "Mijn verjaardag, ik kreeg een tekentablet.",
            "school-super-stom": "Schoonschrijven.",
            "thuis-super-stom": "Vroeg naar bed.",
            "beste-vakken": "Rekenen en wereldoriëntatie.",
            "trots-op-mezelf": "Mijn spel in Scratch. Er zitten drie levels in.",
            "trots-thuis": "Dat ik oma help met haar telefoon.",
            "volgend-jaar-school": "Netter werken.",
            "nodig": "Meer tijd.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("ict-vaardig", "Ik help oma met haar telefoon."),
            ("nieuwsgierig", "Ik wil weten hoe alles werkt."),
        ),
        shared=False,
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 20, 16, 30),
        _people(
            ("Mijn vader", "Programmeur", "In het weekend vragen"),
            ("Oma", "Was naaister, nu vrijwilliger in de bibliotheek", "Gewoon vragen"),
            ("Buurvrouw Anita", "Tandarts", "Mama vraagt het voor mij"),
        )
        | {
            "vragen": ["wat-voor-werk", "werkdag", "leukste", "goed-kunnen", "geleerd"],
            "eigen-vraag": "Hoeveel uur per dag kijk je naar een scherm?",
            "interview-1": (
                "Papa maakt apps voor een bank. Hij werkt vaak thuis. Het leukste is als een "
                "moeilijke fout opgelost is. Je moet goed kunnen puzzelen. Hij kijkt wel 9 uur "
                "per dag naar een scherm!"
            ),
            "interview-2": (
                "Oma maakte vroeger kleren in een fabriek in Suriname. Nu helpt ze in de "
                "bibliotheek. Ze vindt het leuk om kinderen te helpen een boek te vinden."
            ),
            "past-wel": "Programmeur of gamemaker",
            "past-wel-omdat": "Ik ben ict-vaardig en ik kan goed puzzelen.",
            "past-niet": "Tandarts",
            "past-niet-omdat": "Ik wil niet in de mond van mensen kijken.",
        }
        | p.parent_part(
            p.at(7, 2, 27, 20, 0),
            "Het interview met zijn vader ging via videobellen. Dat werkte goed.",
        ),
    )
    p.portrait(
        7,
        p.at(7, 6, 19, 11, 0),
        g7,
        {
            "vrienden": "Finn, Adam en Amir",
            "thuis-bezig": "Programmeren in Python met een cursus op internet, en tekenen.",
            "droom": "Games maken, met mijn eigen tekeningen erin.",
            "wakker-maken": "Een nieuwe game uitproberen",
            "school-super-leuk": "Programmeren met de robotjes.",
            "thuis-super-leuk": "Op vakantie in Suriname bij familie.",
            "school-super-stom": "Voorlezen voor de klas.",
            "thuis-super-stom": "Mijn tas inpakken.",
            "beste-vakken": "Rekenen en Engels.",
            "trots-op-mezelf": "Ik heb een spel gemaakt dat mijn vrienden echt spelen.",
            "trots-thuis": "Dat ik zelf heb leren programmeren.",
            "trots-leerkracht": "Ik werk beter samen dan vorig jaar.",
            "leerroute-niveau": ["havo", "vwo-atheneum"],
            "leerroute": "Havo of vwo, dan iets met ICT of games studeren.",
            "volgend-jaar-school": "Plannen en op tijd beginnen.",
            "nodig": "Een lijstje met wat ik moet doen.",
            "hulp-leerkracht": "Mij herinneren aan mijn planning.",
        }
        | _helpers(
            ("moeder", "mij herinneren aan mijn huiswerk"), ("vader", "mij leren programmeren")
        ),
    )
    p.add(
        "ervaring-ministage",
        8,
        p.at(8, 11, 13, 16, 0),
        {
            "wat": "Een dag meekijken bij een bedrijf dat apps maakt",
            "waar": "Codefabriek, een ICT-bedrijf",
            "wanneer": p.day(8, 11, 12),
            "leuk": "Ik mocht een knop in een echte app veranderen. En er was een tafelvoetbal.",
            "niet-leuk": (
                "Ik mocht geen foto's maken van de schermen, want daar stond geheime code op."
            ),
            "beroepen-interessant": (
                "Programmeur en ontwerper. De ontwerper tekent hoe de app eruitziet."
            ),
            "beroepen-niet-interessant": "Iemand die de hele dag vergadert.",
            "quizvraag": "Waar of niet waar: programmeurs werken de hele dag alleen?",
            "past-bij-mij": (
                "Ik dacht dat programmeren alleen typen was. Maar je praat ook veel met elkaar. "
                "Tekenen en programmeren samen, dat past bij mij."
            ),
            "hierna-proberen": "Een game maken met mijn eigen tekeningen.",
        },
        done=False,
    )
    p.portrait(
        8,
        p.at(8, 11, 24, 13, 30),
        g8,
        {
            "vrienden": "Finn, Amir en Adam",
            "thuis-bezig": "Een game maken met mijn eigen tekeningen.",
            "droom": "Gameontwerper.",
            "schooladvies": ["havo", "vwo-atheneum"],
        },
        answered=9,
        done=False,
        shared=False,
    )


def _julia(p: _Pupil) -> None:
    g6 = "31220 21011 21111"
    g7 = p.grow(g6, 7, up=("vertrouwen", "weet-wat-leuk"))
    p.add(
        "ervaring-taaltrip",
        6,
        p.at(6, 10, 16, 13, 0),
        {
            "wat": "Met de boot door de haven varen en woorden leren",
            "waar": "In de haven van Rotterdam",
            "wanneer": p.day(6, 10, 15),
            "leuk": "De grote kranen. Ze tillen een container op alsof het een doosje is.",
            "niet-leuk": "Het was koud op het dek.",
            "beroepen-interessant": "Kraanmachinist en loods.",
            "nieuwe-woorden": "kade, container, loods, sleepboot, terminal",
            "past-bij-mij": "Ik vind grote machines mooi.",
            "hierna-proberen": "Naar de Wereldhavendagen met papa.",
            "wie-helpt": "Papa",
        },
    )
    p.add(
        "complimenten",
        6,
        p.at(6, 11, 28, 15, 30),
        {
            "van-wie": "Juf Sanne",
            "compliment": "zorgvuldig",
            "wanneer": p.day(6, 11, 28),
            "gevoel": "Ik werd rood, maar ik vond het wel fijn.",
        },
    )
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 14, 18, 0),
        _cards(
            "kind-kiest",
            ("precies", "Ik kleur altijd binnen de lijntjes en mijn schrift is netjes."),
            ("rustig", "Als anderen druk zijn, blijf ik rustig."),
        )
        | _cards(
            "ouder-kiest",
            ("zorgzaam", "Julia laat elke dag de hond uit, ook als het regent."),
            ("denker", "Ze maakt puzzels van 1000 stukjes en geeft nooit op."),
        )
        | {
            "top-3": ["zorgzaam", "precies", "denker"],
            "leukste-om-te-horen": "Dat papa zegt dat ik goed nadenk.",
            "verder-met": "Precies en denker.",
            "hulp": "Papa kan meer puzzels kopen. De juf kan mij moeilijke opdrachten geven.",
        }
        | p.parent_part(
            p.at(6, 2, 14, 18, 0),
            "Julia is stil in de klas, maar thuis vertelt ze veel. Mooi om dit samen te doen.",
        ),
    )
    p.add(
        "ervaring-museum",
        6,
        p.at(6, 4, 10, 14, 0),
        {
            "wat": "Schilderijen kijken en zelf een schilderij namaken",
            "waar": "Het kunstmuseum",
            "wanneer": p.day(6, 4, 9),
            "leuk": "Zelf schilderen met echte verf.",
            "mooiste": "Een schilderij van een haven met heel veel schepen.",
            "past-bij-mij": "Ik kan lang naar iets kijken.",
        },
        done=False,
        shared=False,
    )
    p.add(
        "samen-doen",
        6,
        p.at(6, 5, 22, 20, 0),
        {
            "activiteit": "wereldhavendagen",
            "met-wie": "Papa",
            "wanneer": p.day(7, 9, 6),
            "hoe-ging-het": (
                "We zijn met de watertaxi gegaan en hebben een schip van binnen gezien."
            ),
            "leuk": "De brug van het schip. Daar stuurt de kapitein.",
            "geleerd": "Dat er heel veel verschillende banen in de haven zijn.",
        },
    )
    p.portrait(
        6,
        p.at(6, 6, 19, 10, 0),
        g6,
        {
            "vrienden": "Sophie en Lina",
            "thuis-bezig": "Lezen, puzzelen en de hond uitlaten.",
            "droom": "Schrijfster worden.",
            "wakker-maken": "Een nieuw boek van mijn lievelingsschrijver",
            "school-super-leuk": "De boottocht door de haven.",
            "thuis-super-leuk": "Een puzzel van 1000 stukjes afmaken.",
            "school-super-stom": "Spreekbeurt houden.",
            "thuis-super-stom": "Als de hond ziek is.",
            "beste-vakken": "Taal en lezen.",
            "trots-op-mezelf": "Ik heb 40 boeken gelezen dit jaar.",
            "trots-thuis": "Dat ik goed voor Bikkel zorg.",
            "trots-leerkracht": "Ik werk heel netjes.",
            "volgend-jaar-school": "Meer durven zeggen in de klas.",
            "volgend-jaar-thuis": "Zelf de boodschappen doen bij de supermarkt.",
            "nodig": "Dat ze niet lachen als ik iets fout zeg.",
            "hulp-leerkracht": "Mij eerst in een klein groepje laten praten.",
            "nog-weten": "Ik ben stil, maar ik let heel goed op.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("precies", "Mijn schrift is het netste van de klas."),
            ("rustig", "Ik blijf rustig als het druk is."),
            ("zorgzaam", "Ik laat Bikkel elke dag uit."),
        )
        | _helpers(
            ("vader", "mij laten oefenen met praten"), ("hond Bikkel", "naar mij luisteren")
        ),
    )
    p.add(
        "ervaring-ministage",
        7,
        p.at(7, 4, 17, 14, 0),
        {
            "wat": "Meelopen op een containerterminal in de haven",
            "waar": "Een containerterminal op de Maasvlakte",
            "wanneer": p.day(7, 4, 15),
            "fotos": p.photos("haven", 2, p.at(7, 4, 15, 11, 0)),
            "leuk": (
                "Ik mocht in de controlekamer kijken. Daar zien ze op schermen waar elke "
                "container staat. En ik zat in een kraan, heel hoog!"
            ),
            "niet-leuk": "Het was heel winderig en we moesten een helm op.",
            "beroepen-interessant": (
                "Planner en kraanmachinist. De planner bedenkt welke container eerst moet. Dat "
                "is net een puzzel."
            ),
            "beroepen-niet-interessant": "Vrachtwagenchauffeur, dan zit je urenlang in de file.",
            "quizvraag": "Waar of niet waar: een kraanmachinist zit 50 meter hoog?",
            "past-bij-mij": (
                "Ik hou van puzzels en van precies werken. Planner in de haven past bij mij. Ik "
                "had nooit gedacht dat de haven iets voor mij was."
            ),
            "hierna-proberen": "Naar de open dag van een school met havenvakken.",
            "wie-helpt": "Papa en meester Youssef",
        },
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 21, 11, 0),
        _people(
            ("Papa", "Werkt bij de gemeente, bij de afvalinzameling", "Aan het ontbijt"),
            ("Buurvrouw Fatma", "Bibliothecaris", "In de bieb"),
            (
                "Meneer Jan van de overkant",
                "Was schipper op een binnenvaartschip",
                "Aanbellen met papa",
            ),
        )
        | {
            "vragen": ["wat-voor-werk", "werkdag", "leukste", "minder-leuk", "geleerd"],
            "eigen-vraag": "Wat is het mooiste dat je hebt gezien op je werk?",
            "interview-1": (
                "Papa plant de routes van de vuilniswagens. Hij zorgt dat alle straten op tijd "
                "aan de beurt zijn. Het mooiste: de stad om 6 uur 's ochtends."
            ),
            "interview-2": "Fatma zoekt boeken uit voor de bieb. Ze leest heel veel, ook thuis.",
            "interview-3": (
                "Meneer Jan heeft 30 jaar op een schip gewoond. Hij voer naar Duitsland en "
                "België. Het mooiste: de Rijn in de mist."
            ),
            "past-wel": "Iets met plannen, zoals papa",
            "past-wel-omdat": "Ik ben precies en ik hou van puzzels.",
            "past-niet": "Schipper",
            "past-niet-omdat": "Ik wil niet de hele tijd weg van huis zijn.",
        }
        | p.parent_part(
            p.at(7, 2, 21, 11, 0),
            "Julia durfde zelf bij meneer Jan aan te bellen. Daar ben ik trots op.",
        ),
        drafts={"past-wel": "Planner"},
    )
    p.portrait(
        7,
        p.at(7, 6, 16, 11, 30),
        g7,
        {
            "vrienden": "Sophie, Lina en Yara",
            "thuis-bezig": "Lezen, puzzelen en met papa fietsen naar de haven.",
            "droom": "Planner in de haven worden. Of schrijfster, dat kan ook ernaast.",
            "wakker-maken": "Een boottocht",
            "school-super-leuk": "Mijn mini-stage in de haven.",
            "thuis-super-leuk": "De Wereldhavendagen.",
            "school-super-stom": "Gym met touwklimmen.",
            "thuis-super-stom": "Niks.",
            "beste-vakken": "Taal, rekenen en aardrijkskunde.",
            "trots-op-mezelf": "Ik heb een spreekbeurt gehouden over de haven en ik durfde het!",
            "trots-thuis": "Mijn spreekbeurt.",
            "trots-leerkracht": "Ik zeg veel vaker wat ik denk.",
            "leerroute-niveau": ["havo"],
            "leerroute": "Havo, dan iets met logistiek of de haven.",
            "volgend-jaar-school": "Nog meer durven.",
            "volgend-jaar-thuis": "Zelf met de fiets naar de bieb.",
            "nodig": "Dat ik mag oefenen.",
            "hulp-leerkracht": "Mij vragen om iets te vertellen.",
            "nog-weten": "Ik ben minder stil dan vroeger.",
        }
        | _helpers(("vader", "met mij naar open dagen gaan"), ("juf", "mij aanmoedigen")),
        drafts={"droom": "Planner in de haven worden."},
    )
    p.add(
        "school-die-past",
        8,
        p.at(8, 11, 21, 16, 0),
        {
            "voorlopig-advies": ["havo"],
            "richtingen": ["techniek", "economie"],
            "richtingen-omdat": "Ik wil iets met de haven, dat is techniek en ook handel.",
            "kenmerken": ["profiel", "structuur-en-regels"],
        }
        | _schools(("Havenlyceum De Kaap", "", "Of ze ook naar de haven gaan.", "")),
        done=False,
        shared=False,
    )


def _omar(p: _Pupil) -> None:
    g6 = "11211 22222 33221"
    g7 = p.grow(g6, 7, down=("concentreren",), up=("samenwerken",))
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 10, 17, 45),
        _cards(
            "kind-kiest",
            ("grappig", "Iedereen in de klas moet lachen om mijn grapjes."),
            ("muzikaal", "Ik speel drums bij het jongerencentrum."),
        )
        | _cards(
            "ouder-kiest",
            ("zorgzaam", "Omar past op zijn zusje en hij is heel lief met haar."),
            ("vriendelijk", "Hij groet iedereen in de straat. De buren kennen hem allemaal."),
        )
        | {
            "top-3": ["zorgzaam", "grappig", "muzikaal"],
            "leukste-om-te-horen": "Dat mama zegt dat ik lief ben voor Amina.",
            "verder-met": "Muzikaal. Ik wil in een band.",
            "hulp": (
                "Mama kan mij naar drumles brengen. Meester kan mij laten drummen op de musical."
            ),
        }
        | p.parent_part(p.at(6, 2, 10, 17, 45), "Leuk gedaan samen."),
    )
    p.portrait(
        6,
        p.at(6, 6, 20, 13, 30),
        g6,
        {
            "vrienden": "Amir, Adam en Finn",
            "thuis-bezig": "Drummen op pannen, voetbal en mijn zusje aan het lachen maken.",
            "droom": "Drummer in een band worden.",
            "wakker-maken": "Drummen",
            "school-super-leuk": "De talentenshow.",
            "thuis-super-leuk": "De bruiloft van mijn neef, ik mocht drummen.",
            "school-super-stom": "Stil zijn bij het zelfstandig werken.",
            "beste-vakken": "Muziek en gym.",
            "trots-op-mezelf": "Ik heb gedrumd bij de talentenshow.",
            "trots-thuis": "Dat ik zo goed oppas op Amina.",
            "volgend-jaar-school": "Beter opletten.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("grappig", "Ik maak iedereen aan het lachen."),
            ("muzikaal", "Ik kan drummen."),
        ),
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 3, 2, 18, 0),
        _people(
            ("Mijn broer Yassin", "Monteur bij een garage", "Aan tafel vragen"),
            ("Mevrouw Joke", "Leidster op de kinderopvang", "Als ik Amina ophaal"),
            ("Tante Nadia", "Kapster", "Bellen"),
        )
        | {
            "vragen": ["wat-voor-werk", "leukste", "minder-leuk", "tip"],
            "eigen-vraag": "Word je wel eens heel moe van je werk?",
            "interview-1": (
                "Yassin repareert auto's. Leuk: uitzoeken wat er kapot is. Niet leuk: vieze "
                "handen. Tip: blijf leren, auto's worden steeds meer computers."
            ),
            "interview-2": (
                "Joke werkt met baby's en peuters. Ze zingt veel liedjes. Ze wordt wel moe, maar "
                "de kinderen maken haar ook blij. Tip: je moet geduld hebben."
            ),
            "past-wel": "Leider op de kinderopvang, of muziekleraar",
            "past-wel-omdat": "Ik kan goed met kleine kinderen en ik ben grappig.",
            "past-niet": "Monteur",
            "past-niet-omdat": "Ik hou niet van vieze handen.",
        }
        | p.parent_part(
            p.at(7, 3, 8, 19, 0),
            "Omar wil graag met kinderen werken. Dat had ik niet gedacht, maar het past bij hem.",
        ),
    )
    p.add(
        "complimenten",
        7,
        p.at(7, 5, 21, 20, 30),
        {
            "van-wie": "Mama",
            "compliment": "grappig",
            "wanneer": p.day(7, 5, 21),
            "gevoel": "Ik moest lachen. Mama ook.",
        },
        shared=False,
    )
    p.portrait(
        7,
        p.at(7, 6, 22, 10, 15),
        g7,
        {
            "vrienden": "Amir, Adam en Finn",
            "thuis-bezig": "Drummen, voetbal op het veldje en oppassen op Amina.",
            "droom": "Drummer. Of iets met kinderen.",
            "wakker-maken": "Een optreden",
            "school-super-leuk": "Gym en de musical.",
            "thuis-super-leuk": "Mijn eerste echte drumstel.",
            "school-super-stom": "Stil werken, dan ga ik dromen.",
            "thuis-super-stom": "Opruimen.",
            "beste-vakken": "Muziek, gym en rekenen.",
            "trots-op-mezelf": "Ik heb gedrumd in de musical.",
            "trots-thuis": "Dat ik Amina heb leren fietsen.",
            "trots-leerkracht": "Ik help bij de kleuters met gym.",
            "leerroute-niveau": ["vmbo-gt"],
            "leerroute": "Vmbo, dan mbo pedagogisch werk of muziek.",
            "volgend-jaar-school": "Me beter concentreren. Dat ging dit jaar niet zo goed.",
            "volgend-jaar-thuis": "Mijn huiswerk doen voordat ik ga drummen.",
            "nodig": "Een rustig plekje in de klas.",
            "hulp-leerkracht": "Mij een plekje geven waar het rustig is.",
        }
        | _helpers(
            ("moeder", "zorgen dat het thuis rustig is als ik leer"), ("broer", "mij overhoren")
        ),
    )
    p.add(
        "ervaring-ministage",
        8,
        p.at(8, 11, 14, 17, 0),
        {
            "wat": "Meehelpen op een kinderopvang",
            "waar": "Kinderopvang De Vlieger",
            "wanneer": p.day(8, 11, 12),
            "leuk": "Ik heb liedjes gezongen met de peuters en ze wilden steeds met mij spelen.",
            "niet-leuk": "Luiers verschonen. Dat deed de leidster gelukkig.",
        },
        done=False,
    )
    p.add(
        "complimenten",
        8,
        p.at(8, 11, 14, 17, 30),
        {
            "van-wie": "Mevrouw Joke van de kinderopvang",
            "compliment": "Je kunt heel goed met kleine kinderen omgaan",
            "wanneer": p.day(8, 11, 12),
            "gevoel": "Trots. Misschien word ik echt leider op een kinderopvang.",
        },
    )
    p.add(
        "ervaring-gaan-voor-een-baan",
        8,
        p.at(8, 10, 9, 16, 0),
        {"wat": "Kramen van bedrijven bekijken", "waar": "In een grote hal in Rotterdam"},
        done=False,
        shared=False,
    )


def _lina(p: _Pupil) -> None:
    g6 = "33222 32122 32232"
    g7 = p.grow(g6, 7, up=("vertrouwen",))
    g8 = p.grow(g7, 8, up=("nieuwe-dingen",))
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 12, 19, 30),
        _cards(
            "kind-kiest",
            ("precies", "Bij rekenen maak ik bijna nooit een foutje."),
            ("handig", "Ik heb zelf de ketting van mijn fiets teruggelegd."),
        )
        | _cards(
            "ouder-kiest",
            ("nieuwsgierig", "Lina haalt alles uit elkaar om te kijken hoe het werkt."),
            ("eerlijk", "Ze zegt altijd eerlijk wat ze ergens van vindt."),
        )
        | {
            "top-3": ["precies", "handig", "nieuwsgierig"],
            "leukste-om-te-horen": (
                "Dat mama blij is dat ik alles uit elkaar haal. Ik dacht dat ze dat stom vond."
            ),
            "verder-met": "Handig en nieuwsgierig.",
            "hulp": "Mama kan oude apparaten bewaren die ik uit elkaar mag halen.",
        }
        | p.parent_part(
            p.at(6, 2, 12, 19, 30),
            "Ik heb het met Lina in het Nederlands en het Vietnamees besproken. Ze legde veel uit.",
        ),
    )
    p.portrait(
        6,
        p.at(6, 6, 17, 14, 0),
        g6,
        {
            "vrienden": "Emma en Julia",
            "thuis-bezig": "Schaken, knutselen en apparaten uit elkaar halen.",
            "droom": "Uitvinder worden.",
            "wakker-maken": "Schaken met papa",
            "school-super-leuk": "Het techniekproject.",
            "thuis-super-leuk": "Een oude radio uit elkaar halen.",
            "school-super-stom": "Dictee.",
            "thuis-super-stom": "Mijn kamer opruimen.",
            "beste-vakken": "Rekenen.",
            "trots-op-mezelf": "Ik heb een schaaktoernooi gewonnen.",
            "trots-thuis": "Mijn rapport.",
            "trots-leerkracht": "Ik ben snel klaar met rekenen en dan help ik anderen.",
            "volgend-jaar-school": "Spelling.",
            "volgend-jaar-thuis": "Leren fietsen repareren.",
            "nodig": "Gereedschap.",
            "hulp-leerkracht": "Mij moeilijke puzzels geven als ik klaar ben.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("precies", "Ik maak weinig fouten."),
            ("nieuwsgierig", "Ik wil weten hoe dingen werken."),
            ("eigen:Schaker", "Ik heb een toernooi gewonnen."),
        )
        | _helpers(("zus Vy", "mij helpen met spelling"), ("vader", "met mij schaken")),
    )
    p.add(
        "ervaring-techniekdagen",
        7,
        p.at(7, 12, 11, 14, 0),
        {
            "wat": "Een brug bouwen van spaghetti en een elektrisch circuit maken",
            "wanneer": p.day(7, 12, 9),
            "leuk": "Onze brug kon 2 kilo houden. Dat was het record!",
            "niet-leuk": "Dat de tijd zo snel op was.",
            "beroepen-interessant": "Ingenieur die bruggen bedenkt.",
            "zelf-gemaakt": "Een brug van spaghetti en lijm.",
            "past-bij-mij": "Ik vind rekenen en bouwen samen het leukste.",
            "hierna-proberen": "Lego Technic met motortjes.",
        },
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 15, 15, 0),
        _people(
            ("Mijn zus Vy", "Studeert voor verpleegkundige", "Gewoon vragen"),
            ("Buurman Kees", "Fietsenmaker", "Als ik mijn band laat plakken"),
        )
        | {
            "vragen": ["wat-voor-werk", "goed-kunnen", "geleerd", "tip"],
            "eigen-vraag": "Wat is het moeilijkste wat je ooit hebt gemaakt?",
            "interview-1": (
                "Vy leert op het mbo en loopt stage in een ziekenhuis. Je moet goed kunnen "
                "luisteren. Het moeilijkste: een nachtdienst."
            ),
            "interview-2": (
                "Kees repareert fietsen al 25 jaar. Het moeilijkste: een oude bakfiets zonder "
                "onderdelen. Tip: gooi nooit een schroefje weg."
            ),
            "past-wel": "Fietsenmaker of ingenieur",
            "past-wel-omdat": "Ik ben handig en precies.",
            "past-niet": "Verpleegkundige",
            "past-niet-omdat": "Ik wil liever met dingen werken dan met zieke mensen.",
        }
        | p.parent_part(p.at(7, 2, 15, 15, 0), "", answers="ja ja ja"),
    )
    p.portrait(
        7,
        p.at(7, 6, 17, 13, 0),
        g7,
        {
            "vrienden": "Emma, Julia en Sophie",
            "thuis-bezig": "Fietsen repareren voor de buren en schaken.",
            "droom": "Ingenieur worden en een brug bouwen.",
            "wakker-maken": "Een lekke band plakken",
            "school-super-leuk": "De Techniekdagen, onze brug won.",
            "thuis-super-leuk": "Met Vy een fiets opknappen.",
            "school-super-stom": "Dictee.",
            "thuis-super-stom": "Afwassen.",
            "beste-vakken": "Rekenen, natuur en techniek.",
            "trots-op-mezelf": "Ik heb vijf fietsen van buren gemaakt.",
            "trots-thuis": "Dat ik de fiets van mama heb gemaakt.",
            "trots-leerkracht": "Ik leg goed uit.",
            "leerroute-niveau": ["vwo-atheneum"],
            "leerroute": "Vwo, dan de universiteit in Delft.",
            "volgend-jaar-school": "Spelling en presenteren.",
            "volgend-jaar-thuis": "Een fiets helemaal zelf in elkaar zetten.",
            "nodig": "Onderdelen van een oude fiets.",
            "hulp-leerkracht": "Mij laten presenteren over iets wat ik leuk vind.",
        }
        | _helpers(("zus Vy", "mij overhoren"), ("buurman Kees", "mij gereedschap lenen")),
    )
    p.add(
        "ervaring-ministage",
        8,
        p.at(8, 11, 13, 15, 30),
        {
            "wat": "Meewerken bij een fietsenmaker",
            "waar": "Fietsenmaker Rijwiel & Co",
            "wanneer": p.day(8, 11, 12),
            "fotos": p.photos("fietsenmaker", 2, p.at(8, 11, 12, 11, 20)),
            "leuk": "Ik heb een hele wiel opnieuw gespaakt. Dat moet heel precies.",
            "niet-leuk": "Mijn handen werden zwart van de olie.",
            "beroepen-interessant": "Fietstechnicus. Elektrische fietsen hebben een computer!",
            "beroepen-niet-interessant": "Verkoper in de winkel.",
            "quizvraag": "Hoeveel spaken heeft een gewoon fietswiel? A: 18 B: 36",
            "past-bij-mij": (
                "Precies werken met mijn handen en nadenken hoe iets werkt. Maar ik wil ook "
                "nieuwe dingen bedenken, niet alleen repareren."
            ),
            "hierna-proberen": "Een e-bike van binnen bekijken.",
            "wie-helpt": "De fietsenmaker, ik mag in de vakantie terugkomen.",
        },
    )
    p.add(
        "school-die-past",
        8,
        p.at(8, 11, 18, 20, 0),
        {
            "voorlopig-advies": ["vwo-atheneum"],
            "richtingen": ["techniek"],
            "richtingen-omdat": "Ik wil ingenieur worden.",
            "kenmerken": ["techniek-ict", "onderwijsniveaus", "talen"],
        }
        | _schools(
            (
                "Ravelijn Lyceum",
                "zaterdag 23 januari",
                "Het scheikundelokaal en de technieklessen.",
                "Of er een schaakclub is.",
            ),
            (
                "Het Meridiaan Gymnasium",
                "zaterdag 30 januari",
                "Of het niet te moeilijk is met Latijn en Grieks.",
                "Hoe lang je erover fietst.",
            ),
        )
        | p.parent_part(
            p.at(8, 11, 18, 20, 0),
            "Lina weet goed wat ze wil. We bezoeken ook een derde school.",
        ),
    )
    p.portrait(
        8,
        p.at(8, 11, 22, 14, 0),
        g8,
        {
            "vrienden": "Emma, Julia en Sophie",
            "thuis-bezig": "Fietsen en e-bikes uit elkaar halen en schaken.",
            "droom": "Een fiets ontwerpen die zichzelf oplaadt.",
            "wakker-maken": "Een kapotte e-bike",
            "school-super-leuk": "Mijn ministage bij de fietsenmaker.",
            "thuis-super-leuk": "Het schaaktoernooi in Utrecht.",
            "school-super-stom": "Dictee. Nog steeds.",
            "thuis-super-stom": "Vroeg opstaan in het weekend.",
            "beste-vakken": "Rekenen, natuur en Engels.",
            "trots-op-mezelf": "Mijn spaakwiel was perfect rond.",
            "trots-thuis": "Dat ik alles zelf uitzoek.",
            "trots-leerkracht": "Ik help anderen en ik ben geduldig geworden.",
            "schooladvies": ["vwo-atheneum"],
            "zin-in": "Natuurkunde en scheikunde.",
            "spannend": "Nieuwe vakken zoals Duits.",
            "richting": ["techniek"],
            "beroepen-interessant": "Ingenieur, fietsontwerper, uitvinder.",
            "later": "Ingenieur.",
            "leerroute": "Vwo, dan de universiteit.",
            "volgend-jaar-school": "Meer vragen stellen als ik iets niet snap.",
            "volgend-jaar-thuis": "Mijn eigen e-bike bouwen.",
            "nodig": "Tijd en onderdelen.",
            "hulp-leerkracht": "Mij uitdagen.",
            "nog-weten": "Ik ben goed in schaken en ik geef nooit op.",
        }
        | _helpers(("zus Vy", "mij helpen met Engels"), ("vader", "met mij schaken")),
        shared=False,
    )


def _finn(p: _Pupil) -> None:
    g6 = "11121 22211 22212"
    g7 = p.grow(g6, 7)
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 15, 10, 30),
        _cards(
            "kind-kiest",
            ("handig", "Ik heb met papa een kippenhok gebouwd."),
            ("doener", "Ik ben altijd buiten bezig."),
        )
        | _cards(
            "ouder-kiest",
            ("geduldig", "Finn kan uren aan de waterkant zitten met zijn hengel."),
            ("behulpzaam", "Hij helpt de buurvrouw elke week met haar tuin."),
        )
        | {
            "top-3": ["handig", "behulpzaam", "geduldig"],
            "leukste-om-te-horen": (
                "Dat papa zei dat ik geduldig ben. Op school denken ze dat niet."
            ),
            "verder-met": "Handig. Ik wil later buiten werken.",
            "hulp": "Papa kan mij meenemen naar de tuin. De meester kan mij buiten laten helpen.",
        }
        | p.parent_part(
            p.at(6, 2, 15, 10, 30),
            "Finn heeft dyslexie, dus ik heb voor hem geschreven. De woorden zijn van hem.",
        ),
    )
    p.portrait(
        6,
        p.at(6, 6, 18, 9, 0),
        g6,
        {
            "vrienden": "Ravi, Adam en Omar",
            "thuis-bezig": "Vissen met papa, de kippen verzorgen en hutten bouwen.",
            "droom": "Boswachter.",
            "wakker-maken": "Vissen",
            "school-super-leuk": "Het schoolkamp.",
            "thuis-super-leuk": "Vissen op een boot.",
            "school-super-stom": "Voorlezen.",
            "beste-vakken": "Gym en natuur.",
            "trots-op-mezelf": "Ik heb een grote snoek gevangen. En teruggezet.",
            "trots-thuis": "Het kippenhok.",
            "volgend-jaar-school": "Lezen.",
            "nodig": "Luisterboeken.",
            "nog-weten": "Ik heb dyslexie, dus ik lees langzaam. Maar ik weet veel over dieren.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("handig", "Ik bouw hutten."),
            ("geduldig", "Ik kan lang wachten tot een vis bijt."),
        ),
    )
    p.add(
        "ervaring-port-rangers",
        7,
        p.at(7, 10, 15, 14, 0),
        {
            "wat": "Port Rangers: een dag de haven in met een gids",
            "waar": "In de haven",
            "wanneer": p.day(7, 10, 14),
            "leuk": "We zagen een zeehond in het water!",
            "niet-leuk": "Lang in de bus zitten.",
            "beroepen-interessant": "Iemand die de natuur in de haven beschermt.",
            "werk-in-de-haven": "Iets met de natuur. Er wonen vogels en zeehonden in de haven.",
            "past-bij-mij": "Ik wil buiten werken met dieren en planten.",
        },
        done=False,
    )
    p.add(
        "ervaring-ministage",
        7,
        p.at(7, 4, 16, 12, 0),
        {
            "wat": "Meewerken op een kwekerij",
            "waar": "Kwekerij Groen & Zo",
            "wanneer": p.day(7, 4, 15),
            "fotos": p.photos("kwekerij", 1, p.at(7, 4, 15, 10, 0)),
            "leuk": "Plantjes verpotten en de kas water geven met een lange slang.",
            "niet-leuk": "Het was heel warm in de kas.",
            "beroepen-interessant": "Kweker en hovenier.",
            "beroepen-niet-interessant": "Op kantoor de bestellingen doen.",
            "quizvraag": "Waar of niet waar: in een kas kan het in de winter 25 graden zijn?",
            "past-bij-mij": "Ik werk graag met mijn handen en buiten. Dit is echt iets voor mij.",
            "hierna-proberen": "Een eigen moestuin in de tuin maken.",
            "wie-helpt": "Papa",
        },
    )
    p.add(
        "ervaring",
        7,
        p.at(7, 3, 9, 20, 0),
        {
            "wat": "Een hike van 15 kilometer met de scouting",
            "waar": "In het bos bij Hoek van Holland",
            "wanneer": p.day(7, 3, 7),
            "leuk": "Kaartlezen. Ik was de leider van onze groep.",
            "niet-leuk": "Mijn blaren.",
            "past-bij-mij": "Ik ben goed in de weg vinden buiten.",
            "hierna-proberen": "Een nacht in een zelfgebouwde hut slapen.",
            "wie-helpt": "De leiding van de scouting",
        },
        title="Hike met de scouting",
    )
    p.add(
        "samen-doen",
        7,
        p.at(7, 5, 22, 20, 30),
        {
            "activiteit": "natuurgebied",
            "met-wie": "Papa en mijn broer Sam",
            "wanneer": p.day(7, 6, 14),
        },
        done=False,
    )
    p.portrait(
        7,
        p.at(7, 6, 19, 9, 30),
        g7,
        {
            "vrienden": "Ravi, Adam en Omar",
            "thuis-bezig": "Vissen, de moestuin en scouting.",
            "droom": "Hovenier of boswachter.",
            "wakker-maken": "Een hike",
            "school-super-leuk": "De mini-stage op de kwekerij.",
            "thuis-super-leuk": "Mijn moestuin. Ik heb zelf tomaten gekweekt.",
            "school-super-stom": "Toetsen.",
            "beste-vakken": "Natuur, gym en rekenen.",
            "trots-op-mezelf": "Mijn tomaten.",
            "trots-thuis": "Dat ik de leider was bij de hike.",
            "trots-leerkracht": "Ik doe goed mijn best met lezen.",
            "leerroute-niveau": ["vmbo-bk", "vmbo-gt"],
            "leerroute": "Vmbo groen, dan mbo hovenier.",
            "volgend-jaar-school": "Lezen en Engels.",
            "nodig": "Luisterboeken en de laptop.",
            "hulp-leerkracht": "Mij toetsen laten voorlezen door de computer.",
        }
        | _helpers(("vader", "met mij naar de natuur"), ("moeder", "met mij lezen")),
    )
    p.add(
        "school-die-past",
        8,
        p.at(8, 11, 22, 10, 0),
        {
            "voorlopig-advies": ["vmbo-bk"],
            "richtingen": ["landbouw-natuur"],
            "richtingen-omdat": "Ik wil buiten werken met planten en dieren.",
        },
        done=False,
    )


def _nova(p: _Pupil) -> None:
    g6 = "12222 13333 23322"
    g7 = p.grow(g6, 7, up=("concentreren",))
    g8 = p.grow(g7, 8, up=("weet-wat-leuk",))
    p.add(
        "ervaring-museum",
        6,
        p.at(6, 4, 11, 13, 0),
        {
            "wat": "We hebben een rondleiding gehad en een toneelstukje gespeeld",
            "waar": "Het havenmuseum",
            "wanneer": p.day(6, 4, 9),
            "leuk": "Ik mocht de kapitein spelen!",
            "niet-leuk": "Niks.",
            "beroepen-interessant": "Gids in het museum, je vertelt de hele dag verhalen.",
            "mooiste": "Een oud schip waar je in mocht.",
            "past-bij-mij": "Ik sta graag voor een groep.",
            "hierna-proberen": "Toneelles.",
            "wie-helpt": "Mama",
        },
    )
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 17, 19, 45),
        _cards(
            "kind-kiest",
            ("zelfverzekerd", "Ik durf voor de hele school te dansen."),
            ("sociaal", "Ik maak met iedereen vrienden."),
        )
        | _cards(
            "ouder-kiest",
            ("duidelijk", "Nova zegt altijd precies wat ze vindt."),
            ("dapper", "Ze heeft haar broertje geholpen toen hij van zijn fiets viel."),
        )
        | {
            "top-3": ["dapper", "zelfverzekerd", "sociaal"],
            "leukste-om-te-horen": "Dat mama mij dapper vindt.",
            "verder-met": "Dapper en zelfverzekerd.",
            "hulp": "Mama kan mij naar de dansles brengen.",
        }
        | p.parent_part(p.at(6, 2, 17, 19, 45), "Goede opdracht, we hebben veel gelachen."),
    )
    p.portrait(
        6,
        p.at(6, 6, 16, 14, 0),
        g6,
        {
            "vrienden": "Emma en Sophie",
            "thuis-bezig": "Dansen, filmpjes maken en met mijn broers spelen.",
            "droom": "Presentatrice op tv.",
            "wakker-maken": "Dansen",
            "school-super-leuk": "De talentenshow.",
            "thuis-super-leuk": "Mijn dansoptreden.",
            "school-super-stom": "Stil zijn.",
            "thuis-super-stom": "Mijn broers die mijn kamer in komen.",
            "beste-vakken": "Taal, drama en gym.",
            "trots-op-mezelf": "Ik heb de talentenshow gepresenteerd.",
            "trots-thuis": "Mijn dansoptreden.",
            "volgend-jaar-school": "Rekenen.",
            "volgend-jaar-thuis": "Helpen met koken.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("zelfverzekerd", "Ik durf op een podium."),
            ("sociaal", "Ik ken iedereen."),
            ("dapper", "Ik durf veel."),
        )
        | _helpers(("moeder", "mij helpen met rekenen"), ("broer Jason", "filmpjes met mij maken")),
    )
    p.add(
        "ervaring-ministage",
        7,
        p.at(7, 4, 17, 16, 0),
        {
            "wat": "Een dag meelopen bij een lokale radiozender",
            "waar": "Radio Zuid",
            "wanneer": p.day(7, 4, 15),
            "leuk": "Ik mocht het weerbericht voorlezen op de radio!",
            "niet-leuk": "Ik mocht geen foto's maken in de studio.",
            "beroepen-interessant": "Presentator en technicus.",
            "quizvraag": "Waar of niet waar: op de radio praat je altijd live?",
            "past-bij-mij": "Ik praat graag en ik ben niet snel zenuwachtig.",
        },
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 25, 18, 0),
        _people(
            ("Mama", "Werkt in de thuiszorg", "Vragen als ze thuis is"),
            ("Mijn broer Jason", "Leert voor kok", "Appen"),
            ("Buurvrouw Linda", "Conducteur bij de trein", "Aanbellen"),
        )
        | {
            "vragen": ["wat-voor-werk", "werkdag", "leukste", "minder-leuk"],
            "eigen-vraag": "Wat zeg je als iemand boos op je is?",
            "interview-1": (
                "Mama gaat bij mensen thuis langs om ze te helpen met wassen en aankleden. Het "
                "leukste zijn de praatjes. Als iemand boos is, blijft ze rustig en luistert ze."
            ),
            "interview-2": (
                "Linda controleert kaartjes en helpt mensen in de trein. Minder leuk: als de "
                "trein vertraging heeft, dan zijn mensen boos. Ze zegt: ik snap dat u boos bent."
            ),
            "past-wel": "Iets waar je mensen helpt en veel praat",
            "past-wel-omdat": "Ik ben sociaal en ik durf veel.",
            "past-niet": "Kok",
            "past-niet-omdat": "Ik vind koken saai, sorry Jason!",
        }
        | p.parent_part(
            p.at(7, 3, 1, 20, 0),
            "We hebben er aan tafel lang over gepraat. Leuk!",
        ),
    )
    p.portrait(
        7,
        p.at(7, 6, 16, 15, 0),
        g7,
        {
            "vrienden": "Emma, Sophie en Hira",
            "thuis-bezig": "Dansen en een podcast maken met mijn broer.",
            "droom": "Presentatrice of iets waar je mensen helpt.",
            "wakker-maken": "Een dansbattle",
            "school-super-leuk": "De radio-ministage.",
            "thuis-super-leuk": "Onze eerste podcast.",
            "school-super-stom": "Rekentoetsen.",
            "beste-vakken": "Taal, drama en Engels.",
            "trots-op-mezelf": "Ik was op de radio!",
            "trots-thuis": "Dat ik het weerbericht op de radio heb gedaan.",
            "trots-leerkracht": "Ik werk beter door in de klas.",
            "leerroute-niveau": ["vmbo-gt", "havo"],
            "leerroute": "Vmbo-t of havo. Daarna weet ik nog niet.",
            "volgend-jaar-school": "Rekenen, breuken.",
            "nodig": "Uitleg met tekeningen.",
        }
        | _helpers(("moeder", "mij overhoren"), ("broer Jason", "helpen met de podcast")),
    )
    p.add(
        "ervaring-gaan-voor-een-baan",
        8,
        p.at(8, 10, 10, 16, 30),
        {
            "wat": "Bij heel veel bedrijven langs en vragen stellen",
            "waar": "In een grote hal in Rotterdam",
            "wanneer": p.day(8, 10, 8),
            "leuk": "Bij de brandweer mocht ik een brandslang vasthouden. Die is heel zwaar!",
            "niet-leuk": "Dat we maar twee uur hadden.",
            "beroepen-interessant": (
                "Brandweervrouw en meldkamer. Daar komen de 112-telefoontjes binnen."
            ),
            "gesprek": (
                "Met een brandweervrouw. Ik vroeg of ze het eng vindt. Ze zei: soms wel, maar je "
                "bent nooit alleen, je werkt altijd in een team."
            ),
            "past-bij-mij": "Ik ben dapper en ik blijf rustig als er iets gebeurt. Dat past!",
            "hierna-proberen": "Mijn mini-stage bij de brandweer doen.",
            "wie-helpt": "Meester Youssef, hij gaat het vragen.",
        },
    )
    p.add(
        "ervaring-ministage",
        8,
        p.at(8, 11, 13, 17, 0),
        {
            "wat": "Een dag meelopen bij de brandweer",
            "waar": "Brandweerkazerne Zuid",
            "wanneer": p.day(8, 11, 12),
            "fotos": p.photos("brandweer", 1, p.at(8, 11, 12, 9, 30)),
            "leuk": "In de brandweerwagen zitten en het pak aantrekken. Dat moest binnen 1 minuut.",
            "niet-leuk": "Er kwam geen echte melding.",
            "beroepen-interessant": "Brandweervrouw en centralist op de meldkamer.",
            "beroepen-niet-interessant": "Geen, alles was interessant!",
            "quizvraag": (
                "Hoe snel moet een brandweerploeg weg zijn na een melding? A: 1 minuut B: 10 "
                "minuten"
            ),
            "past-bij-mij": (
                "Ik wil iets waar ik mensen help en in een team werk. En niet stilzitten."
            ),
            "hierna-proberen": "Vragen of er een jeugdbrandweer is.",
            "wie-helpt": "Mama",
        },
        drafts={"past-bij-mij": "Ik wil mensen helpen."},
    )
    p.portrait(
        8,
        p.at(8, 11, 23, 15, 0),
        g8,
        {
            "vrienden": "Emma, Sophie en Hira",
            "thuis-bezig": "Dansen en de podcast.",
            "droom": "Brandweervrouw! Of bij de meldkamer.",
            "wakker-maken": "Een brandweeroefening",
            "school-super-leuk": "Gaan voor een Baan en de brandweer.",
            "schooladvies": ["vmbo-gt", "havo"],
        },
        done=False,
    )
    p.add(
        "complimenten",
        8,
        p.at(8, 11, 13, 18, 0),
        {
            "van-wie": "Brandweervrouw Sandra",
            "compliment": "overtuigend",
            "wanneer": p.day(8, 11, 12),
            "gevoel": "Super blij. Ze zei dat ik later moet terugkomen.",
        },
    )


def _adam(p: _Pupil) -> None:
    g6 = "22221 21212 22222"
    g7 = p.grow(g6, 7, up=("weet-wat-belangrijk",))
    p.add(
        "ervaring-taaltrip",
        6,
        p.at(6, 10, 16, 14, 0),
        {
            "wat": "Een boottocht door de haven",
            "waar": "In de haven",
            "wanneer": p.day(6, 10, 15),
            "leuk": "De sleepboten. Ze zijn klein maar heel sterk.",
            "nieuwe-woorden": "sleepboot, kade, bolder",
            "past-bij-mij": "Ik vind het water mooi.",
        },
    )
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 18, 18, 15),
        _cards(
            "kind-kiest",
            ("sportief", "Ik zit op zwemmen en ik heb al twee medailles."),
            ("vriendelijk", "Ik help nieuwe kinderen in de klas."),
        )
        | _cards(
            "ouder-kiest",
            ("zorgzaam", "Adam helpt zijn opa elke dag met zijn medicijnen en zijn jas."),
            ("geduldig", "Hij leert zijn zusje zwemmen in het zwembad, heel rustig."),
        )
        | {
            "top-3": ["zorgzaam", "geduldig", "sportief"],
            "leukste-om-te-horen": "Dat papa zegt dat ik goed voor opa zorg.",
            "verder-met": "Zorgzaam.",
            "hulp": "Papa kan mij meer vertellen over zijn werk. De meester kan mij laten helpen.",
        }
        | p.parent_part(
            p.at(6, 2, 18, 18, 15),
            "Wij zijn trots op Adam. Hij is heel lief voor zijn opa.",
        ),
    )
    p.portrait(
        6,
        p.at(6, 6, 19, 13, 45),
        g6,
        {
            "vrienden": "Amir, Ravi en Omar",
            "thuis-bezig": "Zwemmen, Lego Technic en opa helpen.",
            "droom": "Profzwemmer.",
            "wakker-maken": "Zwemmen",
            "school-super-leuk": "De boot in de haven.",
            "thuis-super-leuk": "Mijn zwemwedstrijd.",
            "school-super-stom": "Spelling.",
            "thuis-super-stom": "Als opa ziek is.",
            "beste-vakken": "Rekenen en gym.",
            "trots-op-mezelf": "Mijn medaille.",
            "trots-thuis": "Dat ik opa help.",
            "trots-leerkracht": "Ik help nieuwe kinderen.",
            "volgend-jaar-school": "Spelling.",
            "volgend-jaar-thuis": "Mijn zusje leren zwemmen.",
            "nodig": "Oefenen met spelling op de computer.",
            "hulp-leerkracht": "Mij oefenwoorden geven.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("sportief", "Ik zwem 4 keer per week."),
            ("zorgzaam", "Ik help opa."),
            ("vriendelijk", "Ik help nieuwe kinderen."),
        )
        | _helpers(("vader", "mij naar zwemmen brengen"), ("opa", "mij verhalen vertellen")),
    )
    p.add(
        "ervaring-ministage",
        7,
        p.at(7, 4, 16, 17, 0),
        {
            "wat": "Meehelpen in een zorgcentrum voor ouderen",
            "waar": "Zorgcentrum De Lindehof",
            "wanneer": p.day(7, 4, 15),
            "leuk": (
                "Ik heb spelletjes gedaan met de mensen. Een mevrouw van 94 heeft mij verteld "
                "hoe Rotterdam er vroeger uitzag."
            ),
            "niet-leuk": "Sommige mensen waren verdrietig. Dat vond ik moeilijk.",
            "beroepen-interessant": "Verzorgende en activiteitenbegeleider.",
            "beroepen-niet-interessant": "In de keuken afwassen.",
            "quizvraag": "Waar of niet waar: in een zorgcentrum werken ook jongens?",
            "past-bij-mij": "Ik ben zorgzaam en geduldig. Ik wil later in de zorg werken.",
            "hierna-proberen": "Een EHBO-cursus voor kinderen.",
            "wie-helpt": "Papa zoekt een cursus voor mij.",
        },
    )
    p.add(
        "complimenten",
        7,
        p.at(7, 4, 16, 17, 20),
        {
            "van-wie": "Mevrouw de Jong in het zorgcentrum",
            "compliment": "vriendelijk",
            "wanneer": p.day(7, 4, 15),
            "gevoel": "Fijn. Ze gaf me ook een koekje.",
        },
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 2, 22, 16, 0),
        _people(
            ("Mijn opa", "Was bakker, nu met pensioen", "Na het eten"),
            ("Mijn tante Esra", "Verpleegkundige in het ziekenhuis", "Op het Suikerfeest"),
            ("Meneer Bram van het zwembad", "Badmeester", "Na de training"),
        )
        | {
            "vragen": ALL_QUESTIONS,
            "eigen-vraag": "Ben je ooit bang geweest op je werk?",
            "interview-1": (
                "Opa was 40 jaar bakker. Hij begon om 4 uur. Het leukste vond hij de klanten die "
                "elke dag kwamen."
            ),
            "interview-2": (
                "Tante Esra zorgt voor mensen na een operatie. Ze was een keer bang toen iemand "
                "heel ziek werd, maar haar team hielp. Tip: leer goed samenwerken."
            ),
            "interview-3": (
                "Bram let op dat niemand verdrinkt. Je moet goed kunnen zwemmen en opletten."
            ),
            "past-wel": "Verpleegkundige",
            "past-wel-omdat": "Ik ben zorgzaam en geduldig, net als tante Esra.",
            "past-niet": "Bakker",
            "past-niet-omdat": "Ik wil niet om 4 uur opstaan!",
        }
        | p.parent_part(
            p.at(7, 2, 28, 19, 30),
            "Adam vond het interview met zijn opa heel bijzonder. Wij ook.",
        ),
    )
    p.portrait(
        7,
        p.at(7, 6, 18, 14, 15),
        g7,
        {
            "vrienden": "Amir, Ravi, Finn en Omar",
            "thuis-bezig": "Zwemmen, opa helpen en Lego Technic.",
            "droom": "Verpleegkundige of dokter. Zwemmen blijf ik doen.",
            "wakker-maken": "Een zwemwedstrijd",
            "school-super-leuk": "De mini-stage in het zorgcentrum.",
            "thuis-super-leuk": "Mijn zusje kan nu zwemmen.",
            "school-super-stom": "Spelling.",
            "beste-vakken": "Rekenen, gym en biologie.",
            "trots-op-mezelf": "Mijn zusje heeft haar A-diploma en ik heb haar geholpen.",
            "trots-thuis": "Dat ik zo goed voor opa zorg.",
            "trots-leerkracht": "Mijn spelling is beter geworden.",
            "leerroute-niveau": ["vmbo-gt", "havo"],
            "leerroute": "Vmbo-t of havo, dan verpleegkunde.",
            "volgend-jaar-school": "Begrijpend lezen.",
            "volgend-jaar-thuis": "Leren koken voor opa.",
            "nodig": "Oefenen.",
        }
        | _helpers(("vader", "met mij oefenen"), ("opa", "mij vertellen hoe het vroeger was")),
    )
    p.add(
        "school-die-past",
        8,
        p.at(8, 11, 20, 19, 0),
        {
            "voorlopig-advies": ["vmbo-gt", "havo"],
            "richtingen": ["zorg-welzijn"],
            "richtingen-omdat": "Ik wil verpleegkundige worden. Ik zorg graag voor mensen.",
            "kenmerken": ["structuur-en-regels", "sport", "klein-of-groot"],
        }
        | _schools(
            (
                "Het Kade College",
                "vrijdag 5 februari",
                "Of de school niet te groot is.",
                "Of er een zorgklas is.",
            ),
            (
                "Het Talentum",
                "zaterdag 6 februari",
                "Of de mentor aardig is.",
                "Of je kan zwemmen bij gym.",
            ),
        )
        | p.parent_part(
            p.at(8, 11, 20, 19, 0),
            "We gaan samen kijken. Het belangrijkste is dat Adam zich er thuis voelt.",
            answers="ja ja ja",
        ),
    )
    p.add(
        "ervaring",
        8,
        p.at(8, 10, 12, 18, 0),
        {
            "wat": "Mijn eerste zwemwedstrijd bij de grote jongens",
            "waar": "Het zwembad",
            "wanneer": p.day(8, 10, 11),
            "leuk": "Ik werd derde op de 100 meter schoolslag.",
            "niet-leuk": "Heel vroeg opstaan.",
            "past-bij-mij": "Ik kan goed doorzetten.",
            "hierna-proberen": "Mijn zwemdiploma voor lifeguard halen.",
            "wie-helpt": "Mijn trainer",
        },
        title="Zwemwedstrijd",
    )


# ---------------------------------------------------------------------------------------------
# Groep 7: last year's self-portrait, this year's first assignments.


def _sem(p: _Pupil) -> None:
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 21, 11, 0),
        _cards(
            "kind-kiest",
            ("technisch", "Ik heb een knikkerbaan met een lift gebouwd."),
            ("grappig", "Ik doe goede imitaties van dieren."),
        )
        | _cards(
            "ouder-kiest",
            ("creatief", "Sem bouwt hele steden van Lego, met verhalen erbij."),
            ("doorzetter", "Hij oefent net zo lang op zijn skateboard tot het lukt."),
        )
        | {
            "top-3": ["creatief", "technisch", "doorzetter"],
            "leukste-om-te-horen": "Dat papa mijn Legostad creatief vindt.",
            "verder-met": "Technisch en creatief.",
            "hulp": "Papa en mama kunnen mij helpen om een bouwkamp te vinden.",
        }
        | p.parent_part(
            p.at(6, 2, 21, 11, 0),
            "Gedaan in het weekend bij mij. Mama heeft het ook gelezen.",
            relation="vader",
        ),
    )
    p.portrait(
        6,
        p.at(6, 6, 17, 10, 0),
        "21232 22222 33222",
        {
            "vrienden": "Milan en Jayden",
            "thuis-bezig": "Lego, skateboarden en tekenen.",
            "droom": "Uitvinder van een vliegende skateboard.",
            "wakker-maken": "Skaten",
            "school-super-leuk": "Techniek is overal.",
            "thuis-super-leuk": "Skatepark met papa.",
            "school-super-stom": "Dictee.",
            "beste-vakken": "Rekenen en tekenen.",
            "trots-op-mezelf": "Ik kan een ollie.",
            "trots-thuis": "Mijn Legostad.",
            "volgend-jaar-school": "Netter schrijven.",
            "nog-weten": (
                "Ik woon om de week bij mama en bij papa. Mijn spullen staan in twee huizen."
            ),
        }
        | _cards(
            "mijn-kwaliteiten",
            ("technisch", "Ik bouw alles."),
            ("doorzetter", "Ik oefen tot het lukt."),
        ),
    )
    p.add(
        "complimenten",
        7,
        p.at(7, 10, 4, 19, 0),
        {
            "van-wie": "Papa",
            "compliment": "bouwen",
            "wanneer": p.day(7, 10, 4),
            "gevoel": "Goed. Papa zag mijn nieuwe Legobrug.",
        },
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 11, 19, 18, 0),
        _people(
            ("Mama", "Doktersassistent", "Vragen na het eten"),
            ("Lisa, de vriendin van papa", "Ontwerper van speelgoed", "Vragen in het weekend"),
        ),
        done=False,
        shared=False,
    )


def _yara(p: _Pupil) -> None:
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 19, 19, 0),
        _cards(
            "kind-kiest",
            ("sportief", "Ik zit op voetbal bij de meiden."),
            ("vriendelijk", "Ik troost kinderen die verdrietig zijn."),
        )
        | _cards(
            "ouder-kiest",
            ("positief", "Yara ziet altijd het goede, ook als het tegenzit."),
            ("muzikaal", "Ze zingt de hele dag en ze zingt mooi."),
        )
        | {
            "top-3": ["positief", "muzikaal", "vriendelijk"],
            "leukste-om-te-horen": "Dat tante Gloria mij mooi vindt zingen.",
            "verder-met": "Muzikaal. Ik wil op zangles.",
            "hulp": "Tante kan een zangkoor voor mij zoeken.",
        }
        | p.parent_part(p.at(6, 2, 19, 19, 0), "Heel fijn om te doen. Yara zingt nu nog meer."),
    )
    p.portrait(
        6,
        p.at(6, 6, 16, 11, 0),
        "22222 23232 32322",
        {
            "vrienden": "Hira, Mila en Tess",
            "thuis-bezig": "Zingen, voetballen en met mijn nichtjes spelen.",
            "droom": "Zangeres worden.",
            "wakker-maken": "Karaoke",
            "school-super-leuk": "De ouder-kindmiddag, tante was er ook.",
            "thuis-super-leuk": "Keti Koti vieren met de hele familie.",
            "beste-vakken": "Muziek en taal.",
            "trots-op-mezelf": "Ik heb alleen gezongen op de musical.",
            "trots-thuis": "Dat ik zo positief ben.",
            "trots-leerkracht": "Ik help kinderen die verdrietig zijn.",
            "volgend-jaar-school": "Rekenen, vooral de tafels.",
            "nodig": "Een spelletje met tafels.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("muzikaal", "Ik zing elke dag."),
            ("positief", "Ik ben bijna altijd vrolijk."),
        )
        | _helpers(("tante Gloria", "met mij oefenen met tafels"), ("nicht Shanice", "zingen")),
    )
    p.add(
        "ervaring-port-rangers",
        7,
        p.at(7, 10, 16, 20, 0),
        {
            "wat": "Met de klas de haven in",
            "waar": "De haven",
            "wanneer": p.day(7, 10, 14),
            "leuk": "Ik mocht door een verrekijker kijken op de uitkijktoren.",
        },
        done=False,
        shared=False,
    )


def _milan(p: _Pupil) -> None:
    p.portrait(
        6,
        p.at(6, 6, 18, 10, 30),
        "32232 12121 22211",
        {
            "vrienden": "Sem en Luuk",
            "thuis-bezig": "Gamen en tekenen.",
            "droom": "Tekenaar van strips.",
            "wakker-maken": "Tekenen",
            "school-super-leuk": "De kunstles.",
            "school-super-stom": "Samenwerken in groepjes.",
            "beste-vakken": "Tekenen en rekenen.",
            "trots-op-mezelf": "Mijn stripboek van 10 bladzijden.",
            "volgend-jaar-school": "Samenwerken.",
            "nog-weten": "Ik ben soms stil, maar ik heb veel ideeën.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("creatief", "Ik teken strips."),
            ("precies", "Ik teken heel precies."),
        ),
        shared=False,
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 11, 16, 19, 30),
        _people(
            ("Mijn vader", "Werkt in een magazijn", "Vragen als hij thuiskomt"),
            ("Buurjongen Tim", "Studeert voor grafisch ontwerper", "Aanbellen"),
            ("Tante Monique", "Politieagent", "Appen"),
        )
        | {
            "vragen": ["wat-voor-werk", "werkdag", "leukste", "geleerd"],
            "eigen-vraag": "Teken je ook op je werk?",
            "interview-1": (
                "Papa zorgt dat pakketjes op de goede plek komen. Hij werkt soms 's nachts. Hij "
                "vindt zijn collega's het leukste. Hij tekent niet op zijn werk, wel thuis."
            ),
        },
        done=False,
        shared=True,
    )


def _hira(p: _Pupil) -> None:
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 20, 18, 0),
        _cards(
            "kind-kiest",
            ("nieuwsgierig", "Ik stel altijd veel vragen in de klas."),
            ("georganiseerd", "Mijn la is altijd opgeruimd."),
        )
        | _cards(
            "ouder-kiest",
            ("behulpzaam", "Hira helpt haar kleine broertjes met huiswerk."),
            ("betrouwbaar", "Ze doet altijd wat ze belooft."),
        )
        | {
            "top-3": ["nieuwsgierig", "behulpzaam", "betrouwbaar"],
            "leukste-om-te-horen": "Dat mama zegt dat ik betrouwbaar ben.",
            "verder-met": "Nieuwsgierig. Ik wil dokter worden.",
            "hulp": "Mama kan met mij naar de bibliotheek.",
        }
        | p.parent_part(
            p.at(6, 2, 20, 18, 0), "Mijn dochter heeft het goed gedaan.", answers="ja ja ja"
        ),
    )
    p.portrait(
        6,
        p.at(6, 6, 19, 9, 45),
        "32323 22222 32232",
        {
            "vrienden": "Yara en Tess",
            "thuis-bezig": "Lezen, tekenen en mijn broertjes helpen.",
            "droom": "Kinderarts worden.",
            "wakker-maken": "Een boek over het lichaam",
            "school-super-leuk": "Het museum.",
            "thuis-super-leuk": "Naar Pakistan op vakantie, naar mijn opa en oma.",
            "school-super-stom": "Gym als het buiten is en het regent.",
            "beste-vakken": "Rekenen, taal en natuur.",
            "trots-op-mezelf": "Ik heb een 9 voor mijn werkstuk over het hart.",
            "trots-thuis": "Dat ik mijn broertjes help.",
            "trots-leerkracht": "Ik ben altijd netjes en op tijd.",
            "volgend-jaar-school": "Meer durven bij gym.",
            "volgend-jaar-thuis": "Leren fietsen zonder zijwieltjes voor mijn broertje.",
            "nog-weten": "Ik wil later kinderen beter maken.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("nieuwsgierig", "Ik lees boeken over het lichaam."),
            ("georganiseerd", "Ik maak lijstjes."),
            ("behulpzaam", "Ik help met huiswerk."),
        ),
    )
    p.add(
        "ervaring-port-rangers",
        7,
        p.at(7, 10, 15, 15, 0),
        {
            "wat": "Port Rangers: met een gids door de haven",
            "waar": "De haven van Rotterdam",
            "wanneer": p.day(7, 10, 14),
            "fotos": p.photos("haven", 1, p.at(7, 10, 14, 11, 30)),
            "leuk": "We zagen hoe een kraan een container van een schip tilt.",
            "niet-leuk": "Het regende een beetje.",
            "beroepen-interessant": (
                "Havenarts. Die controleert of de mensen op de schepen gezond zijn."
            ),
            "beroepen-niet-interessant": "Sjorder, die maakt containers vast. Dat is zwaar werk.",
            "werk-in-de-haven": "Havenarts, want dan ben ik dokter en zie ik de haven.",
            "past-bij-mij": "Ik wil dokter worden, en het kan op veel plekken.",
            "hierna-proberen": "Vragen of ik bij een huisarts mag kijken.",
            "wie-helpt": "Mama",
        },
    )
    p.add(
        "complimenten",
        7,
        p.at(7, 10, 30, 15, 0),
        {
            "van-wie": "Meester Youssef",
            "compliment": "Jij stelt de beste vragen",
            "wanneer": p.day(7, 10, 30),
            "gevoel": "Blij!",
        },
    )


def _luuk(p: _Pupil) -> None:
    p.portrait(
        6,
        p.at(6, 6, 23, 10, 0),
        "21212 12112 22121",
        {"vrienden": "Milan"},
        answered=5,
        done=False,
        shared=False,
    )


def _mila(p: _Pupil) -> None:
    p.portrait(
        6,
        p.at(6, 6, 18, 11, 45),
        "33223 22223 32332",
        {
            "vrienden": "Tess, Yara en Hira",
            "thuis-bezig": "Judo, bakken en Pools leren van mijn oma.",
            "droom": "Piloot worden en naar Polen vliegen.",
            "wakker-maken": "Judo",
            "school-super-leuk": "De kinderboerderij.",
            "thuis-super-leuk": "Kerst in Polen bij mijn oma.",
            "beste-vakken": "Rekenen en natuur.",
            "trots-op-mezelf": "Ik heb mijn gele band bij judo.",
            "trots-thuis": "Dat ik twee talen spreek.",
            "volgend-jaar-school": "Topografie.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("dapper", "Ik durf bij judo tegen grotere kinderen."),
            ("zorgzaam", "Ik pas op de kat van de buren als ze op vakantie zijn."),
        )
        | _helpers(("moeder", "mij overhoren"), ("oma", "mij Pools leren")),
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 11, 17, 18, 30),
        _people(
            ("Mama", "Schoonmaker in een school", "Aan tafel"),
            ("Oom Piotr", "Vrachtwagenchauffeur", "Videobellen"),
            ("Mijn judoleraar", "Sportleraar", "Na de les"),
        )
        | {
            "vragen": ALL_QUESTIONS,
            "eigen-vraag": "Wat wilde je vroeger worden?",
            "interview-1": (
                "Mama maakt een school schoon, 's avonds als iedereen weg is. Leukste: als alles "
                "glimt. Vroeger wilde ze juf worden."
            ),
            "interview-2": (
                "Oom Piotr rijdt door heel Europa. Hij slaapt in zijn cabine. Hij wilde vroeger "
                "piloot worden."
            ),
        },
        done=False,
    )
    p.add(
        "samen-doen",
        7,
        p.at(7, 10, 20, 19, 0),
        {"activiteit": "bibliotheek", "met-wie": "Mama", "wanneer": p.day(7, 11, 7)},
        done=False,
    )


def _jayden(p: _Pupil) -> None:
    p.portrait(
        6,
        p.at(6, 6, 16, 12, 0),
        "11121 23332 32313",
        {
            "vrienden": "Sem, Milan en Luuk",
            "thuis-bezig": "Voetbal, dansen en met mijn neefjes spelen.",
            "droom": "Profvoetballer. En anders kapitein op een groot schip.",
            "wakker-maken": "Voetbal",
            "school-super-leuk": "De sportdag.",
            "thuis-super-leuk": "Naar Curaçao op vakantie.",
            "beste-vakken": "Gym en rekenen.",
            "trots-op-mezelf": "Ik ben aanvoerder van mijn team.",
            "trots-thuis": "Dat ik aanvoerder ben.",
            "volgend-jaar-school": "Rustiger werken.",
        }
        | _cards(
            "mijn-kwaliteiten", ("sportief", "Ik voetbal goed."), ("grappig", "Ik maak grapjes.")
        ),
    )
    p.add(
        "ervaring-port-rangers",
        7,
        p.at(7, 10, 15, 16, 0),
        {
            "wat": "Port Rangers: de haven ontdekken",
            "waar": "De haven",
            "wanneer": p.day(7, 10, 14),
            "fotos": p.photos("haven", 1, p.at(7, 10, 14, 10, 45)),
            "leuk": "Het grootste schip was 400 meter lang. Dat zijn vier voetbalvelden!",
            "niet-leuk": "Dat we niet op het schip mochten.",
            "beroepen-interessant": "Kapitein en loods. De loods stuurt het schip de haven in.",
            "werk-in-de-haven": "Loods, dan ga je met een kleine boot naar een groot schip.",
            "past-bij-mij": "Ik ben graag de leider, net als een kapitein.",
            "hierna-proberen": "Met papa naar de Wereldhavendagen.",
            "wie-helpt": "Papa",
        },
    )
    p.add(
        "complimenten",
        7,
        p.at(7, 11, 6, 18, 0),
        {
            "van-wie": "Papa",
            "compliment": "grappig",
            "wanneer": p.day(7, 11, 6),
            "gevoel": "Ik moest zelf ook lachen.",
        },
        shared=False,
    )


def _tess(p: _Pupil) -> None:
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 2, 22, 17, 30),
        _cards(
            "kind-kiest",
            ("denker", "Ik schaak en ik denk vijf zetten vooruit."),
            ("planner", "Ik maak zelf een planning voor mijn spreekbeurt."),
        )
        | _cards(
            "ouder-kiest",
            ("eerlijk", "Tess zegt het als iets niet klopt, ook tegen volwassenen."),
            ("sociaal", "Ze neemt nieuwe kinderen mee naar de schaakclub."),
        )
        | {
            "top-3": ["denker", "eerlijk", "planner"],
            "leukste-om-te-horen": "Dat mama mij sociaal vindt.",
            "verder-met": "Denker en planner.",
            "hulp": "Mama kan mij naar schaaktoernooien brengen.",
        }
        | p.parent_part(p.at(6, 2, 22, 17, 30), "Leuke opdracht!", answers="ja ja nee"),
    )
    p.portrait(
        6,
        p.at(6, 6, 17, 13, 0),
        "33322 32221 22322",
        {
            "vrienden": "Mila en Hira",
            "thuis-bezig": "Schaken, lezen en knutselen.",
            "droom": "Schaakkampioen van Nederland.",
            "wakker-maken": "Schaken",
            "school-super-leuk": "Het techniekproject.",
            "thuis-super-leuk": "Het schaaktoernooi.",
            "beste-vakken": "Rekenen.",
            "trots-op-mezelf": "Ik heb van de clubkampioen gewonnen.",
            "volgend-jaar-school": "Meer samenwerken.",
        }
        | _cards(
            "mijn-kwaliteiten",
            ("denker", "Ik schaak."),
            ("planner", "Ik maak lijstjes."),
            ("eigen:Eerlijk en duidelijk", "Ik zeg wat ik denk."),
        ),
    )
    p.add(
        "beroepen-om-je-heen",
        7,
        p.at(7, 11, 20, 16, 0),
        _people(
            ("Mama", "Verloskundige", "Vragen"),
            ("Opa Wim", "Schaakleraar", "Bij de schaakclub"),
        ),
        done=False,
        shared=False,
    )


# ---------------------------------------------------------------------------------------------
# Groep 6: the first months.


def _noor(p: _Pupil) -> None:
    p.portrait(
        6,
        p.at(6, 11, 10, 10, 0),
        "22222 21222 32222",
        {"vrienden": "Lotte en Fenna", "thuis-bezig": "Tekenen en met onze hond spelen."},
        answered=8,
        done=False,
        shared=False,
    )
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 11, 17, 16, 0),
        _cards(
            "kind-kiest",
            ("creatief", "Ik teken mooie dieren."),
            ("vriendelijk", "Ik help kinderen die alleen staan op het plein."),
        ),
        done=False,
        shared=True,
    )


def _daan(p: _Pupil) -> None:
    p.add(
        "ervaring-taaltrip",
        6,
        p.at(6, 10, 15, 11, 0),
        {
            "wat": "We hebben met een boot door de haven gevaren",
            "waar": "De haven",
            "wanneer": p.day(6, 10, 14),
            "leuk": "De golven van de grote schepen.",
            "niet-leuk": "Ik werd een beetje zeeziek.",
            "beroepen-interessant": "Kapitein.",
            "nieuwe-woorden": "container, kraan, kade",
            "past-bij-mij": "Ik hou van water.",
        },
    )
    p.portrait(
        6,
        p.at(6, 11, 12, 10, 30),
        "22112 21221 22212",
        {"vrienden": "Mohammed en Bilal"},
        answered=4,
        done=False,
        shared=False,
    )


def _aylin(p: _Pupil) -> None:
    p.add(
        "ervaring-taaltrip",
        6,
        p.at(6, 10, 15, 11, 30),
        {
            "wat": "Boottocht door de haven met de klas",
            "waar": "Rotterdam, de haven",
            "wanneer": p.day(6, 10, 14),
            "leuk": "Ik heb een heel groot schip gezien met wel duizend containers.",
            "niet-leuk": "Het duurde te kort.",
            "beroepen-interessant": "De vrouw die de boot bestuurde.",
            "nieuwe-woorden": "loods, sleepboot, containerschip, ligplaats",
            "past-bij-mij": "Ik vind het leuk om nieuwe woorden te leren.",
            "hierna-proberen": "Een boek over schepen lezen.",
            "wie-helpt": "Juf Sanne",
        },
    )
    p.add(
        "complimenten",
        6,
        p.at(6, 10, 22, 14, 0),
        {
            "van-wie": "Juf Sanne",
            "compliment": "enthousiast",
            "wanneer": p.day(6, 10, 22),
            "gevoel": "Blij, want ik had veel nieuwe woorden geleerd.",
        },
    )
    p.portrait(
        6,
        p.at(6, 11, 11, 13, 0),
        "32222 22222 32322",
        {
            "vrienden": "Zeynep en Noor",
            "thuis-bezig": "Lezen, dansen en met mijn babyzusje spelen.",
            "droom": "Juf worden, of schrijfster.",
        },
        done=False,
        shared=True,
    )


def _mohammed(p: _Pupil) -> None:
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 11, 18, 17, 0),
        _cards(
            "kind-kiest",
            ("sportief", "Ik ben de snelste van de klas bij hardlopen."),
            ("behulpzaam", "Ik draag de boodschappen voor mijn moeder."),
        ),
        done=False,
    )
    p.add(
        "ervaring-taaltrip",
        6,
        p.at(6, 10, 16, 10, 0),
        {"wat": "Met de boot door de haven", "leuk": "De grote kranen."},
        done=False,
        shared=False,
    )


def _lotte(p: _Pupil) -> None:
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 11, 16, 18, 30),
        _cards(
            "kind-kiest",
            ("eigen:Goed met dieren", "Onze kat komt altijd naar mij toe."),
            ("positief", "Als we verliezen met hockey ben ik niet boos."),
        ),
        done=False,
        shared=True,
    )
    p.add(
        "samen-doen",
        6,
        p.at(6, 11, 8, 11, 0),
        {
            "activiteit": "kinderboerderij",
            "met-wie": "Mama en mijn broertje",
            "wanneer": p.day(6, 11, 29),
        },
        done=False,
        shared=True,
    )


def _fenna(p: _Pupil) -> None:
    p.add(
        "ervaring-taaltrip",
        6,
        p.at(6, 10, 15, 13, 30),
        {
            "wat": "Een boottocht door de haven en woorden leren",
            "waar": "De haven van Rotterdam",
            "wanneer": p.day(6, 10, 14),
            "fotos": p.photos("haven", 1, p.at(6, 10, 14, 10, 20)),
            "leuk": "De kranen waren blauw en oranje. Ik heb er een foto van gemaakt.",
            "niet-leuk": "Het stonk een beetje naar olie.",
            "beroepen-interessant": "Kraanmachinist. Die zit helemaal bovenin.",
            "beroepen-niet-interessant": "Iemand die het schip schoonmaakt.",
            "nieuwe-woorden": "kraanmachinist, kade, terminal",
            "past-bij-mij": "Ik ben niet bang voor hoogte.",
            "hierna-proberen": "Op de klimmuur klimmen.",
            "wie-helpt": "Mama",
        },
    )


def _kofi(p: _Pupil) -> None:
    p.add(
        "complimenten",
        6,
        p.at(6, 10, 22, 14, 30),
        {
            "van-wie": "Juf Sanne",
            "compliment": "vriendelijk",
            "wanneer": p.day(6, 10, 22),
            "gevoel": "Goed.",
        },
        shared=False,
    )


def _zeynep(p: _Pupil) -> None:
    p.add(
        "ervaring-taaltrip",
        6,
        p.at(6, 10, 16, 11, 0),
        {
            "wat": "Varen door de haven",
            "waar": "De haven",
            "wanneer": p.day(6, 10, 14),
            "leuk": "Meeuwen voeren. Dat mocht eigenlijk niet.",
            "beroepen-interessant": "Iemand die de schepen repareert.",
            "nieuwe-woorden": "dok, scheepswerf, romp",
            "past-bij-mij": "Ik wil weten hoe een schip blijft drijven.",
        },
        shared=False,
    )
    p.add(
        "kwaliteiten-top3",
        6,
        p.at(6, 11, 19, 17, 30),
        _cards(
            "kind-kiest",
            ("nieuwsgierig", "Ik vraag altijd waarom."),
            ("teamspeler", "Met de groepsopdracht hielp ik iedereen mee te doen."),
        ),
        done=False,
    )


PROFILES: dict[str, Profile] = {
    # groep 8
    "Emma de Vries": Profile((3, 3), "Mijn moeder, mijn broertje Thijs en onze kat Sproet.", _emma),
    "Amir Benali": Profile((17, 11), "Mijn vader, mijn moeder, mijn twee zussen en oma.", _amir),
    "Sophie Verbeek": Profile(
        (22, 6), "Mijn moeder, mijn stiefvader Dennis en mijn halfbroertje Bram.", _sophie
    ),
    "Ravi Ramdin": Profile(
        (9, 1), "Mijn moeder en mijn oma. Om het weekend ben ik bij mijn vader.", _ravi
    ),
    "Julia Hendriks": Profile((30, 9), "Mijn vader en onze hond Bikkel.", _julia),
    "Omar El Idrissi": Profile(
        (5, 5), "Mijn moeder, mijn broer Yassin en mijn zusje Amina.", _omar
    ),
    "Lina Nguyen": Profile((14, 2), "Mijn moeder, mijn vader en mijn grote zus Vy.", _lina),
    "Finn Bos": Profile((27, 8), "Papa, mama, mijn broer Sam en twee kippen.", _finn),
    "Nova Tromp": Profile((12, 12), "Mijn moeder en mijn twee broers, Jason en Dylan.", _nova),
    "Adam Öztürk": Profile((19, 4), "Mijn vader, mijn moeder, mijn opa en mijn zusje Elif.", _adam),
    # groep 7
    "Sem Jansen": Profile((8, 7), "De ene week bij mama, de andere week bij papa en Lisa.", _sem),
    "Yara Pinas": Profile((25, 1), "Mijn tante Gloria en mijn nicht Shanice.", _yara),
    "Milan de Boer": Profile((14, 10), "Mijn vader en mijn broer.", _milan),
    "Hira Ahmed": Profile((2, 3), "Mijn moeder, mijn vader en mijn twee broertjes.", _hira),
    "Luuk Smit": Profile((21, 5), "Mijn moeder en mijn zus.", _luuk),
    "Mila Kowalski": Profile((11, 11), "Mijn moeder, mijn vader en mijn kat.", _mila),
    "Jayden Martina": Profile((30, 6), "Mijn vader, mijn oma en mijn neefje.", _jayden),
    "Tess van Dijk": Profile((6, 2), "Mama Esther, mama Joyce en mijn broertje.", _tess),
    # groep 6 (Bilal has not started yet)
    "Noor Bakker": Profile((15, 4), "Mijn moeder, mijn vader en onze hond.", _noor),
    "Daan Visser": Profile((3, 12), "Mijn vader en mijn moeder.", _daan),
    "Aylin Yılmaz": Profile((28, 2), "Mijn ouders en mijn babyzusje.", _aylin),
    "Mohammed Amrani": Profile((9, 9), "Mijn vader, mijn moeder en mijn drie broers.", _mohammed),
    "Lotte de Graaf": Profile((20, 3), "Mama, papa en mijn broertje.", _lotte),
    "Fenna Mulder": Profile((1, 6), "Mijn moeder.", _fenna),
    "Kofi Mensah": Profile((16, 8), "Mijn oom en mijn neven.", _kofi),
    "Zeynep Kaya": Profile((13, 1), "Mijn moeder, mijn vader en mijn zus.", _zeynep),
}
