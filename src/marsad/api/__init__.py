"""The HTTP API over a corpus store (FastAPI) and the dashboard it serves: ``marsad serve``."""

from __future__ import annotations

from marsad.api.app import create_app

__all__ = ["create_app"]
