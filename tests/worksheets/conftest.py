"""The browser fixtures of tests/browser, for the binder test here."""

from tests.browser.conftest import browser, demo_folder, page, server

__all__ = ["browser", "demo_folder", "page", "server"]
