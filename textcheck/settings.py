"""Settings: flags first, then ``TEXTCHECK_*`` environment variables, then defaults.

One frozen ``Settings`` object is built at the edge (the CLI) and passed down, so library
code never reads the environment itself.  Units are in the names (``timeout_s``).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from textcheck import __version__
from textcheck.errors import InputError

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
    """The longest wait between two attempts; a ``Retry-After`` longer than this is not waited
    for: the request fails at once, saying when the site asks to come back."""
    deadline_s: float = 60.0
    """The most one ``HttpClient.get`` may take, every attempt, retry wait and redirect hop
    included (not the ``delay_s`` pacing between requests): a server that drips its answer
    one byte at a time passes every read timeout, not this."""
    max_bytes: int = 5_000_000
    """The largest response body read, on the wire and again after decompression (petition
    pages are tens of kB): a bigger answer is refused and nothing of it is stored."""
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
    cue_scores: bool = False
    """Score check-worthiness from cue words, and take claim kinds from the rules alone,
    instead of the shipped models (a fallback the user asks for; a warning says so).
    Without it a missing model is an error."""
    dask_scheduler: str = ""
    """Address of the Dask scheduler ``batch --engine dask`` uses; empty: a LocalCluster."""

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with every override that is not ``None`` applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


class SettingsError(InputError, ValueError):
    """A ``TEXTCHECK_*`` variable has a value the setting cannot take.

    A ``ValueError`` (what ``load_settings`` has always raised for a bad value) and an
    ``InputError``, so the CLI prints its message as one ``Error:`` line, no exception name.
    """


# Settings of time and size that must be finite and at least the bound: 0 allowed ("no
# delay", "no retries") or not (a timeout, deadline or cap of 0 would refuse every request).
_AT_LEAST_ZERO = frozenset({"delay_s", "retries", "backoff_s", "max_retry_after_s"})
_ABOVE_ZERO = frozenset(
    {"connect_timeout_s", "read_timeout_s", "deadline_s", "max_bytes", "page_size"}
)


_AT_MOST: dict[str, tuple[float, str]] = {
    "retries": (100, "100"),
    "max_bytes": (2**31, "2,147,483,648 (2 GiB)"),
    "page_size": (10_000, "10,000"),
}
"""Upper bounds: past them a value is a typo (and ``1e300`` seconds overflows a timer)."""
_MOST_SECONDS = 86_400.0
"""No timing setting is longer than a day."""


def _convert(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(value)
        except ValueError:
            raise ValueError("expected a whole number") from None
    if isinstance(default, float):
        try:
            return float(value)
        except ValueError:
            raise ValueError("expected a number") from None
    if isinstance(default, Path) or default is None:
        return Path(value)
    return value


def check_setting(name: str, value: Any) -> str | None:
    """What is wrong with ``value`` for the setting ``name``, or None when it is usable.

    Timing and size settings are finite and not negative, and timeouts, the deadline, the
    byte cap and the page size are above zero: ``nan`` or ``-5`` for ``delay_s`` would
    otherwise switch the per-host delay off without a word (``nan`` compares false with
    everything).
    """
    if name not in _AT_LEAST_ZERO | _ABOVE_ZERO:
        return None
    unit = "seconds" if name.endswith("_s") else "a whole number"
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number of {unit}"
    if name in _ABOVE_ZERO and value <= 0:
        return f"expected more than 0 {unit}" if unit == "seconds" else f"expected {unit} > 0"
    if value < 0:
        return f"expected 0 {unit} or more" if unit == "seconds" else f"expected {unit} >= 0"
    if unit == "seconds" and value > _MOST_SECONDS:
        return "expected at most 86,400 seconds (a day)"
    most, shown = _AT_MOST.get(name, (math.inf, ""))
    if value > most:
        return f"expected {unit} <= {shown}"
    return None


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from ``overrides`` (flags), then ``TEXTCHECK_*`` variables, then defaults.

    An override of ``None`` means "flag not given".  A variable that cannot be converted to
    the setting's type, or whose value the setting cannot take (``check_setting``), raises
    ``SettingsError`` (a ``ValueError``) naming it.
    """
    env = dict(os.environ) if env is None else env
    base = Settings()
    from_env: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(f"TEXTCHECK_{f.name.upper()}")
        if raw is None or raw == "":
            continue
        variable = f"TEXTCHECK_{f.name.upper()}"
        try:
            value = _convert(raw, getattr(base, f.name))
        except ValueError as exc:
            raise SettingsError(f"{variable}={raw!r} is not valid: {exc}") from exc
        problem = check_setting(f.name, value)
        if problem is not None:
            raise SettingsError(f"{variable}={raw!r} is not valid: {problem}")
        from_env[f.name] = value
    settings = replace(base, **from_env).with_overrides(**overrides)
    return replace(settings, base_url=settings.base_url.rstrip("/"))
