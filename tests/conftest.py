"""Shared set-up: make `helpers` and `htmltext` importable, and the seed at hand."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import pytest

from helpers import SEED, SEED_SLUG
from reader_site import flat, site  # noqa: F401  (the reader-surfaces site, built once per session)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_document(seed_text):
    from annotated_report.loading import split_paragraphs
    from annotated_report.model import Document

    return Document(SEED_SLUG, "Cambodia", seed_text, split_paragraphs(seed_text), f"seeds/{SEED_SLUG}.txt")


@pytest.fixture(scope="session")
def seed_index(seed_document):
    from annotated_report.anchoring import DocumentIndex

    return DocumentIndex(seed_document)
