"""Listing and safely opening the files a job left in its run directory."""

from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from tunix_rt.errors import ApiError


class Artifact(BaseModel):
    path: str  # relative to the run directory, with forward slashes
    size_bytes: int


def list_artifacts(run_dir: Path) -> list[Artifact]:
    """Every regular file under the run directory, recursively; symlinks are not followed."""
    if not run_dir.is_dir():
        return []
    found = []
    for path in sorted(run_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append(
                Artifact(path=path.relative_to(run_dir).as_posix(), size_bytes=path.stat().st_size)
            )
    return found


def safe_artifact_path(run_dir: Path, requested: str) -> Path:
    """The file `requested` names inside run_dir; 400 for any way out, 404 if missing."""
    pure = PurePosixPath(requested)
    if not requested or pure.is_absolute() or requested.startswith(("/", "\\")):
        raise ApiError(400, f"artifact path {requested!r} must be relative to the run directory")
    if any(part in {"..", ""} for part in requested.replace("\\", "/").split("/")):
        raise ApiError(400, f"artifact path {requested!r} must not contain '..' or empty parts")
    root = run_dir.resolve()
    target = (root / pure).resolve()
    if not target.is_relative_to(root):
        raise ApiError(400, f"artifact path {requested!r} leads outside the run directory")
    if not target.is_file():
        raise ApiError(404, f"artifact {requested!r} not found")
    return target
