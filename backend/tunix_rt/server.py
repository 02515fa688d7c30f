"""Running the API process: uvicorn plus the process-level tuning it relies on."""

import gc

from tunix_rt.settings import Settings

# Ingest allocates ~100 container objects per trace and keeps few of them; at CPython's
# default gen-0 threshold (700) the collector ran every few traces and took a third of
# the CPU of a batch (bench/results/ingest_breakdown-*.json). A larger gen-0 threshold
# trades a few MB of peak memory for that time.
GC_GEN0_THRESHOLD = 50_000


def tune_gc() -> None:
    """Freeze start-up objects out of the collector's way and collect less often."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)


def run_server(settings: Settings, host: str, port: int, log_level: str = "info") -> None:
    import uvicorn

    from tunix_rt.app import create_app

    app = create_app(settings)
    tune_gc()
    uvicorn.run(app, host=host, port=port, log_level=log_level)
