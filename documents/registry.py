"""What the documents app can render: each app registers its kinds of document.

documents/ knows nothing of plans or hearings: an app gives, per kind, a template, a function
that builds the template's context from the object, and one that names the file.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    name: str
    template: str
    build_context: Callable[[object], dict]
    filename: Callable[[object, str], str]
    label: str


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> DocumentKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No document kind {name!r} is registered") from None


def kinds() -> dict[str, DocumentKind]:
    return dict(_KINDS)
