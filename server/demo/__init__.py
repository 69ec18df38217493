"""The demo school "Basisschool De Horizon" (fictional), so Rugzak can be tried at once.

Fixed class codes and passwords make the README's demo logins work; they belong to
this fictional school only and are created by the ``demo`` command, never otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from server.demo.vo_catalogue import add_vo_catalogue
from server.demo.writer import fill_portfolios
from server.domain import school
from server.infra import passwords
from server.infra.store import Store
from server.worksheets import load_catalog

SCHOOL = "Basisschool De Horizon"
SCHOOL_YEAR = "2026-2027"
PUPIL_PIN = "1234"
PARENT_PASSWORD = "horizon-ouder"

STAFF = [
    # role, username, name, password
    ("teacher", "juf.sanne", "Juf Sanne Bakker", "horizon-sanne"),
    ("teacher", "meester.youssef", "Meester Youssef El Amrani", "horizon-youssef"),
    ("admin", "beheer", "Marieke de Wit (directie)", "horizon-beheer"),
]

CLASSES = [
    # name, group, code, teacher usernames
    ("Groep 6", 6, "HZN6PX", ["juf.sanne"]),
    ("Groep 7", 7, "HZN7PX", ["juf.sanne", "meester.youssef"]),
    ("Groep 8", 8, "HZN8PX", ["meester.youssef"]),
]

# first name, last name, and the linked adults: (username, name, relation)
PUPILS: dict[str, list[tuple[str, str, list[tuple[str, str, str]]]]] = {
    "HZN6PX": [
        ("Noor", "Bakker", [("moeder.noor", "Inge Bakker", "moeder")]),
        ("Daan", "Visser", [("vader.daan", "Peter Visser", "vader")]),
        ("Aylin", "Yılmaz", [("moeder.aylin", "Elif Yılmaz", "moeder")]),
        ("Mohammed", "Amrani", [("vader.mohammed", "Karim Amrani", "vader")]),
        ("Lotte", "de Graaf", [("moeder.lotte", "Sanne de Graaf", "moeder")]),
        ("Bilal", "Hassan", [("broer.bilal", "Omar Hassan", "oudere broer of zus")]),
        ("Fenna", "Mulder", [("moeder.fenna", "Anouk Mulder", "moeder")]),
        ("Kofi", "Mensah", []),  # no adult linked yet
        ("Zeynep", "Kaya", [("moeder.zeynep", "Ayşe Kaya", "moeder")]),
    ],
    "HZN7PX": [
        (
            "Sem",
            "Jansen",
            [("moeder.sem", "Linda Jansen", "moeder"), ("vader.sem", "Rob Jansen", "vader")],
        ),  # two households
        ("Yara", "Pinas", [("tante.yara", "Gloria Pinas", "tante")]),  # an aunt
        ("Milan", "de Boer", [("vader.milan", "Erik de Boer", "vader")]),
        ("Hira", "Ahmed", [("moeder.hira", "Samina Ahmed", "moeder")]),
        ("Luuk", "Smit", [("moeder.luuk", "Petra Smit", "moeder")]),
        ("Mila", "Kowalski", [("moeder.mila", "Anna Kowalski", "moeder")]),
        ("Jayden", "Martina", [("vader.jayden", "Ricardo Martina", "vader")]),
        ("Tess", "van Dijk", [("moeder.tess", "Esther van Dijk", "moeder")]),
    ],
    "HZN8PX": [
        ("Emma", "de Vries", [("moeder.emma", "Marloes de Vries", "moeder")]),
        ("Amir", "Benali", [("vader.amir", "Youssef Benali", "vader")]),
        ("Sophie", "Verbeek", [("moeder.sophie", "Karin Verbeek", "moeder")]),
        ("Ravi", "Ramdin", [("moeder.ravi", "Sita Ramdin", "moeder")]),
        ("Julia", "Hendriks", [("vader.julia", "Mark Hendriks", "vader")]),
        ("Omar", "El Idrissi", [("moeder.omar", "Fatima El Idrissi", "moeder")]),
        ("Lina", "Nguyen", [("moeder.lina", "Mai Nguyen", "moeder")]),
        ("Finn", "Bos", [("vader.finn", "Jeroen Bos", "vader")]),
        ("Nova", "Tromp", [("moeder.nova", "Chantal Tromp", "moeder")]),
        ("Adam", "Öztürk", [("vader.adam", "Mehmet Öztürk", "vader")]),
    ],
}


@dataclass
class DemoLogins:
    staff: list[tuple[str, str, str]] = field(default_factory=list)  # name, username, password
    classes: list[tuple[str, str]] = field(default_factory=list)  # name, code
    parents: list[tuple[str, str, str]] = field(default_factory=list)  # name, username, child
    pupil_ids: dict[str, str] = field(default_factory=dict)  # "Emma de Vries" -> id

    def describe(self, base_url: str) -> str:
        lines = [f"Demo school: {SCHOOL} ({SCHOOL_YEAR})", "", "Staff (username / password):"]
        lines += [f"  {name:<32} {user} / {pw}" for name, user, pw in self.staff]
        lines += [
            "",
            f"Pupils: open {base_url}/klas, type a class code, tap a name, PIN {PUPIL_PIN}",
        ]
        lines += [f"  {name:<10} class code {code}" for name, code in self.classes]
        lines += ["", f"Parents (password {PARENT_PASSWORD} for all), e.g.:"]
        lines += [f"  {user:<16} {name} ({child})" for name, user, child in self.parents[:4]]
        return "\n".join(lines)


def create_demo(store: Store, hash_cost: int = 2**14, portfolios: bool = True) -> DemoLogins:
    """Fill an empty data folder with the demo school (one durable write for the school)
    and, unless ``portfolios`` is false, three years of the pupils' work."""
    if not store.is_empty():
        raise RuntimeError(f"{store.data_dir} already holds a school")
    logins = DemoLogins()
    pin_hash = passwords.hash_secret(PUPIL_PIN, hash_cost)
    parent_hash = passwords.hash_secret(PARENT_PASSWORD, hash_cost)
    with store.school.transaction() as db:
        school.set_info(db, SCHOOL, SCHOOL_YEAR)
        staff_ids: dict[str, str] = {}
        for role, username, name, password in STAFF:
            staff_ids[username] = school.create_staff(
                db, role, username, name, passwords.hash_secret(password, hash_cost)
            )
            logins.staff.append((name, username, password))
        for name, group, code, teachers in CLASSES:
            class_id = school.create_class(db, name, group, [staff_ids[t] for t in teachers])
            school.update_class(db, class_id, code=code)
            logins.classes.append((name, code))
            for first, last, adults in PUPILS[code]:
                pupil_id = school.create_pupil(db, first, last, class_id, pin_hash)
                # the administration's pupil number, as ParnasSys would export it
                school.update_pupil(db, pupil_id, number=str(4101 + len(logins.pupil_ids)))
                logins.pupil_ids[f"{first} {last}"] = pupil_id
                for username, adult_name, relation in adults:
                    adult_id = school.create_adult(db, adult_name, username, parent_hash)
                    school.link(db, adult_id, pupil_id, relation)
                    logins.parents.append((adult_name, username, first))
    add_vo_catalogue(store, SCHOOL_YEAR)
    if portfolios:
        fill_portfolios(store, load_catalog(), logins)
    return logins
