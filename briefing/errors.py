"""Exceptions the library raises; the CLI alone turns them into messages and exit codes."""


class BriefingError(Exception):
    """Base class: the message is written for the user and says what to do."""

    exit_code = 1


class ConfigError(BriefingError):
    """mkdocs.yml, taxonomy.yml or the command line is wrong: nothing was built."""

    exit_code = 2


class BuildError(BriefingError):
    """The build could not finish (e.g. strict mode found problems, MkDocs failed)."""


class OwnershipError(BuildError):
    """A hand-written file sits where the generator wants to write: it is never overwritten."""


class BuildLockedError(BuildError):
    """Another build is running on the same docs folder."""
