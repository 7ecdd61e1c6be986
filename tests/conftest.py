"""Shared set-up: the seed at hand and the shared built site (`helpers`, `htmltext` and the
browser helpers are importable through pytest's `pythonpath` option in pyproject.toml)."""

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


# Hypothesis: a small profile for `make test`, and `slow` (HYPOTHESIS_PROFILE=slow, as CI runs it)
# with at least 1,000 examples per property. No deadline: the machine may be shared and busy.
import os  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("slow", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
