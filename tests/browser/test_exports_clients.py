"""The exported selectors, resolved by maintained W3C clients from the npm registry.

`dom-anchor-text-quote` and `dom-anchor-text-position` (the libraries Hypothesis grew
from) are loaded into the page with a tiny CommonJS loader. Each annotation in
`exports/annotations.jsonld` has two targets:

* the report page, by TextQuoteSelector: the client searches the article's text with the
  `[data-note]` elements removed and must land on exactly the highlighted text, and the
  quote with its prefix and suffix must occur once in that text (and in the whole page's);
* the seed published as text/plain, by TextPositionSelector: the client, applied to the
  text as the browser shows it, must select exactly the quote (the first target's
  TextQuoteSelector, which must also be found at those positions in the text).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import REPORT_PATH, _QuietHandler, _Server
from helpers import REPO, SEED, build, make_project

pytestmark = pytest.mark.browser

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
_REQUIRE = re.compile(r"""require\(\s*['"]([^'"]+)['"]\s*\)""")


def _resolve(spec: str, from_dir: Path) -> Path:
    """Node's resolution, just enough for these packages: relative files and node_modules."""
    if spec.startswith("."):
        base = (from_dir / spec).resolve()
    else:
        folder = from_dir
        while not (folder / "node_modules" / spec).exists():
            if folder == folder.parent:
                raise FileNotFoundError(spec)
            folder = folder.parent
        base = folder / "node_modules" / spec
        package = base / "package.json"
        if package.is_file():
            base = (base / json.loads(package.read_text(encoding="utf-8")).get("main", "index.js")).resolve()
    for candidate in (base, base.with_name(base.name + ".js"), base / "index.js"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(spec)


def commonjs_bundle(entries: dict[str, str]) -> str:
    """One script that defines `window.<name>` for each npm package in `entries` (name -> package)."""
    modules: dict[Path, dict[str, Path]] = {}
    pending = [_resolve(package, NODE_MODULES) for package in entries.values()]
    while pending:
        path = pending.pop()
        if path in modules:
            continue
        requires = {spec: _resolve(spec, path.parent) for spec in _REQUIRE.findall(path.read_text(encoding="utf-8"))}
        modules[path] = requires
        pending.extend(requires.values())
    ids = {path: index for index, path in enumerate(modules)}
    definitions = ",\n".join(
        f"{ids[path]}: [function (require, module, exports) {{\n{path.read_text(encoding='utf-8')}\n}}, "
        f"{json.dumps({spec: ids[target] for spec, target in requires.items()})}]"
        for path, requires in modules.items()
    )
    exported = "".join(
        f"window.{name} = load({ids[_resolve(package, NODE_MODULES)]});" for name, package in entries.items()
    )
    return (
        "(() => { const defs = {" + definitions + "}; const cache = {};"
        "function load(id) { if (cache[id]) return cache[id].exports;"
        " const module = cache[id] = {exports: {}}; const [define, map] = defs[id];"
        " define(spec => load(map[spec]), module, module.exports); return module.exports; }"
        + exported + "})()"
    )


CLIENTS = {"textQuote": "dom-anchor-text-quote", "textPosition": "dom-anchor-text-position"}


@pytest.fixture(scope="module")
def client_script() -> str:
    return commonjs_bundle(CLIENTS)


@pytest.fixture(scope="module")
def repository_site(tmp_path_factory):
    """(site_dir, base_url) of the repository's own seeds and annotations, built and served."""
    root = tmp_path_factory.mktemp("repository-site")
    make_project(root, with_cambodia=False, topics=None)
    for folder in ("seeds", "annotations"):
        shutil.rmtree(root / folder)
        shutil.copytree(REPO / folder, root / folder)
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "site")))
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", base_url), encoding="utf-8")
    result = build(root, strict=True)
    assert not result.aborted and not result.warnings, result.warnings
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root / "site", base_url
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["fixture", "repository"])
def site(request) -> tuple[Path, str, dict]:
    """(site_dir, base_url, collection) for the browser fixture's site and the repository's own."""
    site_dir, base_url = request.getfixturevalue("served_site" if request.param == "fixture" else "repository_site")
    collection = json.loads((site_dir / "exports" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["total"] == len(collection["first"]["items"]) >= (6 if request.param == "fixture" else 50)
    return site_dir, base_url, collection


def test_quotes_anchor_to_exactly_the_highlighted_text(new_page, client_script, site):
    _, base_url, collection = site
    items = collection["first"]["items"]
    report_url = base_url + REPORT_PATH
    page = new_page()
    page.goto(report_url, wait_until="domcontentloaded")
    page.wait_for_selector(".ar-report.ar-js")
    page.evaluate(client_script)
    results = page.evaluate(
        """([items, reportUrl]) => {
          const article = document.querySelector('article');
          const pageText = document.body.textContent;  // before: the whole page's text, notes removed below
          document.querySelectorAll('[data-note]').forEach(n => n.remove());
          const text = article.textContent;
          const bodyText = document.body.textContent;
          const count = (haystack, needle) => { let n = 0, i = -1;
            while ((i = haystack.indexOf(needle, i + 1)) !== -1) n++; return n; };
          return items.map(item => {
            const [pageTarget] = item.target;
            const selector = pageTarget.selector;
            const id = pageTarget.id.split('#')[1];
            const marks = [...document.querySelectorAll(`mark[data-annotation="${id}"]`)];
            const highlight = document.createRange();
            highlight.setStartBefore(marks[0]);
            highlight.setEndAfter(marks[marks.length - 1]);
            const range = window.textQuote.toRange(article, selector);
            const found = range && window.textPosition.fromRange(article, range);
            const wanted = window.textPosition.fromRange(article, highlight);
            return {
              id, source: pageTarget.source === reportUrl,
              anchored: !!range && range.toString() === selector.exact,
              sameAsHighlight: !!found && found.start === wanted.start && found.end === wanted.end,
              highlighted: highlight.toString() === selector.exact,
              inArticle: count(text, selector.prefix + selector.exact + selector.suffix),
              inPage: count(bodyText, selector.prefix + selector.exact + selector.suffix),
            };
          });
        }""",
        [items, report_url],
    )
    anchored = [r["id"] for r in results if r["anchored"] and r["sameAsHighlight"] and r["highlighted"]]
    print(f"TextQuoteSelector on the report page: {len(anchored)}/{len(results)} anchored by dom-anchor-text-quote")
    assert all(r["source"] for r in results)
    assert len(anchored) == len(results), [r for r in results if r["id"] not in anchored]
    assert all(r["inArticle"] == 1 and r["inPage"] == 1 for r in results), results


def test_positions_select_exactly_the_quote_in_the_published_text(new_page, client_script, site):
    _, base_url, collection = site
    items = collection["first"]["items"]
    sources = {item["target"][1]["source"] for item in items}
    assert sources == {base_url + "reports/cambodia-2022-prosecution.txt"}
    page = new_page()
    # Static hosts (GitHub Pages, Netlify, nginx's defaults) send text/plain; charset=utf-8.
    # Python's test server sends no charset, so it is added here the way those hosts do.
    page.route("**/*.txt", lambda route: route.fulfill(
        response=(served := route.fetch()),
        headers={**served.headers, "content-type": served.headers["content-type"].split(";")[0] + "; charset=utf-8"},
    ))
    response = page.goto(sources.pop())
    assert response is not None and response.ok
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    page.evaluate(client_script)
    results = page.evaluate(
        """items => {
          const root = document.body;
          return items.map(item => {
            const position = item.target[1].selector, quote = item.target[0].selector;  // the quote is stated once
            const byPosition = window.textPosition.toRange(root, position);
            const byQuote = window.textQuote.toRange(root, quote);
            const found = byQuote && window.textPosition.fromRange(root, byQuote);
            return {
              id: item.id,
              position: !!byPosition && byPosition.toString() === quote.exact,
              quote: !!found && found.start === position.start && found.end === position.end,
            };
          });
        }""",
        items,
    )
    # The client sees the text the server sent: the seed itself, decoded as UTF-8.
    assert page.evaluate("document.body.textContent") == SEED.read_bytes().decode("utf-8")
    positions = sum(r["position"] for r in results)
    quotes = sum(r["quote"] for r in results)
    print(f"On the plain text: positions {positions}/{len(results)}, quotes {quotes}/{len(results)} anchored")
    assert positions == quotes == len(results), results
