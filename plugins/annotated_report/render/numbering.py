"""Note numbers: each annotation of a document numbered in the order its reference mark
appears in the text.

A reference mark sits where an annotation ends (`report._close`), so the numbers read
1, 2, 3… down the page even when annotations nest or cross: an inner annotation that ends
first gets the lower number. The printed page shows these numbers as superscripts and
before each endnote; links between notes use them so that two notes never read alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Annotation


def reference_order(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Annotations in the order their reference marks are written by `render_paragraph`.

    The renderer opens annotations in (start, -end, id) order and closes those ending at the
    same place innermost first (the reverse of the order they were opened): so by end, then
    by start descending, then by id descending.
    """
    by_id_descending = sorted(annotations, key=lambda a: a.id, reverse=True)
    return sorted(by_id_descending, key=lambda a: (a.span.end, -a.span.start))


def note_numbers(annotations: Iterable[Annotation]) -> dict[str, int]:
    """Each annotation's note number (from 1) among a document's annotations."""
    return {annotation.id: number for number, annotation in enumerate(reference_order(annotations), 1)}
