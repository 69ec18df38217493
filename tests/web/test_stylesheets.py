"""Two stylesheets: app.css for every page, adult.css only for the parents', staff and print
pages, so the pupil's first load stays small (bench/first_load.py); the service worker keeps
both, so a page that needs adult.css also works offline."""

from __future__ import annotations

import re

from tests.web.test_rounds import NOOR

SHEET = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+/css/(\w+)\.css)">')


def sheets(html: str) -> list[str]:
    return [name for _, name in SHEET.findall(html)]


def test_the_pupil_loads_app_css_only_and_adults_load_both(app, clients, demo) -> None:
    pupil = clients.pupil(NOOR)
    assert sheets(pupil.get("/leerling").text) == ["app"]
    parent = clients.parent("moeder.noor")
    assert sheets(parent.get("/ouder").text) == ["app", "adult"]
    teacher = clients.staff("juf.sanne")
    assert sheets(teacher.get("/leraar").text) == ["app", "adult"]
    printed = teacher.get("/print/werkblad/zelfportret-8")
    assert printed.status_code == 200 and sheets(printed.text) == ["app", "adult"]
    # The worker precaches both, at the addresses the pages use.
    worker = clients.anonymous().get("/sw.js").text
    for url, _ in SHEET.findall(parent.get("/ouder").text):
        assert f'"{url}"' in worker
