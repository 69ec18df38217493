"""Command line: ``python -m server`` serve, demo, import-vo-scholen, nieuw-schooljaar,
bewaartermijn, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "portfolios"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m server", description="Rugzak: career-development portfolios for groups 6-8"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve Rugzak over HTTP")
    serve.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--base-url", default="", help="public address, e.g. https://rugzak.school.nl"
    )
    serve.add_argument(
        "--demo", action="store_true", help="create the demo school if the folder is empty"
    )
    demo = sub.add_parser("demo", help="create the demo school in an empty data folder")
    demo.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    vo = sub.add_parser(
        "import-vo-scholen",
        help="import DUO's 'alle vestigingen VO' file into the school catalogue",
        description="Import DUO's 'alle vestigingen VO' CSV into the VO-school catalogue, all "
        "or nothing. Stop the server first: it keeps the school file in memory (while it "
        "runs, use the admin page /beheer/vo-scholen instead).",
    )
    vo.add_argument("file", type=Path, metavar="FILE", help="the CSV file from DUO")
    vo.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    vo.add_argument(
        "--gemeente",
        action="append",
        default=[],
        metavar="NAAM",
        help="only schools in this gemeente (repeat for more)",
    )
    year = sub.add_parser(
        "nieuw-schooljaar",
        help="start the new school year: groups move up, group 8 leaves (preview first)",
        description="Show what the new school year changes: every class moves up as it is "
        "(6 -> 7 -> 8), the pupils of group 8 leave (their portfolio is kept), the school "
        "year moves on. Nothing changes without --bevestig. Stop the server first (while it "
        "runs, use the admin page /beheer/nieuw-schooljaar, where classes can be recomposed).",
    )
    year.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    year.add_argument("--bevestig", action="store_true", help="carry the plan out")
    year.add_argument(
        "--vroeg", action="store_true", help="also before June, when the year is not over yet"
    )
    keep = sub.add_parser(
        "bewaartermijn",
        help="delete the Rugzak of pupils whose retention period is over; stop the server "
        "first (the running server does this by itself once a day)",
    )
    keep.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    backup = sub.add_parser(
        "backup",
        help="a consistent copy of the data folder, also while the server runs",
        description="Write a complete .tar.gz of the data folder (with a manifest of sizes "
        "and sha256) while the server may keep running; FILE appears only when complete.",
    )
    backup.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    backup.add_argument("--to", type=Path, required=True, metavar="FILE", help="backup file")
    backup.add_argument("--progress", action="store_true", help="print each file copied")
    restore = sub.add_parser(
        "restore",
        help="put a backup back into an empty data folder",
        description="Check a backup against its manifest and put it back into DIR, which "
        "must be missing or empty. Start the server on DIR afterwards.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup file")
    restore.add_argument("--data", type=Path, required=True, help="the (empty) data folder")
    args = parser.parse_args(argv)
    if args.command == "import-vo-scholen":
        return import_vo_schools(args.file, args.data, args.gemeente)
    if args.command == "nieuw-schooljaar":
        from server.cli_lifecycle import new_school_year

        return new_school_year(args.data, args.bevestig, args.vroeg)
    if args.command == "bewaartermijn":
        from server.cli_lifecycle import retention_round

        return retention_round(args.data)
    if args.command in ("backup", "restore"):
        from server.cli_lifecycle import make_backup, restore_backup

        if args.command == "backup":
            return make_backup(args.data, args.to, args.progress)
        return restore_backup(args.file, args.data)

    from server.demo import create_demo
    from server.infra.settings import Settings
    from server.infra.store import Store

    base_url = (
        getattr(args, "base_url", "")
        or f"http://{getattr(args, 'host', '127.0.0.1')}:{getattr(args, 'port', 8000)}"
    )
    settings = Settings.for_data_dir(args.data, base_url=base_url)
    store = Store(args.data)
    if args.command == "demo" or args.demo:
        if store.is_empty():
            print(create_demo(store).describe(base_url))
        elif args.command == "demo":
            print(f"{args.data} already holds a school; nothing changed.", file=sys.stderr)
            return 1
        else:
            print(f"Using the school in {args.data}.")
    if args.command == "serve":
        import uvicorn

        from server.app import create_app

        print(f"Rugzak runs on {base_url}  (stop with Ctrl+C)")
        uvicorn.run(
            create_app(settings),
            host=args.host,
            port=args.port,
            log_level="warning",
            proxy_headers=False,
        )
    return 0


def import_vo_schools(file: Path, data: Path, gemeenten: list[str]) -> int:
    """All or nothing: exit 2 with the broken line's message, the data folder untouched."""
    from server.domain import vo_schools
    from server.domain.errors import Invalid
    from server.infra.store import Database

    school_file = data / "school.json"
    if not school_file.exists():
        print(f"{data} holds no school yet; nothing imported.", file=sys.stderr)
        return 1
    try:
        raw = file.read_bytes()
    except OSError as e:
        print(f"Kan {file} niet lezen / cannot read {file}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        report = vo_schools.import_schools(Database(school_file), vo_schools.parse(raw), gemeenten)
    except Invalid as e:
        print(f"{e.message}\nEr is niets ingelezen / nothing imported.", file=sys.stderr)
        return 2
    print(
        f"VO-scholen ingelezen / imported: {report.added} nieuw/added, "
        f"{report.updated} bijgewerkt/updated, {report.unchanged} ongewijzigd/unchanged, "
        f"{report.gone} niet meer in het bestand/gone."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
