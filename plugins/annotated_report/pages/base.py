"""The value every page builder returns, and small helpers they share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Annotation
from ..textnorm import slugify


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds: `page` is its path without `.md` (e.g. 'topics/pandemic').

    `edit_path` is the project file an editor changes to change the page (a seed's sidecar,
    the topics file), for the theme's "edit this page" link; None when there is none.
    """

    page: str
    title: str
    description: str
    render: Callable[[], str]
    section: str
    edit_path: str | None = None
    #: False for pages whose every entry stands for a note indexed on its report page:
    #: the search plugin then skips the page instead of parsing it.
    searchable: bool = True
    #: What search reads instead of the page (`pages/search_html.py`): the page's words at the
    #: ids they lead to, without its markup. None: search reads the page itself.
    search_html: Callable[[], str] | None = None


def count_by_type(annotations: Iterable[Annotation]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for annotation in annotations:
        counts[annotation.type] = counts.get(annotation.type, 0) + 1
    return counts


class IdMaker:
    """Ids for headings a page generates, unique on the page and unlike any annotation id.

    Generated ids contain an underscore (`by_ngos`), which annotation ids cannot, and do
    not start with one (the theme's own ids do: `__search`). A name with no Latin letters
    ('by_' + '') or one already given gets a number, so two groups never share an id.
    """

    def __init__(self) -> None:
        self.given: set[str] = set()

    def __call__(self, prefix: str, name: str) -> str:
        slug = slugify(name) if name else ""
        base = f"{prefix}_{slug}" if slug and slug != "item" else f"{prefix}_{len(self.given) + 1}"
        candidate, number = base, 2
        while candidate in self.given:
            candidate, number = f"{base}_{number}", number + 1
        self.given.add(candidate)
        return candidate
