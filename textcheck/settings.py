"""Settings: flags first, then ``TEXTCHECK_*`` environment variables, then defaults.

One frozen ``Settings`` object is built at the edge (the CLI) and passed down, so library
code never reads the environment itself.  Units are in the names (``timeout_s``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from textcheck import __version__

DEFAULT_BASE_URL = "https://petition.parliament.uk"
PROJECT_URL = "https://github.com/textcheck/textcheck"


@dataclass(frozen=True)
class Settings:
    """Everything configurable about a run; see ``load_settings`` for precedence."""

    base_url: str = DEFAULT_BASE_URL
    db: Path = Path("textcheck.db")
    delay_s: float = 1.0
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    retries: int = 3
    backoff_s: float = 1.0
    max_retry_after_s: float = 60.0
    page_size: int = 50
    user_agent: str = f"textcheck/{__version__} (+{PROJECT_URL})"
    offline: bool = False
    use_spacy_model: bool = False
    """Run claims through the spaCy pipeline with ``en_core_web_sm`` (when installed)."""
    spacy_pipeline: bool = False
    """Run claims through the blank spaCy pipeline instead of the (equivalent) direct path."""
    aliases: Path | None = None
    semantic: bool = True
    """Pair and read sentences by meaning too (the WordLlama sentence embedding); off, the
    comparer works from words alone (for measuring what the semantic layer adds)."""
    dask_scheduler: str = ""
    """Address of the Dask scheduler ``batch --engine dask`` uses; empty: a LocalCluster."""

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with every override that is not ``None`` applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _convert(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, Path) or default is None:
        return Path(value)
    return value


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from ``overrides`` (flags), then ``TEXTCHECK_*`` variables, then defaults.

    An override of ``None`` means "flag not given".  A variable that cannot be converted to
    the setting's type raises ``ValueError`` naming it.
    """
    env = dict(os.environ) if env is None else env
    base = Settings()
    from_env: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(f"TEXTCHECK_{f.name.upper()}")
        if raw is None or raw == "":
            continue
        try:
            from_env[f.name] = _convert(raw, getattr(base, f.name))
        except ValueError as exc:
            raise ValueError(f"TEXTCHECK_{f.name.upper()}={raw!r} is not valid: {exc}") from exc
    settings = replace(base, **from_env).with_overrides(**overrides)
    return replace(settings, base_url=settings.base_url.rstrip("/"))
