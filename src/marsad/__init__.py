"""marsad -- Arabic-first news event intelligence.

``marsad.load()`` returns the default pipeline; calling it on Arabic text returns a
:class:`marsad.doc.Document` with entities, quotes, events, places and time expressions, every one
carrying character offsets into the original text.
"""

from marsad.doc import Document
from marsad.pipeline import Pipeline, load

__all__ = ["Document", "Pipeline", "load"]
__version__ = "0.1.0"
