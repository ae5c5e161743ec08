"""Errors a user can cause and fix: the CLI prints their message as one line and exits 2."""


class AtlasError(Exception):
    """Base class for user-facing errors (bad input, unknown names, unreadable files)."""


class UnknownPlace(AtlasError):
    """A name that the gazetteer cannot resolve."""


class BadDate(AtlasError):
    """A malformed or out-of-range date."""


class DataError(AtlasError):
    """A data file (timeline, gazetteer, sources) that fails validation."""


class IngestError(AtlasError):
    """A document that cannot be added to the corpus."""
