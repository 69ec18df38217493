"""Command line: ``python -m server serve|demo``."""

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
    args = parser.parse_args(argv)

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


if __name__ == "__main__":
    sys.exit(main())
