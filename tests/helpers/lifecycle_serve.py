"""``python -m tests.helpers.lifecycle_serve --data DIR --port P``: the server with the
data-lifecycle routes wired (``lifecycle.wire``), for browser tests and screenshots until
``server/app.py`` lists them (then ``python -m server serve`` is the same)."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from server.app import create_app
from server.infra.settings import Settings
from tests.helpers.lifecycle import wire


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    base_url = f"http://127.0.0.1:{args.port}"
    app = wire(create_app(Settings.for_data_dir(args.data, base_url=base_url)))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", proxy_headers=False)


if __name__ == "__main__":
    main()
