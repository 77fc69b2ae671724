"""Data files: the ones packaged in ``detente/data`` and the user's own, read the same way.

One place finds the data folder (``data_path``), one YAML dialect reads every data file
(``parse_yaml``), and user files fail with one line naming the file (``read_user_text``, ``user_yaml``).

The dialect is YAML 1.2's core schema where it matters for word lists: only ``true``/``false`` are
booleans (``on``, ``off``, ``no`` and ``yes`` stay words), and dates stay text, so each loader checks
them with its own clear message.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

PACKAGE = "detente"
DATA_FOLDER = "data"

_Base = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


class DataLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe YAML: true/false the only booleans, dates left as text."""


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
for _first in "tTfF":
    DataLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(0, ("tag:yaml.org,2002:bool", _BOOL))


def data_path(name: str) -> Any:
    """The packaged data file ``name`` (e.g. ``"weights.yaml"``, ``"actors/people.yaml"``), as a Traversable."""
    return importlib_resources.files(PACKAGE).joinpath(DATA_FOLDER, *name.split("/"))


def packaged_text(name: str) -> str:
    """The text of a packaged data file (a missing one is a broken install, not a user error)."""
    return data_path(name).read_text(encoding="utf-8")


def parse_yaml(text: str, where: str | Path) -> Any:
    """YAML text in the data dialect; InputError ``where: not valid YAML (line N): problem``."""
    try:
        return yaml.load(text, Loader=DataLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{where}: not valid YAML{line}: {problem}") from None


@lru_cache(maxsize=32)
def packaged_yaml(name: str) -> Any:
    """A packaged YAML data file, parsed (cached: treat the result as read-only)."""
    return parse_yaml(packaged_text(name), name)


def read_user_text(path: str | Path, what: str = "file") -> str:
    """The UTF-8 text of a user's file; InputError ``<what> 'path' does not exist`` and the like."""
    target = Path(path)
    if not target.is_file():
        reason = "is a folder" if target.is_dir() else "does not exist"
        raise InputError(f"{what} {str(path)!r} {reason}")
    try:
        return target.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what} {str(path)!r} is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{what} {str(path)!r}: cannot read ({exc.strerror or exc.__class__.__name__})") from None


def user_yaml(path: str | Path, what: str = "file") -> Any:
    """A user's YAML file in the data dialect, parsed; one-line InputErrors naming the file."""
    return parse_yaml(read_user_text(path, what), f"{what} {str(path)!r}")
