"""The command line's data-lifecycle commands: ``nieuw-schooljaar``, ``bewaartermijn``,
``backup`` and ``restore`` (``__main__.py`` parses the arguments). Messages are Dutch and
English: whoever runs the server reads them."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from server.domain import rollover, rollover_form
from server.domain.errors import Invalid
from server.infra.store import Database
from server.infra.store.backup import BackupError, backup, restore


def describe(page: dict[str, Any]) -> str:
    """The preview as text: per new class who is in it, who leaves, the new year."""
    plan: rollover.Plan = page["plan"]
    lines = [f"Nieuw schooljaar / new school year: {plan.from_year} -> {plan.to_year}", ""]
    for row in page["classes"]:
        was = f" (was {row['from_name']}, groep {row['from_group']})" if row["from_name"] else ""
        teachers = ", ".join(row["teachers"]) or "geen leerkracht / no teacher"
        lines.append(f"{row['name']} - groep {row['group']}{was} - {teachers}")
        count = len(row["pupils"])
        lines.append(f"  {count} leerling(en) / pupils" + (": nieuwe klascode" * row["new_code"]))
        for name in row["joined"]:
            lines.append(f"  + {name} (uit een andere klas / from another class)")
    lines.append("")
    lines.append(f"Van school af / leaving ({len(page['leaving'])}), portfolio bewaard / kept:")
    for row in page["leaving"]:
        lines.append(f"  - {row['name']} ({row['class_name']})")
    moved = page["planning"]
    lines.append("")
    lines.append(
        f"Naar het vorige schooljaar / archived: {moved['assignments']} thuisopdracht(en), "
        f"{moved['rounds']} gespreksronde(s)"
    )
    return "\n".join(lines)


def new_school_year(data: Path, confirm: bool, early: bool, today: date | None = None) -> int:
    school_file = data / "school.json"
    if not school_file.exists():
        print(f"{data} holds no school yet; nothing changed.", file=sys.stderr)
        return 1
    database = Database(school_file)
    today = today or date.today()
    try:
        plan = rollover.default_plan(database, today)
        print(describe(rollover_form.preview(database, plan)))
        if rollover.is_early(plan.from_year, today):
            print(f"\nLet op / note: {plan.from_year} is not over yet (add --vroeg as well).")
        if not confirm:
            print("\nEr is niets veranderd / nothing changed. Add --bevestig to carry it out.")
            return 0
        done = rollover.apply(database, plan, today, early_ok=early)
    except Invalid as e:
        print(f"{e.message}\nEr is niets veranderd / nothing changed.", file=sys.stderr)
        return 2
    print(
        f"\nKlaar / done: schooljaar {done.school_year}; {done.moved_up} leerlingen een groep "
        f"hoger / moved up, {done.left} van school af / left. Lees de nieuwe groep 6 in met de "
        "CSV-import / import the new group 6 with the CSV import."
    )
    return 0


def make_backup(data: Path, target: Path, progress: bool) -> int:
    def show(path: str) -> None:
        print(path, flush=True)

    try:
        manifest = backup(data, target, show if progress else None)
    except BackupError as e:
        print(f"Backup geweigerd / refused: {e}", file=sys.stderr)
        return 2
    size = sum(f["size"] for f in manifest["files"])
    print(f"Backup klaar / done: {target} ({len(manifest['files'])} files, {size} bytes)")
    return 0


def restore_backup(archive: Path, data: Path) -> int:
    try:
        manifest = restore(archive, data)
    except BackupError as e:
        print(f"Terugzetten geweigerd / restore refused: {e}", file=sys.stderr)
        return 2
    print(
        f"Teruggezet / restored: {len(manifest['files'])} files from {manifest['created_at']} "
        f"into {data}"
    )
    return 0


def retention_round(data: Path) -> int:
    """Finish interrupted deletions and delete what is due. Without a push sender no notice
    is claimed: the server's next round still sends them."""
    from server.domain import retention
    from server.infra.store import Store

    if not (data / "school.json").exists():
        print(f"{data} holds no school yet; nothing to do.", file=sys.stderr)
        return 1
    report = retention.start_up(Store(data), retention.school_today())
    print(f"Bewaartermijn: {report.deleted} leerling(en) verwijderd / pupils deleted")
    return 0
