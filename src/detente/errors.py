"""The one exception family the CLI and API turn into a one-line message instead of a traceback."""


class DetenteError(Exception):
    """A problem with the user's input or environment, explained in one line."""

    exit_code = 2


class InputError(DetenteError):
    """A file, folder, date or option that detente cannot use."""


class StoreError(DetenteError):
    """The event store cannot be opened, read or written."""
