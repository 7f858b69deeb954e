"""The concept scheme in the database: its TOML text is kept, its concepts laid out as rows."""

from __future__ import annotations

import json
from functools import cached_property

import sqlite_utils

from annotator.clock import now
from annotator.errors import UserError
from schemas import ConceptScheme, parse_scheme


class ConceptsMixin:
    """Store methods for the concept scheme."""

    db: sqlite_utils.Database

    def install_scheme(self, scheme: ConceptScheme, toml_text: str) -> None:
        """Make ``scheme`` the database's scheme; refuse one that drops a concept or a relation
        type in use."""
        wanted = {concept.id for concept in scheme.concepts}
        with self.db.atomic():
            self._refuse_dropping_relation_types(scheme)
            missing = [
                (concept, count)
                for concept, count in self.concept_usage().items()
                if concept not in wanted
            ]
            if missing:
                concept, count = missing[0]
                raise UserError(
                    f"scheme {scheme.id!r} has no concept {concept!r}, which {count} annotation"
                    f"{'s' if count > 1 else ''} use; keep it in the scheme file"
                )
            # Concepts in use keep their rows throughout (annotations point at them), so the
            # new scheme's row comes first, its concepts move to it, and only then does what
            # the new scheme no longer has go.
            self.db.execute(
                "INSERT INTO schemes (id, version, namespace, title_fr, title_en, toml, loaded) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "version = excluded.version, namespace = excluded.namespace, "
                "title_fr = excluded.title_fr, title_en = excluded.title_en, "
                "toml = excluded.toml, loaded = excluded.loaded",
                [
                    scheme.id,
                    scheme.version,
                    scheme.namespace,
                    scheme.title.fr,
                    scheme.title.en,
                    toml_text,
                    now(),
                ],
            )
            self.db.execute("UPDATE concepts SET key = NULL")
            self.db.conn.executemany(
                "INSERT INTO concepts (id, scheme, parent, position, label_fr, label_en, "
                "description_fr, description_en, aliases_fr, aliases_en, key, color) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "scheme = excluded.scheme, parent = excluded.parent, "
                "position = excluded.position, label_fr = excluded.label_fr, "
                "label_en = excluded.label_en, description_fr = excluded.description_fr, "
                "description_en = excluded.description_en, aliases_fr = excluded.aliases_fr, "
                "aliases_en = excluded.aliases_en, key = excluded.key, color = excluded.color",
                [
                    (
                        c.id,
                        scheme.id,
                        c.parent,
                        position,
                        c.label.fr,
                        c.label.en,
                        c.description.fr,
                        c.description.en,
                        json.dumps(list(c.aliases.fr), ensure_ascii=False),
                        json.dumps(list(c.aliases.en), ensure_ascii=False),
                        c.key,
                        c.color,
                    )
                    for position, c in enumerate(scheme.concepts)
                ],
            )
            self._install_relation_types(scheme)
            kept = ", ".join("?" * len(wanted))
            self.db.execute(f"DELETE FROM concepts WHERE id NOT IN ({kept})", sorted(wanted))
            self.db.execute("DELETE FROM schemes WHERE id != ?", [scheme.id])
        self.__dict__.pop("scheme", None)

    def concept_usage(self) -> dict[str, int]:
        """How many annotations use each concept that has any, by concept id."""
        return dict(
            self.db.execute(
                "SELECT concept, COUNT(*) FROM annotations GROUP BY concept ORDER BY concept"
            ).fetchall()
        )

    def relation_type_usage(self) -> dict[str, int]:
        """How many relations use each relation type that has any, by type id."""
        return dict(
            self.db.execute(
                "SELECT type, COUNT(*) FROM relations GROUP BY type ORDER BY type"
            ).fetchall()
        )

    def _refuse_dropping_relation_types(self, scheme: ConceptScheme) -> None:
        """A relation whose type the new scheme lacks could no longer be drawn or exported."""
        wanted = {relation_type.id for relation_type in scheme.relation_types}
        for type_id, count in self.relation_type_usage().items():
            if type_id not in wanted:
                raise UserError(
                    f"scheme {scheme.id!r} has no relation type {type_id!r}, which {count} "
                    f"relation{'s' if count > 1 else ''} use; keep it in the scheme file"
                )

    def _install_relation_types(self, scheme: ConceptScheme) -> None:
        """The scheme's relation types as rows (no row points at them: replaced whole)."""
        self.db.execute("DELETE FROM relation_types")
        self.db.conn.executemany(
            "INSERT INTO relation_types (id, scheme, position, label_fr, label_en, "
            "description_fr, description_en, key, color, aif, from_concepts, to_concepts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    t.id,
                    scheme.id,
                    position,
                    t.label.fr,
                    t.label.en,
                    t.description.fr,
                    t.description.en,
                    t.key,
                    t.color,
                    t.aif,
                    _json_list(t.from_concepts),
                    _json_list(t.to_concepts),
                )
                for position, t in enumerate(scheme.relation_types)
            ],
        )

    @cached_property
    def scheme(self) -> ConceptScheme:
        """The database's scheme, validated again from the TOML text it was loaded from."""
        row = self.db.execute("SELECT id, toml FROM schemes").fetchone()
        if row is None:
            raise UserError("this database has no concept scheme yet")
        return parse_scheme(row[1], f"<scheme {row[0]} stored in the database>")

    def scheme_text(self) -> str:
        """The scheme's TOML text, as the file it was installed from wrote it."""
        row = self.db.execute("SELECT toml FROM schemes").fetchone()
        if row is None:
            raise UserError("this database has no concept scheme yet")
        return str(row[0])

    def has_scheme(self) -> bool:
        """Whether a scheme was installed."""
        return self.db.execute("SELECT 1 FROM schemes").fetchone() is not None


def _json_list(ids: tuple[str, ...] | None) -> str | None:
    """A restriction as a JSON list, or NULL for none."""
    return None if ids is None else json.dumps(list(ids))
