"""Content-addressed files of the registry: blobs stored once, version directories of links.

    <registry>/blobs/sha256/<aa>/<sha256>  one file per distinct content, read-only
    <registry>/models/<name>/<version>/    the version's files, hardlinked to their blobs
    <registry>/models/<name>/aliases/<a>   the version number alias <a> points at

Every write goes to a temporary name first and is renamed into place, so a crash leaves
no half-written blob, version directory or alias file behind.
"""

import hashlib
import os
import shutil
import stat
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from tunix_rt.core import registry_refs as refs

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to the version directory, with forward slashes
    size: int
    sha256: str

    def manifest(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


def content_hash(files: list[StoredFile]) -> str:
    """sha256 over `<sha256>  <path>\\n` lines sorted by path: the same bytes, the same hash."""
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.path):
        digest.update(f"{f.sha256}  {f.path}\n".encode())
    return digest.hexdigest()


def blob_path(root: Path, sha256: str) -> Path:
    return root / "blobs" / "sha256" / sha256[:2] / sha256


def _tmp_dir(root: Path) -> Path:
    tmp = root / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    return tmp


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_blob(root: Path, source: Path) -> StoredFile:
    """Hash `source` and store it as a blob unless that content is already stored."""
    expected = _sha256_of(source)
    target = blob_path(root, expected)
    if target.is_file():
        return StoredFile(source.name, target.stat().st_size, expected)
    tmp = _tmp_dir(root) / f"blob-{uuid.uuid4().hex}"
    digest = hashlib.sha256()
    size = 0
    try:
        with source.open("rb") as src, tmp.open("wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected:
            raise OSError(f"{source} changed while it was being stored; promote again")
        tmp.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return StoredFile(source.name, size, expected)


def source_files(directory: Path) -> list[tuple[str, Path]]:
    """(relative posix path, file) for every regular file under `directory`, sorted."""
    found = []
    for path in sorted(directory.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        found.append((path.relative_to(directory).as_posix(), path))
    return found


def store_directory(root: Path, directory: Path) -> list[StoredFile]:
    """Store every file of `directory` as a blob; the manifest, sorted by path."""
    stored = []
    for rel, path in source_files(directory):
        blob = store_blob(root, path)
        stored.append(StoredFile(rel, blob.size, blob.sha256))
    return stored


def _link_or_copy(blob: Path, target: Path) -> None:
    try:
        os.link(blob, target)
    except OSError:  # another filesystem, or links not supported: a copy is still correct
        shutil.copyfile(blob, target)


def materialize_version(root: Path, name: str, version: int, files: list[StoredFile]) -> Path:
    """Build models/<name>/<version>/ from blobs (built aside, then renamed into place)."""
    final = refs.version_dir(root, name, version)
    staging = _tmp_dir(root) / f"version-{uuid.uuid4().hex}"
    try:
        for f in files:
            target = staging / PurePosixPath(f.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(blob_path(root, f.sha256), target)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():  # left by a promotion that crashed before its row was committed
            shutil.rmtree(final)
        os.replace(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return final


def remove_version(root: Path, name: str, version: int) -> None:
    shutil.rmtree(refs.version_dir(root, name, version), ignore_errors=True)


def remove_unreferenced_blobs(root: Path, candidates: set[str], referenced: set[str]) -> int:
    """Delete the blobs among `candidates` no version references any more; bytes freed."""
    freed = 0
    for sha256 in candidates - referenced:
        path = blob_path(root, sha256)
        try:
            freed += path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
    return freed


def write_alias(root: Path, name: str, alias: str, version: int | None) -> None:
    """Rewrite (or, for None, remove) the alias file the training CLI reads."""
    path = refs.alias_file(root, name, alias)
    if version is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{alias}.{uuid.uuid4().hex}.tmp"
    tmp.write_text(f"{version}\n")
    os.replace(tmp, path)


def check_relative_path(requested: str) -> None:
    """ValueError unless `requested` is a plain relative path (no '..', no absolute path)."""
    if not requested or requested.startswith(("/", "\\")) or PurePosixPath(requested).is_absolute():
        raise ValueError(f"file path {requested!r} must be relative to the version directory")
    if any(part in {"..", ".", ""} for part in requested.replace("\\", "/").split("/")):
        raise ValueError(f"file path {requested!r} must not contain '..', '.' or empty parts")


class _Sink:
    """A write-only file object whose bytes are handed out as they accumulate."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def zip_stream(directory: Path, files: list[dict[str, Any]], prefix: str) -> Iterator[bytes]:
    """A zip of the manifest's files under `prefix/`, yielded in pieces as it is written.

    Memory stays at about one CHUNK: each file is read and compressed piece by piece and
    the archive's bytes leave as soon as they are written (zipfile writes data descriptors
    when its output cannot seek).
    """
    sink = _Sink()
    with zipfile.ZipFile(cast(IO[bytes], sink), "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            info = zipfile.ZipInfo(f"{prefix}/{f['path']}")
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = f["size"]  # lets zipfile pick ZIP64 for files over 2 GiB up front
            source = directory / PurePosixPath(f["path"])
            with source.open("rb") as src, archive.open(info, "w") as entry:
                while chunk := src.read(CHUNK):
                    entry.write(chunk)
                    if sink.parts:
                        yield sink.take()
            if sink.parts:
                yield sink.take()
    yield sink.take()
