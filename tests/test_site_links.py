# ruff: noqa: F405  (names from the shared fixture, reader_site)
"""Every link on every generated page leads somewhere real, in both URL styles."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from reader_site import *  # noqa: F403  (the shared fixture: constants, helpers, `site` and `flat`)

# --- links on every generated page, in both URL styles ---------------------------------------------


@pytest.mark.parametrize("page", ["index", *[page for page, _, _ in GENERATED_PAGES], *[f"reports/{d}" for d in DOCUMENTS]])
@pytest.mark.parametrize("which", ["site", "flat"])
def test_every_link_in_the_content_leads_to_a_page_and_id_of_the_site(request, which, page):
    # With use_directory_urls: false, top-level pages (index.html, glossary.html, claims.html...)
    # sit in the site root: their links must still be relative to it, e.g. "reports/x.html".
    built: BuiltSite = request.getfixturevalue(which)
    url = built.url(page)
    broken = []
    for link in built.content(url).find_all(lambda e: e.tag == "a" and e.has("href")):
        href = link.get("href")
        if urlsplit(href).scheme:
            continue
        problem = built.broken(url, href)
        if problem:
            broken.append(problem)
    assert broken == []


