"""The FastAPI application: routers, middleware, error handlers and the built UI."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from tunix_rt import __version__
from tunix_rt.body_limit import BodySizeLimitMiddleware
from tunix_rt.datasets.router import router as datasets_router
from tunix_rt.db import create_engine, sessionmaker_for
from tunix_rt.errors import install_error_handlers
from tunix_rt.evaluations.router import router as evaluations_router
from tunix_rt.generations.router import router as generations_router
from tunix_rt.generators.router import router as generators_router
from tunix_rt.generators.router import ungar_router
from tunix_rt.leaderboard.router import router as leaderboard_router
from tunix_rt.observability import MetricsMiddleware, metrics_endpoint
from tunix_rt.ops.router import router as ops_router
from tunix_rt.overview.router import router as overview_router
from tunix_rt.registry.router import router as registry_router
from tunix_rt.regression.router import router as regression_router
from tunix_rt.settings import Settings, get_settings
from tunix_rt.spa import SinglePageApp
from tunix_rt.traces.router import router as traces_router
from tunix_rt.tuning.router import router as tuning_router
from tunix_rt.tuning.router import tunables_router
from tunix_rt.tunix_runs.router import router as tunix_runs_router

REPO_UI_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist"


class BodyLimits:
    """Which size limit applies to a request, and the setting that controls it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, method: str, path: str) -> tuple[int, str]:
        s = self.settings
        if method == "POST" and path.rstrip("/") == "/api/traces":
            return s.trace_max_bytes, "TRACE_MAX_BYTES"
        if path == "/api/traces/batch":
            return s.batch_max_bytes, "BATCH_MAX_BYTES"
        if path == "/api/traces/import":
            return s.import_max_bytes, "IMPORT_MAX_BYTES"
        return s.json_max_bytes, "JSON_MAX_BYTES"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await app.state.engine.dispose()

    app = FastAPI(
        title="tunix-rt",
        version=__version__,
        description="Reasoning traces, datasets and the models fine-tuned on them.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = create_engine(settings.resolved_database_url, echo=settings.database_echo)
    app.state.sessionmaker = sessionmaker_for(app.state.engine)

    install_error_handlers(app)
    routers = (
        ops_router,
        traces_router,
        generators_router,
        ungar_router,
        datasets_router,
        tunix_runs_router,
        generations_router,
        evaluations_router,
        leaderboard_router,
        regression_router,
        registry_router,
        tuning_router,
        tunables_router,
        overview_router,
    )
    for router in routers:
        app.include_router(router)
    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)

    app.add_middleware(BodySizeLimitMiddleware, limit_for=BodyLimits(settings))
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(MetricsMiddleware)

    ui_dir = settings.tunix_rt_ui_dir or REPO_UI_DIR
    if (ui_dir / "index.html").is_file():
        app.mount("/", SinglePageApp(ui_dir), name="ui")
    return app
