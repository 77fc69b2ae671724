"""detente: political event data from news and analysis text."""

__version__ = "0.1.0"
from .store import Store  # noqa: E402  (after __version__, which store imports)
