"""The one exception family the CLI and API turn into a one-line message instead of a traceback."""


class DetenteError(Exception):
    """A problem with the user's input or environment, explained in one line."""

    exit_code = 2


class InputError(DetenteError):
    """A file, folder, date or option that detente cannot use."""


class StoreError(DetenteError):
    """The event store cannot be opened, read or written."""


class Parameter(str):
    """The name of a Python API parameter inside a ``ParameterError`` message (``Parameter("workers")``)."""

    __slots__ = ()


class ParameterError(InputError):
    """An argument of a Python API call that cannot be used, said in the API's terms.

    The message is text and ``Parameter`` names: ``ParameterError(Parameter("workers"), " 0: needs at
    least 1")`` reads "workers 0: needs at least 1". A front end that takes the same values under other
    names (the command line's options) says the same in its own terms with ``renamed``.
    """

    def __init__(self, *parts: str):
        self.parts = parts
        super().__init__(self.render())

    def render(self, names: dict[str, str] | None = None) -> str:
        """The message, each parameter called by its name in ``names`` (else by its own)."""
        names = names or {}
        return "".join(names.get(part, part) if isinstance(part, Parameter) else part for part in self.parts)

    def renamed(self, names: dict[str, str]) -> InputError:
        """The same error with the parameters called by ``names`` (e.g. ``{"workers": "--workers"}``)."""
        return InputError(self.render(names))
