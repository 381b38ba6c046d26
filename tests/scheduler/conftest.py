"""Fixtures of the scheduler tests (independent of the app's tests/conftest.py)."""

import pytest
from scheduler_helpers import load


@pytest.fixture
def tiny() -> dict:
    """The spec's worked example instance (a fresh copy per test)."""
    return load("tiny-instance.json")


@pytest.fixture
def tiny_schedule() -> dict:
    return load("tiny-schedule.json")
