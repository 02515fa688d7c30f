"""Process-wide configuration, read from the environment (prefix-free names are documented)."""

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Every knob a deployment can turn; see docs/configuration.md."""

    # Inputs stay out of error messages: a bad DATABASE_URL or endpoint may hold a password.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", hide_input_in_errors=True)

    tunix_rt_home: Path = Field(default=Path("./var"))
    database_url: str | None = None
    # Echo SQL to the log; handy when a filter does not do what you expect.
    database_echo: bool = False

    trace_max_bytes: int = 1 * MIB
    batch_max_bytes: int = 256 * MIB
    batch_max_items: int = 10_000
    import_max_bytes: int = 100 * MIB
    json_max_bytes: int = 1 * MIB

    # Jobs and workers (docs/jobs.md).
    job_lease_s: float = 30.0
    job_heartbeat_s: float = 5.0
    job_poll_s: float = 0.5
    job_cancel_grace_s: float = 15.0
    job_max_attempts: int = 3
    # The child command; run-job SPEC.json is appended. Default: this Python's training CLI.
    job_command: list[str] | None = None

    # llm_judge over any OpenAI-compatible endpoint (docs/judges.md). The key reaches the
    # judging child through its environment, never through a stored job spec.
    llm_judge_base_url: str | None = None
    llm_judge_model: str | None = None
    llm_judge_api_key: SecretStr | None = None
    llm_judge_timeout_s: float = 60.0
    llm_judge_concurrency: int = 4

    @field_validator("llm_judge_base_url")
    @classmethod
    def _plain_endpoint(cls, value: str | None) -> str | None:
        """The URL is stored with every evaluation it scores, so it must hold no secret."""
        if not value:
            return None
        url = urlsplit(value)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"LLM_JUDGE_BASE_URL must be an http(s) URL, got {value!r}")
        if url.username or url.password or url.query or url.fragment:
            raise ValueError(
                "LLM_JUDGE_BASE_URL must not carry credentials or a query string (it is "
                "stored with each evaluation); put the key in LLM_JUDGE_API_KEY"
            )
        return value

    cors_origins: list[str] = Field(default_factory=list)
    tunix_rt_ui_dir: Path | None = None

    @property
    def runs_dir(self) -> Path:
        return self.tunix_rt_home / "runs"

    @property
    def registry_dir(self) -> Path:
        """Model registry blobs and version directories (docs/registry.md)."""
        return self.tunix_rt_home / "registry"

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or an SQLite file under the artifacts root."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.tunix_rt_home / 'tunix_rt.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
