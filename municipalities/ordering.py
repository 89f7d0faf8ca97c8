"""Kyrgyz alphabetical order, in one place: а б в г д е ё ж з и й к л м н ң о ө п р с т у ү ф х
ц ч ш щ ъ ы ь э ю я. Code point order (and SQLite's or PostgreSQL's "C" collation) would put
ё before а and ң, ө, ү after я: Өзгөн last, Үч-Коргон after Ысык-Ата. Russian names follow the
same order (the Russian alphabet is the Kyrgyz one without ң, ө, ү).

- In a query: `.order_by(by_name())` (the name in the page's language, as `.name` shows it:
  name_ru on /ru/, name_ky where that is empty), `by_name("district__name")` through a relation,
  `by_name("name_ky")` for one column; the territory's models use it as Meta.ordering. PostgreSQL sorts with
  ICU's Kyrgyz collation ("ky-KG-x-icu", which Debian's PostgreSQL has); SQLite with the
  `kyrgyz` collation this module registers on every connection (apps.py), built on the same key.
- In Python (names already loaded, or translated names): `sorted(items, key=alphabetical)`.
"""

from django.conf import settings
from django.db.models import F, Value
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils import translation

POSTGRESQL_COLLATION = "ky-KG-x-icu"
SQLITE_COLLATION = "kyrgyz"

_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"
# Each letter of the alphabet to a private-use character, in the alphabet's order (after Latin).
_COLLATION = {ord(char): chr(0xE000 + index) for index, char in enumerate(_ALPHABET)}
_COLLATION[ord("ӊ")] = _COLLATION[ord("ң")]  # the other Unicode spelling of ң


def alphabetical(name: str) -> str:
    """A sort key that puts Kyrgyz and Russian names in alphabetical order, ignoring case."""
    return str(name).casefold().translate(_COLLATION)


def _local_name(field: F):
    """`…name` → the name in the active language, falling back to the Kyrgyz one (NamedModel.name)."""
    prefix = field.name[: -len("name")]
    language = translation.get_language() or settings.LANGUAGE_CODE
    kyrgyz = F(f"{prefix}name_ky")
    if language == "ky" or language not in {code for code, _ in settings.LANGUAGES}:
        return kyrgyz
    return Coalesce(NullIf(F(f"{prefix}name_{language}"), Value("")), kyrgyz)


class Alphabetical(Collate):
    """A text column in Kyrgyz alphabetical order, on PostgreSQL and on SQLite. A field named
    `name` (or `…__name`) is the name in the language active when the query runs."""

    def __init__(self, expression="name"):
        super().__init__(F(expression) if isinstance(expression, str) else expression, POSTGRESQL_COLLATION)

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        (source,) = self.get_source_expressions()
        if isinstance(source, F) and (source.name == "name" or source.name.endswith("__name")):
            copy = self.copy()
            copy.set_source_expressions([_local_name(source)])
            return super(Alphabetical, copy).resolve_expression(
                query, allow_joins, reuse, summarize, for_save
            )
        return super().resolve_expression(query, allow_joins, reuse, summarize, for_save)

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(SQLITE_COLLATION)
        return super().as_sql(compiler, connection, **extra_context)


def by_name(field: str = "name", *, descending: bool = False) -> OrderBy:
    """An order_by() term: `field` ("name", "municipality__name", "name_ky") alphabetically."""
    return OrderBy(Alphabetical(field), descending=descending)


def _compare(left: str, right: str) -> int:
    left_key, right_key = alphabetical(left), alphabetical(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created: give each SQLite connection the `kyrgyz` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)
