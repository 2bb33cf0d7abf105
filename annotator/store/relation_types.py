"""Relation types (speaker, about): names, colours, keys, the labels they link; in use, archived."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, update

from annotator.core.errors import StoreError, UnknownLabel, UnknownRelationType
from annotator.core.model import DEFAULT_RELATION_TYPES, RelationType, check_name
from annotator.store.key_cache import KeyCache
from annotator.store.rows import delete_unused, fallback_colour, release_key
from annotator.store.schema import labels, relation_types, relations

if TYPE_CHECKING:
    from annotator.store.store import Store


class RelationTypes:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache = KeyCache()

    @staticmethod
    def create_defaults(conn: Connection) -> None:
        """A new store starts with the default relation types (speaker, about)."""
        if conn.execute(select(func.count()).select_from(relation_types)).scalar() == 0:
            for position, kind in enumerate(DEFAULT_RELATION_TYPES):
                conn.execute(relation_types.insert().values(
                    **_columns(kind), archived=False, position=position))

    def forget_keys(self) -> None:
        """After a rollback: cached keys may name rows that are gone (this thread only)."""
        self._cache.forget()

    # ------------------------------------------------------------- reading

    def all(self, *, include_archived: bool = False) -> list[RelationType]:
        query = select(relation_types).order_by(relation_types.c.position, relation_types.c.pk)
        if not include_archived:
            query = query.where(relation_types.c.archived.is_(False))
        with self._store.connect() as conn:
            return [_type(row) for row in conn.execute(query)]

    def get(self, name: str) -> RelationType:
        with self._store.connect() as conn:
            return self.find(conn, name)

    @staticmethod
    def find(conn: Connection, name: str) -> RelationType:
        row = conn.execute(select(relation_types).where(relation_types.c.name == name)).first()
        if row is None:
            raise UnknownRelationType(f"unknown relation type {name!r}")
        return _type(row)

    def key(self, conn: Connection, name: str, *, create: bool = False) -> int:
        """The type's key in the store; with ``create``, a new type (linking any
        labels) gets one."""
        pk = self._cache.keys.get(name)
        if pk is not None:
            return pk
        pk = conn.execute(select(relation_types.c.pk)
                          .where(relation_types.c.name == name)).scalar()
        if pk is None:
            if not create:
                raise UnknownRelationType(f"unknown relation type {name!r}")
            check_name("relation type", name)
            position = conn.execute(select(func.count()).select_from(relation_types)).scalar()
            pk = conn.execute(relation_types.insert().values(
                **_columns(RelationType(name, fallback_colour(name))), archived=False,
                position=position)).inserted_primary_key[0]
        self._cache.keys[name] = pk
        return pk  # type: ignore[no-any-return]

    @staticmethod
    def names(conn: Connection) -> dict[int, str]:
        """Every type's name by its key, archived ones included."""
        return dict(conn.execute(  # type: ignore[arg-type]
            select(relation_types.c.pk, relation_types.c.name)).all())

    def usage(self) -> dict[str, int]:
        """How many relations (in any status) have each type."""
        query = (select(relation_types.c.name, func.count(relations.c.pk))
                 .select_from(relation_types.outerjoin(
                     relations, relations.c.type == relation_types.c.pk))
                 .group_by(relation_types.c.name))
        with self._store.connect() as conn:
            return {name: count for name, count in conn.execute(query)}

    # ------------------------------------------------------------- writing

    def add(self, kind: RelationType) -> RelationType:
        """A new type. A key held by a label or another type moves to this one."""
        name = kind.name.strip()
        check_name("relation type", name)
        kind = RelationType(name, kind.color, kind.key or None, tuple(kind.heads),
                            tuple(kind.children), kind.archived)
        with self._store.transaction() as conn:
            if conn.execute(select(relation_types.c.pk)
                            .where(relation_types.c.name == name)).first():
                raise StoreError(f"relation type {name!r} exists already")
            _check_labels(conn, [*kind.heads, *kind.children])
            release_key(conn, kind.key)
            position = conn.execute(select(func.count()).select_from(relation_types)).scalar()
            conn.execute(relation_types.insert().values(
                **_columns(kind), archived=kind.archived, position=position))
        return kind

    def update(self, name: str, *, new_name: str | None = None, color: str | None = None,
               key: str | type[...] | None = ..., heads: Sequence[str] | None = None,
               children: Sequence[str] | None = None,
               archived: bool | None = None) -> RelationType:
        """Change a type's attributes; its relations keep it under its new name. A key
        held by a label or another type moves to this one."""
        values: dict[str, Any] = {}
        if new_name is not None and new_name.strip() != name:
            values["name"] = new_name.strip()
            check_name("relation type", new_name.strip())
        if color is not None:
            values["color"] = color
        if key is not ...:
            values["key"] = key or None
        if heads is not None:
            values["heads"] = _names(heads)
        if children is not None:
            values["children"] = _names(children)
        if archived is not None:
            values["archived"] = archived
        with self._store.transaction() as conn:
            pk = conn.execute(select(relation_types.c.pk)
                              .where(relation_types.c.name == name)).scalar()
            if pk is None:
                raise UnknownRelationType(f"unknown relation type {name!r}")
            if "name" in values and conn.execute(
                    select(relation_types.c.pk)
                    .where(relation_types.c.name == values["name"])).first():
                raise StoreError(f"relation type {values['name']!r} exists already")
            _check_labels(conn, [*(heads or ()), *(children or ())])
            if values.get("key"):
                release_key(conn, values["key"], relation_type=pk)
            if values:
                conn.execute(update(relation_types).where(relation_types.c.pk == pk)
                             .values(**values))
            row = conn.execute(select(relation_types).where(relation_types.c.pk == pk)).one()
        self._cache.changed()
        return _type(row)

    def delete(self, name: str) -> None:
        """Delete a type no relation has; a type in use can only be archived."""
        with self._store.transaction() as conn:
            delete_unused(conn, relation_types, name, used_by=relations.c.type,
                          users="relations", what="relation type", unknown=UnknownRelationType)
        self._cache.changed()

    @staticmethod
    def rename_label(conn: Connection, old: str, new: str) -> None:
        """A label was renamed: the types that name it name it anew."""
        for row in conn.execute(select(relation_types.c.pk, relation_types.c.heads,
                                       relation_types.c.children)).all():
            heads, children = json.loads(row.heads), json.loads(row.children)
            if old in heads or old in children:
                conn.execute(update(relation_types).where(relation_types.c.pk == row.pk).values(
                    heads=_names(new if n == old else n for n in heads),
                    children=_names(new if n == old else n for n in children)))


def _check_labels(conn: Connection, names: Iterable[str]) -> None:
    wanted = set(names)
    if not wanted:
        return
    known = set(conn.execute(select(labels.c.name).where(labels.c.name.in_(wanted))).scalars())
    unknown = sorted(wanted - known)
    if unknown:
        raise UnknownLabel(f"unknown label(s) {', '.join(map(repr, unknown))} "
                           "for a relation type's ends")


def _names(names: Iterable[str]) -> str:
    return json.dumps(list(dict.fromkeys(n.strip() for n in names if n.strip())),
                      ensure_ascii=False)


def _columns(kind: RelationType) -> dict[str, Any]:
    return {"name": kind.name, "color": kind.color, "key": kind.key or None,
            "heads": _names(kind.heads), "children": _names(kind.children)}


def _type(row: Any) -> RelationType:
    return RelationType(row.name, row.color, row.key, tuple(json.loads(row.heads)),
                        tuple(json.loads(row.children)), bool(row.archived))
