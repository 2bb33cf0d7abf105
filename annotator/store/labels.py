"""The label set: names, colours, keys, guidelines; labels in use are archived, never deleted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select, update

from annotator.core.errors import StoreError, UnknownLabel
from annotator.core.model import DEFAULT_LABELS, Label, check_name
from annotator.store.key_cache import KeyCache
from annotator.store.relation_types import RelationTypes
from annotator.store.rows import delete_unused, fallback_colour, release_key
from annotator.store.schema import labels, spans

if TYPE_CHECKING:
    from annotator.store.store import Store


class Labels:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache = KeyCache()

    def create_defaults(self, conn: Connection) -> None:
        """A new store starts with the default label set."""
        if conn.execute(select(func.count()).select_from(labels)).scalar() == 0:
            for position, label in enumerate(DEFAULT_LABELS):
                conn.execute(labels.insert().values(
                    name=label.name, color=label.color, key=label.key,
                    guideline=label.guideline, archived=False, position=position))

    def forget_keys(self) -> None:
        """After a rollback: cached keys may name rows that are gone (this thread only)."""
        self._cache.forget()

    def all(self, *, include_archived: bool = False) -> list[Label]:
        query = select(labels).order_by(labels.c.position, labels.c.pk)
        if not include_archived:
            query = query.where(labels.c.archived.is_(False))
        with self._store.connect() as conn:
            return [Label(r.name, r.color, r.key, r.guideline, bool(r.archived))
                    for r in conn.execute(query)]

    def key(self, conn: Connection, name: str, *, create: bool = False) -> int:
        """The label's key in the store; with ``create``, a new label gets one."""
        pk = self._cache.keys.get(name)
        if pk is not None:
            return pk
        pk = conn.execute(select(labels.c.pk).where(labels.c.name == name)).scalar()
        if pk is None:
            if not create:
                raise UnknownLabel(f"unknown label {name!r}")
            check_name("label", name)
            position = conn.execute(select(func.count()).select_from(labels)).scalar()
            pk = conn.execute(labels.insert().values(
                name=name, color=fallback_colour(name), key=None, guideline="",
                archived=False, position=position)).inserted_primary_key[0]
        self._cache.keys[name] = pk
        return pk  # type: ignore[no-any-return]

    @staticmethod
    def names(conn: Connection) -> dict[int, str]:
        """Every label's name by its key, archived ones included."""
        return dict(conn.execute(select(labels.c.pk, labels.c.name)).all())  # type: ignore[arg-type]

    def add(self, label: Label) -> Label:
        name = label.name.strip()
        check_name("label", name)
        with self._store.transaction() as conn:
            if conn.execute(select(labels.c.pk).where(labels.c.name == name)).first():
                raise StoreError(f"label {name!r} exists already")
            release_key(conn, label.key)
            position = conn.execute(select(func.count()).select_from(labels)).scalar()
            conn.execute(labels.insert().values(
                name=name, color=label.color, key=label.key, guideline=label.guideline,
                archived=label.archived, position=position))
        return Label(name, label.color, label.key, label.guideline, label.archived)

    def update(self, name: str, *, new_name: str | None = None, color: str | None = None,
               key: str | type[...] | None = ..., guideline: str | None = None,
               archived: bool | None = None) -> Label:
        """Change a label's attributes. A key taken by another label or a relation type
        moves to this one; a new name is taken over by the relation types that name it."""
        values: dict[str, object] = {}
        if new_name is not None and new_name.strip() != name:
            values["name"] = new_name.strip()
            check_name("label", new_name.strip())
        if color is not None:
            values["color"] = color
        if key is not ...:
            values["key"] = key
        if guideline is not None:
            values["guideline"] = guideline
        if archived is not None:
            values["archived"] = archived
        with self._store.transaction() as conn:
            pk = conn.execute(select(labels.c.pk).where(labels.c.name == name)).scalar()
            if pk is None:
                raise UnknownLabel(f"unknown label {name!r}")
            if "name" in values and conn.execute(
                    select(labels.c.pk).where(labels.c.name == values["name"])).first():
                raise StoreError(f"label {values['name']!r} exists already")
            if values.get("key"):
                release_key(conn, values["key"], label=pk)  # type: ignore[arg-type]
            if values:
                conn.execute(update(labels).where(labels.c.pk == pk).values(**values))
            if "name" in values:  # relation types name the labels they link
                RelationTypes.rename_label(conn, name, values["name"])  # type: ignore[arg-type]
            row = conn.execute(select(labels).where(labels.c.pk == pk)).one()
        self._cache.changed()
        return Label(row.name, row.color, row.key, row.guideline, bool(row.archived))

    def delete(self, name: str) -> None:
        """Delete a label that no span uses; labels in use can only be archived."""
        with self._store.transaction() as conn:
            delete_unused(conn, labels, name, used_by=spans.c.label, users="spans",
                          what="label", unknown=UnknownLabel)
        self._cache.changed()

    def usage(self) -> dict[str, int]:
        """How many spans use each label."""
        query = (select(labels.c.name, func.count(spans.c.pk))
                 .select_from(labels.outerjoin(spans, spans.c.label == labels.c.pk))
                 .group_by(labels.c.name))
        with self._store.connect() as conn:
            return {name: count for name, count in conn.execute(query)}

