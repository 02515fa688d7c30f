"""Device selection and the (fsdp, tp) mesh. A requested device that is missing fails loudly."""

from __future__ import annotations

from typing import Any

import jax
from jax._src import xla_bridge

from tunix_rt_training.config import MeshConfig

MESH_AXES = ("fsdp", "tp")


class DeviceUnavailableError(RuntimeError):
    """The configured device (or mesh size) is not available on this host."""


def _available() -> str:
    try:
        devices = jax.devices()
    except RuntimeError:
        return "none"
    return f"{len(devices)} {devices[0].platform} device(s)"


def select_devices(device: str) -> list[Any]:
    """The devices a run may use: `auto` is JAX's default backend; others must exist."""
    if device == "cpu":
        # Before the first JAX computation this keeps GPU/TPU backends from starting at all.
        if not xla_bridge.backends_are_initialized():
            jax.config.update("jax_platforms", "cpu")  # type: ignore[no-untyped-call]
        return list(jax.devices("cpu"))
    if device == "auto":
        return list(jax.devices())
    try:
        devices = list(jax.devices(device))
    except RuntimeError as exc:
        raise DeviceUnavailableError(
            f"device: {device!r} was requested but JAX has no {device} backend on this host "
            f"(available: {_available()}; jax {jax.__version__}). Install the matching jaxlib "
            f"(e.g. jax[cuda12] for gpu, jax[tpu] for tpu) or set device: cpu or auto. "
            f"JAX said: {exc}"
        ) from None
    if jax.default_backend() != devices[0].platform:
        raise DeviceUnavailableError(
            f"device: {device!r} is present but JAX's default backend is "
            f"{jax.default_backend()!r}; start the job with JAX_PLATFORMS={devices[0].platform}"
        )
    return devices


def make_mesh(mesh: MeshConfig, devices: list[Any]) -> jax.sharding.Mesh:
    """A ("fsdp", "tp") mesh over the first fsdp×tp devices."""
    needed = mesh.fsdp * mesh.tp
    if needed > len(devices):
        hint = ""
        if devices and devices[0].platform == "cpu":
            hint = (
                "; to simulate CPU devices set "
                f"XLA_FLAGS=--xla_force_host_platform_device_count={needed}"
            )
        raise DeviceUnavailableError(
            f"mesh: fsdp×tp = {mesh.fsdp}×{mesh.tp} needs {needed} devices but only "
            f"{len(devices)} {devices[0].platform if devices else ''} device(s) exist{hint}"
        )
    auto = (jax.sharding.AxisType.Auto,) * len(MESH_AXES)
    return jax.make_mesh((mesh.fsdp, mesh.tp), MESH_AXES, axis_types=auto, devices=devices[:needed])


def describe_devices(mesh: jax.sharding.Mesh) -> dict[str, Any]:
    """Platform, kinds and mesh shape, for the run's result."""
    devices = list(mesh.devices.flat)
    return {
        "platform": devices[0].platform,
        "device_kinds": sorted({d.device_kind for d in devices}),
        "count": len(devices),
        "host_device_count": jax.device_count(),
        "process_count": jax.process_count(),
        "mesh": dict(zip(mesh.axis_names, mesh.devices.shape, strict=True)),
    }
