"""The dashboard: static HTML, CSS and plain JavaScript (no build step), served by :mod:`marsad.api`.

Third-party files (Leaflet, topojson-client, world-atlas country shapes, Swagger UI) are vendored in
``static/vendor/`` with their licences; see ``VENDORED.md``. Nothing is fetched from the network.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR"]
