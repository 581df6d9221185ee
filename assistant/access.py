"""Who may see what: the access groups of documents, and the reader whose groups a request searches.

Every path that shows text gets its reader here and passes it down to the facade (assistant/api.py), which scopes
every search, list and count to the reader's groups; the engines filter by them at query time (retrieval.py,
bm25.py, store.py, catalog.py). A reader with `groups=None` sees every group: the operator at the command line and
the admin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .records import PUBLIC

MAX_GROUPS = 20  # groups one document, user or sign-in may carry
_GROUP = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def group_names(value: str | Iterable[str] | None, default: tuple[str, ...] = (PUBLIC,)) -> tuple[str, ...]:
    """Access group names from "staff, public" or a list: lower-cased, sorted, each once; `default` when none.
    A name is 1-32 letters, digits, '-' or '_' (it names a Chroma collection); ValueError says which is wrong."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    names = sorted({str(item).strip().lower() for item in items if str(item).strip()})
    for name in names:
        if not _GROUP.fullmatch(name):
            raise ValueError(f"{name[:40]!r} is not an access group name: use 1-32 lower-case letters, digits, "
                             f"'-' or '_' (e.g. staff, public)")
    if len(names) > MAX_GROUPS:
        raise ValueError(f"{len(names)} access groups given: at most {MAX_GROUPS}")
    return tuple(names) or default


@dataclass(frozen=True)
class Reader:
    """Who is reading: a name ("" for an anonymous reader), the groups whose documents they may see (None: all),
    and whether they may change the index."""

    name: str = ""
    groups: frozenset[str] | None = frozenset({PUBLIC})
    admin: bool = False

    @property
    def searched(self) -> tuple[str, ...] | None:
        """The groups searched, in name order (None: all), as the catalog's and the engines' filters take them."""
        return None if self.groups is None else tuple(sorted(self.groups))

    @property
    def sees_all(self) -> bool:
        """True for the operator and the admin: no group filter."""
        return self.groups is None

    def scope(self, filters):
        """The filters (retrieval.Filters, or None for none) narrowed to this reader's groups: a scope only ever
        narrows (groups the filters carry already stay unless this reader may not see them)."""
        from .retrieval import Filters

        filters = filters or Filters()
        if self.groups is None:
            return filters
        if filters.groups is None:
            return replace(filters, groups=self.searched)
        return replace(filters, groups=tuple(sorted(self.groups & set(filters.groups))))

    def sees(self, groups: Iterable[str]) -> bool:
        """Whether a document in these groups is visible to this reader."""
        return self.groups is None or bool(self.groups & set(groups))

    def sees_question(self, asker: Iterable[str] | None, cited: Iterable[Iterable[str] | None]) -> bool:
        """Whether a kept question may be shown in this reader's Questions report. The admin sees every one; anyone
        else only one asked by a reader whose groups are all theirs too (`asker`; None, every group, never is) and
        citing only documents they may see now (`cited`: each cited document's groups, None for one gone)."""
        if self.groups is None:
            return True
        if asker is None or not set(asker) <= self.groups:
            return False
        return all(groups is not None and self.sees(groups) for groups in cited)

    def label(self) -> str:
        """The groups searched, as a reader reads them ("all groups" for the operator)."""
        return "all groups" if self.groups is None else ", ".join(sorted(self.groups))


OPERATOR = Reader(name="operator", groups=None, admin=True)  # the command line on the index's own machine


def signed_in(reader: Reader, public_groups: Iterable[str]) -> Reader:
    """A signed-in reader (a user, at the page, the API or `--as`): their groups and the public ones (signing in
    never shows less than reading anonymously)."""
    if reader.groups is None:
        return reader
    return Reader(reader.name, reader.groups | frozenset(public_groups), reader.admin)


def is_staff(reader: Reader, public_groups: Iterable[str]) -> bool:
    """Staff: the admin (every group), or a signed-in reader with an access group beyond the public ones (the
    Questions report is theirs, over the questions of their groups)."""
    if reader.groups is None:
        return True
    return bool(reader.name) and bool(reader.groups - frozenset(public_groups))


def anonymous(public_groups: Iterable[str]) -> Reader:
    """The reader who has not signed in: the groups of ASSISTANT_PUBLIC_GROUPS."""
    return Reader(groups=frozenset(public_groups))
