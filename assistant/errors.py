"""The project's exceptions in one place (like simonw/llm's errors.py); each message is written for the user."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of the errors cluster-assistant raises on purpose."""


class IndexUnavailable(AssistantError):
    """The index cannot be used as asked (wrong model, unwritable folder); the message says what to do."""


class IndexMissing(IndexUnavailable):
    """No index where one was looked for, or one that holds no documents; the message names the command that
    builds it (`assistant ingest corpus/`). Reading never creates an index."""


class WriterBusy(IndexUnavailable):
    """Another writer holds this index (an ingest, remove or re-index, in this server or another process); `key`:
    the same refusal in the UI's table, for the reader's language."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


class ModelMismatch(AssistantError):
    """The index was built with another embedding model; the message says how to rebuild."""


class LoadError(AssistantError):
    """A file that cannot be ingested; the message is the reason, for the user."""


class WebError(LoadError):
    """A web address that cannot be fetched or used; the message says why, for the user."""


class RobotsRefused(WebError):
    """The site's robots.txt forbids this address to our user agent."""


class PrivateAddress(WebError):
    """An address on a private or loopback network, refused by this server's own settings (web_private off)."""


class InvalidFeedback(AssistantError, ValueError):
    """A feedback item that cannot be stored as given; the message says which field and why."""


class LLMUnavailable(AssistantError, ValueError):
    """The configured language model cannot be used (unknown backend, missing model file)."""


class OverQuota(AssistantError):
    """A client (or all clients together) sent more than a quota allows for now; `retry_after` in seconds."""

    def __init__(self, message: str, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SettingError(AssistantError, ValueError):
    """An ASSISTANT_* setting whose value cannot be used; the message names the variable and the values it takes."""


class SaveRefused(AssistantError, ValueError):
    """A file a conversation cannot be saved to (a folder that does not exist or cannot be written, a suffix that is
    neither .md nor .json); the message says what to give instead."""


class UserError(AssistantError, ValueError):
    """A user account that cannot be added or changed as asked; the message says why and what to do."""


class Refusal(AssistantError):
    """Something refused to a reader: its message in English (the command line's, the log's), and the `key` and
    `values` of the same refusal in the UI's table (assistant/ui/texts*.py), which says it in the reader's language."""

    def __init__(self, message: str, key: str = "", **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


class AdminOnly(Refusal, PermissionError):
    """Something only the admin may do or see; the message says how to become one."""


class StaffOnly(Refusal, PermissionError):
    """Something only staff (a signed-in reader with an access group beyond the public ones) or the admin may see:
    the Questions report; the message says why."""


class NotFound(Refusal, LookupError):
    """No such conversation or permalink for this reader (another reader's is as absent as one never made)."""


class SignInNeeded(Refusal, PermissionError):
    """Something only a signed-in reader has (their kept conversations, the staff's report); the message says how
    to sign in."""


class TooMany(Refusal, ValueError):
    """A limit of kept conversations, turns or permalinks is reached; the message says what to delete."""
