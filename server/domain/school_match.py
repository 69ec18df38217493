"""Een school die past, matched: from the pupil's answers in *Een school die past* (levels,
directions, characteristics) and her advice, the schools of the catalogue in a clear order,
each with the reasons in plain words — never a score nobody can explain.

Schools that offer the advised level(s) come first (all of a double advice before one of
them), then by how many of her wishes they meet, then by name. Wishes that say nothing about
a school by themselves ("kleine of grote school", "de religieuze stroming") are shown as facts
("is een kleine school"), not counted: the pupil and her parent weigh those themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from server.domain.vo_schools import CONCEPTS, PROFILES, SIZES

# The worksheet's level names, short, as a pupil says them.
LEVEL_WORDS = {
    "praktijkonderwijs": "praktijkonderwijs",
    "vmbo-bk": "vmbo basis/kader",
    "vmbo-gt": "vmbo-gt",
    "havo": "havo",
    "vwo-atheneum": "vwo (atheneum)",
    "vwo-gymnasium": "gymnasium",
}
# An advice of "vwo" is met by atheneum or gymnasium (server/domain/advice.py LEVELS).
ADVICE_TO_SCHOOL = {"vwo": ("vwo-atheneum", "vwo-gymnasium")}
# A characteristic of the worksheet (content/schoolkenmerken.toml) and the school's hand-kept
# concepts that meet it.
KENMERK_CONCEPTS = {
    "vakken-op-niveaus": ("vakken-op-niveaus",),
    "onderwijsmethode": ("dalton", "montessori", "vrije-school", "jenaplan"),
    "structuur-en-regels": ("structuur-en-regels",),
    "geen-huiswerk": ("geen-huiswerk",),
    "talen": ("talen", "tweetalig"),
    "theater-of-kunst": ("theater-of-kunst",),
    "sport": ("sport",),
    "techniek-ict": ("techniek-ict",),
}


# The patterns of the reasons (a parent's page translates the pattern and the word apart).
MSG_HAS = "heeft {what}"
MSG_HAS_NOT = "heeft geen {what}"
MSG_UNKNOWN = "niet bekend: {what}"
MSG_IS_A = "is een {what}"
MSG_DENOMINATION = "richting: {what}"
# A concept that reads better as a phrase of its own than as "heeft …".
CONCEPT_REASONS = {
    "dalton": "werkt met Dalton",
    "montessori": "werkt met Montessori",
    "vrije-school": "is een vrije school",
    "jenaplan": "werkt met Jenaplan",
    "tweetalig": "heeft tweetalig onderwijs",
    "talen": "heeft extra talen",
    "vakken-op-niveaus": "heeft vakken op verschillende niveaus",
    "structuur-en-regels": "heeft duidelijke structuur en regels",
    "geen-huiswerk": "geeft geen huiswerk voor thuis",
}
WISH_WORDS = {"onderwijsmethode": "een onderwijsmethode zoals Dalton of Montessori"}


class Phrase(str):
    """A reason in Dutch ("heeft techniek") that also knows its pattern and the word in it,
    so a parent's page can translate both; everywhere else it is the plain string."""

    pattern: str
    word: str

    def __new__(cls, pattern: str, word: str = "") -> Phrase:
        phrase = super().__new__(cls, pattern.format(what=word) if word else pattern)
        phrase.pattern, phrase.word = pattern, word
        return phrase


@dataclass
class Match:
    school: Mapping[str, Any]
    advice: str  # "all" | "some" | "none" | "" (no advice yet)
    reasons: list[Phrase] = field(default_factory=list)  # "heeft havo", "heeft techniek"
    missing: list[Phrase] = field(default_factory=list)  # "heeft geen sport"
    facts: list[Phrase] = field(default_factory=list)  # "is een kleine school"
    met: int = 0


def _has_level(school_levels: set[str], level: str) -> bool:
    return any(k in school_levels for k in ADVICE_TO_SCHOOL.get(level, (level,)))


def _level_word(level: str) -> str:
    return "vwo" if level == "vwo" else LEVEL_WORDS.get(level, level)


def match(
    schools: Iterable[Mapping[str, Any]],
    advice_levels: Iterable[str],
    answers: Mapping[str, Any],
) -> list[Match]:
    """Every school still in the catalogue, in order, with its reasons.

    ``advice_levels`` are the advice's levels (advice.LEVELS keys); ``answers`` the item's
    values of *Een school die past* (``voorlopig-advies``, ``richtingen``, ``kenmerken``)."""
    advised = list(advice_levels) or [
        "vwo" if k.startswith("vwo") else k for k in answers.get("voorlopig-advies") or []
    ]
    directions = [d for d in answers.get("richtingen") or [] if d in PROFILES]
    wishes = [k for k in answers.get("kenmerken") or [] if k in KENMERK_CONCEPTS]
    found = []
    for school in schools:
        if school.get("gone"):
            continue
        levels = set(school.get("levels") or [])
        concepts = set(school.get("concepts") or [])
        result = Match(school, "")
        if advised:
            offered = [lv for lv in dict.fromkeys(advised) if _has_level(levels, lv)]
            result.advice = (
                "all" if len(offered) == len(set(advised)) else "some" if offered else "none"
            )
            result.reasons += [Phrase(MSG_HAS, _level_word(lv)) for lv in offered]
            result.missing += [
                Phrase(MSG_HAS_NOT, _level_word(lv)) for lv in advised if lv not in offered
            ]
        for direction in directions:
            name = PROFILES[direction].lower()
            if direction in (school.get("profiles") or []):
                result.reasons.append(Phrase(MSG_HAS, name))
                result.met += 1
            else:
                result.missing.append(Phrase(MSG_HAS_NOT, name))
        for wish in wishes:
            hits = [c for c in KENMERK_CONCEPTS[wish] if c in concepts]
            if hits:
                result.reasons += [_concept_reason(c) for c in hits]
                result.met += 1
            else:
                result.missing.append(Phrase(MSG_UNKNOWN, _concept_word(wish)))
        if school.get("size") in SIZES:
            result.facts.append(Phrase(MSG_IS_A, SIZES[school["size"]].lower()))
        if school.get("denomination"):
            # DUO's own words (openbaar, rooms-katholiek, …): shown as they come
            result.facts.append(Phrase(MSG_DENOMINATION, school["denomination"].lower()))
        found.append(result)
    order = {"all": 0, "some": 1, "none": 2, "": 0}
    return sorted(found, key=lambda m: (order[m.advice], -m.met, m.school.get("name", "")))


def _concept_reason(concept: str) -> Phrase:
    if concept in CONCEPT_REASONS:
        return Phrase(CONCEPT_REASONS[concept])
    return Phrase(MSG_HAS, CONCEPTS[concept].lower())


def _concept_word(wish: str) -> str:
    return WISH_WORDS.get(wish, CONCEPTS.get(wish, wish).lower())
