"""The package follows the data: each module imports only modules of its own layer or the layers below.

Every import is counted, also those inside functions, so the circle cannot come back through a lazy
import. The order and the reasons for it are in docs/store.md ("Layers").
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "detente"

# Lowest first. A module may import modules of its own layer and of the layers above it in this list.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("records", "errors", "resources", "sysmem", "output"),  # plain records, the schema, data files, formats
    ("ingest", "turns", "nlp", "timeref"),  # text in, speaker turns, parsing, time words (timeref: a pure leaf events may use)
    ("actordict", "speakers", "actors"),  # who (speakers: whose voice each turn is)
    ("events", "minilm", "cameo"),  # did what to whom (events/: rules, lexicon, typer; minilm runs its model)
    ("geo",),  # where
    ("pipeline",),  # all of extraction in one call
    ("store",),  # keeping it: the only SQL
    ("analysis", "scale", "evaluate"),  # timelines; corpus ingest into the store; scoring against gold
    ("export",),  # files out of the store
    ("cli", "api", "web"),  # the faces: command line, HTTP, the page
)
LAYER_OF = {module: index for index, names in enumerate(LAYERS) for module in names}


def top_module(path: Path) -> str:
    """``store`` for src/detente/store/query.py, ``cli`` for src/detente/cli.py."""
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def imported(path: Path, source: str | None = None) -> set[str]:
    """The detente modules (top level under the package) that the file imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    package_depth = len(path.relative_to(SRC).parts) - 1  # 0 for detente/x.py, 1 for detente/store/x.py
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "detente" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                parts = (node.module or "").split(".")
                if parts[0] != "detente":
                    continue
                names = parts[1:] or [alias.name for alias in node.names]
            else:
                up = node.level - 1  # levels above this file's own package
                if up > package_depth:
                    continue
                inside = list(path.relative_to(SRC).parts[:-1])[: package_depth - up]
                parts = inside + ((node.module or "").split(".") if node.module else [])
                names = parts[:1] or [alias.name for alias in node.names]
            found.add(names[0])
    found.discard("__version__")  # the package's version string, set before anything is imported
    return found


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] != "__init__.py")


def test_every_module_has_a_layer() -> None:
    missing = sorted({top_module(p) for p in modules()} - set(LAYER_OF))
    assert missing == [], f"give these modules a layer in LAYERS (and docs/store.md): {missing}"


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for path in modules():
        own = top_module(path)
        for target in sorted(imported(path)):
            if target == own or target not in LAYER_OF:
                continue
            if LAYER_OF[target] > LAYER_OF[own]:
                upward.append(f"{path.relative_to(SRC)} imports {target} ({LAYER_OF[own]} -> {LAYER_OF[target]})")
    assert upward == []


# Inside the events package, lowest first: a module imports only those before it (the rules once
# imported the typer, which imported the rules back).
EVENTS_ORDER = ("candidates", "lexicon", "syntax", "triggers", "modality", "pairs", "arguments", "relation",
                "structure", "timing", "merge", "finder", "model", "marked")


def events_imported(path: Path) -> set[str]:
    """The events modules a module of the events package imports (``from .triggers import ...``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 0 and (node.module or "").startswith("detente.events."):
                found.add(node.module.split(".")[2])
    return found


def test_the_events_package_has_no_circle() -> None:
    package = SRC / "events"
    assert {p.stem for p in package.glob("*.py")} - {"__init__"} == set(EVENTS_ORDER)
    backward = [f"{name} imports {other}" for name in EVENTS_ORDER
                for other in sorted(events_imported(package / f"{name}.py"))
                if EVENTS_ORDER.index(other) >= EVENTS_ORDER.index(name)]
    assert backward == []


def test_the_store_reads_no_timelines_and_writes_no_files() -> None:
    store_imports = set().union(*(imported(p) for p in (SRC / "store").glob("*.py")))
    assert not store_imports & {"analysis", "export", "cli", "api", "pipeline", "scale"}


def test_the_import_finder_sees_lazy_and_relative_imports() -> None:
    """The check itself: imports inside a function, relative from a sub-package, absolute, all count."""
    source = ("def later():\n    from ..analysis import timeline\n    from . import query\n"
              "    from .rows import arrow_schema\n    import detente.cli\n    from detente import export\n")
    assert imported(SRC / "store" / "probe.py", source) == {"analysis", "store", "cli", "export"}
    assert imported(SRC / "probe.py", "from .store.query import EventQuery\nfrom . import errors\n") == {
        "store", "errors"}


# Modules whose messages still name options, with the reason; the list may only shrink.
NAMES_FLAGS_FOR_NOW = {
    "timeref.py": "timeref.when serves `detente when`; its --tense message is tested as it is",
}


def raised_texts(path: Path) -> list[str]:
    """The literal text of every detente error a module raises."""
    texts = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            if name.endswith("Error") and node.exc.args:
                texts.append("".join(part.value for part in ast.walk(node.exc.args[0])
                                     if isinstance(part, ast.Constant) and isinstance(part.value, str)))
    return texts


def test_an_api_error_names_parameters_that_a_front_end_can_rename() -> None:
    from detente.errors import InputError, Parameter, ParameterError

    error = ParameterError(Parameter("batch_size"), " 0: needs at least 1")
    assert isinstance(error, InputError) and str(error) == "batch_size 0: needs at least 1"
    assert str(error.renamed({"batch_size": "--batch-size"})) == "--batch-size 0: needs at least 1"


def test_the_python_api_names_no_command_line_option_in_its_errors() -> None:
    import re

    flagged = []
    for path in modules():
        relative = str(path.relative_to(SRC))
        if top_module(path) == "cli" or relative in NAMES_FLAGS_FOR_NOW:
            continue
        flagged += [f"{relative}: {text}" for text in raised_texts(path) if re.search(r"(^|[\s(])--[a-z]", text)]
    assert flagged == []
