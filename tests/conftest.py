"""Shared fixtures: the local petitions server and settings pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import PetitionsServer
from textcheck.settings import Settings


@pytest.fixture
def petitions_server() -> Iterator[PetitionsServer]:
    """A local petition.parliament.uk serving tests/fixtures/petitions (routes.json)."""
    server = PetitionsServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fast_settings(tmp_path: Path, petitions_server: PetitionsServer) -> Settings:
    """Settings for the local server: no politeness delay, tiny backoff, short timeouts."""
    return Settings(
        base_url=petitions_server.url,
        db=tmp_path / "t.db",
        delay_s=0.0,
        connect_timeout_s=1.0,
        read_timeout_s=0.5,
        retries=2,
        backoff_s=0.01,
        max_retry_after_s=0.05,
        page_size=2,
    )
