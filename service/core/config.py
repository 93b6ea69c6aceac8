"""Service settings, read from ``JIANBAO_*`` environment variables (and ``.env``)."""

from __future__ import annotations

import functools

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/jianbao.sqlite3"
# Where `jianbao worker` looks for its broker when none is configured.
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"


class Settings(BaseSettings):
    """Everything the service reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_prefix="JIANBAO_", extra="ignore")

    DATABASE_URL: str = DEFAULT_DATABASE_URL
    MAX_UPLOAD_MB: float = 20
    MAX_PAGES: int = 500
    MODEL_PATH: str | None = None
    # Extraction processes; 0 runs extractions on a thread of the server process instead.
    WORKERS: int = 2
    # Celery broker (redis://host:6379/N); when set, uploads are extracted by `jianbao worker`s.
    BROKER_URL: str | None = None
    # Celery result backend; the broker's URL when unset.
    RESULT_BACKEND: str | None = None
    # The Celery queue the extraction tasks go to.
    QUEUE: str = "jianbao"
    # Seconds one file may take on a worker before it is stopped (then retried once).
    TASK_TIMEOUT_S: float = 300
    # Signs the review pages' session cookies; a random one per process when unset (sessions then
    # end when the server restarts).
    SECRET_KEY: str | None = None

    @field_validator("WORKERS", "MAX_PAGES")
    @classmethod
    def _check_not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must be 0 or more")
        return value

    @field_validator("MAX_UPLOAD_MB", "TASK_TIMEOUT_S")
    @classmethod
    def _check_positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be more than 0")
        return value

    @property
    def max_upload_bytes(self) -> int:
        return int(self.MAX_UPLOAD_MB * 1024 * 1024)


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
