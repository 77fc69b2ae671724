"""detente: political event data from news and analysis text."""

__version__ = "0.1.0"
