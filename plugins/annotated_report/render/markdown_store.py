"""The Markdown converter's output (`markdown_convert`) kept on disk between builds, by a hash of each text.

Rendering contributors' Markdown is the largest single piece of a cold build (~0.15 ms a
note, 0.75 s for 5,000 notes), and most builds render the texts the build before rendered:
`mkdocs serve` started again, a build after pulling one changed file, CI with its cache
folder restored. Like Material's social and privacy plugins, the plugin keeps that work in
`.cache/plugin/annotated-report/` (options `cache` and `cache_dir`).

What is kept is the converter's output, never a sanitized page and never in place of
sanitizing: `markdown_safe.sanitize` runs on every text at every build, so a stale, damaged
or planted cache file can cost a rendering, or change how a note reads, but cannot put a
script on the site. A file that is not what this version writes is ignored whole (and
replaced at the end of the build), never half-read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..limits import MAX_CACHE_BYTES
from ..projectfiles import inside

#: Bumped when the file's layout changes; the Markdown version and options are in the recipe.
FORMAT = 1
_PREFIX = "markdown-"
_IGNORE_ALL = "# Made by annotated-report: a cache of rendered Markdown, rebuilt when missing.\n*\n"


def text_key(text: str) -> str:
    """The key of a text in the store: a hash, so the file holds no copy of the sources."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class MarkdownStore:
    """Rendered Markdown by text, read once from `folder` and written back after each build.

    A build's writes hold exactly the texts that build used, so entries for notes that were
    deleted or edited leave the file at the next build instead of piling up. One file per
    recipe (Markdown version, extensions, output format): another recipe's file is removed.
    """

    def __init__(self, folder: Path, root: Path, recipe: str) -> None:
        self.folder = folder
        self.root = root
        self.recipe = recipe
        self.path = folder / f"{_PREFIX}{hashlib.blake2b(recipe.encode(), digest_size=8).hexdigest()}.json"
        self._kept: dict[str, str] = {}  # read from disk or left by the previous build, not used yet by this one
        self._used: dict[str, str] = {}  # this build's texts: what `save` writes
        self._loaded = False
        self._added = 0
        self.hits = 0

    def start_build(self) -> str | None:
        """Forget the last build's texts (keeping them to reuse); read the file on the first build.

        Returns a notice when the file was there but could not be used.
        """
        if self._used:
            self._kept.update(self._used)
        self._used = {}
        self._added = 0
        self.hits = 0
        if self._loaded:
            return None
        self._loaded = True
        kept, notice = _read(self.path, self.root, self.recipe)
        self._kept = kept
        return notice

    def get(self, text: str) -> str | None:
        key = text_key(text)
        rendered = self._used.get(key)
        if rendered is None:
            # Moved, not copied: the store holds each rendering once while a build runs, and
            # what is left in `_kept` at the end is what no text of this build used.
            rendered = self._kept.pop(key, None)
            if rendered is None:
                return None
            self._used[key] = rendered
        self.hits += 1
        return rendered

    def put(self, text: str, rendered: str) -> None:
        self._used[text_key(text)] = rendered
        self._added += 1

    def mark(self) -> tuple[int, int]:
        """How many texts this build has added and reused so far (for `changes_since`)."""
        return self._added, self.hits

    def changes_since(self, mark: tuple[int, int]) -> tuple[dict[str, str], int, int]:
        """This build's texts, and how many were added and reused since `mark`: what a worker
        process that rendered notes for this build hands back (`absorb`)."""
        return self._used, self._added - mark[0], self.hits - mark[1]

    def absorb(self, used: dict[str, str], added: int, hits: int) -> None:
        """Count a worker's `changes` as this build's own, so `save` writes them."""
        for key, rendered in used.items():
            self._kept.pop(key, None)
            self._used[key] = rendered
        self._added += added
        self.hits += hits

    def save(self, *, prune: bool = True) -> str | None:
        """Write this build's texts when they differ from the file's; a notice if it failed.

        `prune=False` (a `mkdocs serve` rebuild) keeps the texts this build did not render
        too: a rebuild takes unchanged pages from memory, so it renders only what an edit
        touched, and the next session should not start cold. The file is replaced in one
        step (a temporary file renamed over it), so a build that stops half-way, or two
        builds at once, never leave half a file.
        """
        if not prune and self._kept:
            self._used.update(self._kept)
            self._kept = {}
        unchanged = not self._added and not self._kept and self.path.is_file()
        self._kept = {}  # renderings no text of this build used: not written, not kept
        if unchanged:
            return None
        payload = {"format": FORMAT, "recipe": self.recipe, "rendered": self._used}
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not inside(self.folder, self.root):
                return f"the cache folder {self.folder} leads outside the project; nothing was written to it."
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text(_IGNORE_ALL, encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            for other in self.folder.glob(f"{_PREFIX}*.json"):
                if other != self.path and other.is_file() and not other.is_symlink():
                    other.unlink()
        except OSError as error:
            return f"the cache of rendered notes could not be written to {self.path} ({error.strerror or error}); the next build renders them again."
        self._added = 0
        return None


def _read(path: Path, root: Path, recipe: str) -> tuple[dict[str, str], str | None]:
    """The file's entries, or nothing and why (nothing and no reason when there is no file)."""
    if not path.exists() and not path.is_symlink():
        return {}, None
    ignored = f"the cache file {path} was ignored"
    if path.is_symlink() or not path.is_file() or not inside(path, root):
        return {}, f"{ignored}: it is not a regular file inside the project; it will be replaced."
    try:
        if path.stat().st_size > MAX_CACHE_BYTES:
            return {}, f"{ignored}: it is larger than {MAX_CACHE_BYTES:,} bytes; it will be replaced."
        payload = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
    except (OSError, ValueError, RecursionError) as error:
        return {}, f"{ignored}: it cannot be read ({type(error).__name__}); it will be replaced."
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or payload.get("recipe") != recipe:
        return {}, f"{ignored}: another version of annotated-report or Markdown wrote it; it will be replaced."
    rendered = payload.get("rendered")
    if not isinstance(rendered, dict) or not all(
        isinstance(key, str) and len(key) == 32 and isinstance(value, str) for key, value in rendered.items()
    ):
        return {}, f"{ignored}: its entries are not what annotated-report writes; it will be replaced."
    return rendered, None
