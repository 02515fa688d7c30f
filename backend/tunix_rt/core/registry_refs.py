"""`registry://name@version` and `registry://name#alias`: parsing and on-disk resolution.

Pure Python (no FastAPI, no SQLAlchemy) so that the training CLI can load registry models.
The layout under the registry root (TUNIX_RT_HOME/registry) is written by the backend:

    models/<name>/<version>/      the version's HF-layout files (hardlinks into blobs/)
    models/<name>/aliases/<alias> a text file holding the version number the alias points at
    blobs/sha256/<aa>/<sha256>    each distinct file content, stored once
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

SCHEME = "registry://"
MODEL_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
# An alias starts with a letter, so `3` is always a version and `production` always an alias.
ALIAS_NAME = re.compile(r"^[a-z][a-z0-9._-]{0,63}$")
DEFAULT_HOME = "./var"  # the backend's default TUNIX_RT_HOME (tunix_rt/settings.py)

MODEL_NAME_RULE = "lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
ALIAS_NAME_RULE = "lowercase letters, digits, '.', '_' or '-', starting with a letter"


@dataclass(frozen=True)
class RegistryRef:
    """A model name and exactly one of a version number or an alias."""

    name: str
    version: int | None = None
    alias: str | None = None

    def __str__(self) -> str:
        if self.version is not None:
            return f"{SCHEME}{self.name}@{self.version}"
        return f"{SCHEME}{self.name}#{self.alias}"


def is_registry_ref(value: str) -> bool:
    return value.startswith(SCHEME)


def parse_ref(value: str) -> RegistryRef:
    """`registry://name@3` or `registry://name#production`; ValueError saying what is wrong."""
    if not is_registry_ref(value):
        raise ValueError(f"{value!r} is not a registry reference (registry://name@version)")
    body = value[len(SCHEME) :]
    usage = "use registry://<name>@<version> or registry://<name>#<alias>"
    if "@" in body and "#" in body:
        raise ValueError(f"{value!r} has both '@' and '#'; {usage}")
    name, sep, selector = body.partition("@") if "@" in body else body.partition("#")
    if not sep:
        raise ValueError(f"{value!r} names no version or alias; {usage}")
    if not MODEL_NAME.match(name):
        raise ValueError(f"{value!r}: model name {name!r} must be {MODEL_NAME_RULE}")
    if sep == "@":
        if not selector.isdigit() or int(selector) < 1:
            raise ValueError(f"{value!r}: version {selector!r} must be a positive integer")
        return RegistryRef(name, version=int(selector))
    if not ALIAS_NAME.match(selector):
        raise ValueError(f"{value!r}: alias {selector!r} must be {ALIAS_NAME_RULE}")
    return RegistryRef(name, alias=selector)


def registry_root(home: Path | str | None = None) -> Path:
    """The registry under `home`, else under $TUNIX_RT_HOME, else under ./var."""
    if home is None:
        home = os.environ.get("TUNIX_RT_HOME") or DEFAULT_HOME
    return Path(home) / "registry"


def model_dir(root: Path, name: str) -> Path:
    return root / "models" / name


def version_dir(root: Path, name: str, version: int) -> Path:
    return model_dir(root, name) / str(version)


def alias_file(root: Path, name: str, alias: str) -> Path:
    return model_dir(root, name) / "aliases" / alias


def read_alias(root: Path, name: str, alias: str) -> int | None:
    """The version an alias file points at, or None when the alias is not set."""
    try:
        text = alias_file(root, name, alias).read_text().strip()
    except FileNotFoundError:
        return None
    if not text.isdigit():
        raise ValueError(f"alias file {alias_file(root, name, alias)} does not hold a version")
    return int(text)


def resolve_dir(root: Path, ref: str | RegistryRef) -> Path:
    """The directory of the version `ref` names under `root`; ValueError if there is none."""
    parsed = parse_ref(ref) if isinstance(ref, str) else ref
    if not model_dir(root, parsed.name).is_dir():
        raise ValueError(f"{parsed}: no model {parsed.name!r} in the registry at {root}")
    version = parsed.version
    if version is None:
        assert parsed.alias is not None
        version = read_alias(root, parsed.name, parsed.alias)
        if version is None:
            raise ValueError(f"{parsed}: model {parsed.name!r} has no alias {parsed.alias!r}")
    path = version_dir(root, parsed.name, version)
    if not (path / "config.json").is_file():
        raise ValueError(f"{parsed}: model {parsed.name!r} has no version {version} at {path}")
    return path
