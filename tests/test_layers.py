"""The package's layers, as a contract: no module imports one of a higher layer, and no module
keeps mutable state at module level (what is kept between builds lives in `session.Session`).

The layers, lowest first, are the map in docs/architecture.md; its table of rooms lists each
module's imports, and a test here checks that table against the code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "annotated_report"
ARCHITECTURE = PACKAGE.parent.parent / "docs" / "architecture.md"

#: Lowest first. A module may import modules of its own layer or of lower ones.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("values", frozenset({"model", "limits", "textnorm", "textscan", "render.html", "schema.fast", "worker"})),
    ("reading", frozenset({"colophon", "urls", "numbers", "entries", "yamlfile", "projectfiles", "schema", "loading", "anchoring"})),
    ("rules", frozenset({"checks", "reanchor", "rules", "analysis"})),
    ("assembly", frozenset({"build"})),
    ("presentation", frozenset({"render.markdown_store", "render.markdown_convert", "render.markdown_fast", "render.markdown_safe", "render.glossary_links",
                                "render.notes", "render.numbering", "render.citation", "render.report", "exports", "pages", "pages.base",
                                "pages.colophon", "pages.data", "pages.head", "pages.entries",
                                "pages.glossary", "pages.home", "pages.indexes", "pages.navigation", "pages.reports", "pages.search",
                                "pages.topics"})),
    ("publishing", frozenset({"session", "publish"})),
    ("adapters", frozenset({"plugin", "config", "search_index", "sitefiles", "cli", "project", "options", "importing", "stubs",
                            "yamlwrite", "__init__", "render", "__main__"})),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """The package's own modules that `path` imports (relative imports), type-only ones included."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" and name != "__init__" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            anchor = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            if node.module is None:
                found.update(".".join([*anchor, alias.name]) for alias in node.names)
            else:
                found.add(".".join([*anchor, *node.module.split(".")]))
    return {module for module in found if module and module != name}


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    for number, (_, members) in enumerate(LAYERS):
        if module in members:
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS (and to docs/architecture.md)")


def test_every_module_has_a_layer():
    for module in modules():
        layer_of(module)


def test_no_module_imports_upwards():
    upward = []
    for module, path in modules().items():
        for imported in imports(path):
            if imported in modules() and layer_of(imported) > layer_of(module):
                upward.append(f"{module} ({LAYERS[layer_of(module)][0]}) imports {imported} ({LAYERS[layer_of(imported)][0]})")
    assert upward == []


def test_the_model_imports_nothing_of_ours():
    assert imports(modules()["model"]) == set()


def test_the_core_never_imports_mkdocs():
    adapters = {"plugin", "config"}
    offenders = []
    for module, path in modules().items():
        if module in adapters:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{module}: {name}" for name in names if name.split(".")[0] in {"mkdocs", "material", "properdocs", "zensical"}]
    assert offenders == []


# --- no module-level mutable state ----------------------------------------------------------

#: Calls whose result is immutable or used read-only: a compiled pattern, a frozen set, a
#: logger, a type alias, a mapping of constants that nothing writes to.
IMMUTABLE_CALLS = {"compile", "frozenset", "tuple", "get_plugin_logger", "getLogger", "TypeVar", "Literal", "str", "int", "float",
                   "MappingProxyType", "Phrases", "namedtuple", "field", "type"}
#: Module-level names that hold a dict/list/set literal as a table of constants, each with why it
#: is never written to (checked: no function assigns into it, see the test below).
CONSTANT_TABLES = re.compile(r"^(__all__|_?[A-Z][A-Z0-9_]*)$")


def test_no_module_level_mutable_state():
    """No `global`, no memoizing decorator, and module-level collections only as constant
    tables (UPPER_CASE names, never assigned into); what is kept between builds is the
    session's, passed in explicitly."""
    problems = []
    for module, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                problems.append(f"{module}:{node.lineno}: global {', '.join(node.names)}")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                    if name in {"cache", "lru_cache", "cached"} and not _allowed_memo(module, node.name):
                        problems.append(f"{module}:{node.lineno}: @{name} on {node.name}")
        tables = set()
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            for target in targets:
                if not isinstance(target, ast.Name) or value is None:
                    continue
                mutable = isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
                    isinstance(value, ast.Call) and _call_name(value) not in IMMUTABLE_CALLS and not _call_name(value)[:1].isupper())
                if mutable and not CONSTANT_TABLES.match(target.id):
                    problems.append(f"{module}:{node.lineno}: module-level {target.id} = {ast.unparse(value)[:60]}")
                elif mutable:
                    tables.add(target.id)
        for node in ast.walk(tree):  # a constant table is never written to
            written = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in written:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in tables:
                    problems.append(f"{module}:{node.lineno}: writes into the module-level table {target.value.id}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and (
                    node.func.value.id in tables and node.func.attr in {"append", "add", "update", "clear", "pop", "setdefault", "extend"}):
                problems.append(f"{module}:{node.lineno}: {node.func.value.id}.{node.func.attr}(…) on a module-level table")
    assert problems == []


#: Memoized functions of package data, the same for the whole process (the schema files shipped
#: with the package): a cache of a constant, not state.
ALLOWED_MEMOS = {("schema", "load"), ("schema", "_validator"), ("schema", "_check"), ("schema", "_resolver")}


def _allowed_memo(module: str, function: str) -> bool:
    return (module, function) in ALLOWED_MEMOS


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


# --- the map in docs/architecture.md ----------------------------------------------------------

def _documented_imports() -> dict[str, set[str]]:
    """The table of rooms: `| `module` | holds | imports |`, imports as `a, b` (— for none)."""
    found: dict[str, set[str]] = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith("`"):
            module = cells[0].strip("`").removesuffix("__init__.py").removesuffix(".py").rstrip("/").replace("/", ".")
            listed = {name.strip().strip("`") for name in cells[2].split(",") if name.strip() not in {"", "—"}}
            found[module] = {name for name in listed if name in modules()}
    return found


def test_the_architecture_map_lists_every_module_and_its_real_imports():
    documented = _documented_imports()
    actual = {module: {name for name in imports(path) if name in modules()} for module, path in modules().items()
              if module not in {"__init__", "render", "__main__"}}
    missing = sorted(set(actual) - set(documented))
    assert missing == [], f"docs/architecture.md has no row for {missing}"
    wrong = {module: (sorted(documented[module]), sorted(actual[module])) for module in actual if documented[module] != actual[module]}
    assert wrong == {}, "rows whose imports column (documented, actual) differs: " + repr(wrong)
