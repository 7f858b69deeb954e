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
        """Make ``scheme`` the database's scheme; refuse one that drops a concept in use."""
        wanted = {concept.id for concept in scheme.concepts}
        used = self.db.execute(
            "SELECT concept, COUNT(*) FROM annotations GROUP BY concept ORDER BY concept"
        ).fetchall()
        missing = [(concept, count) for concept, count in used if concept not in wanted]
        if missing:
            concept, count = missing[0]
            raise UserError(
                f"scheme {scheme.id!r} has no concept {concept!r}, which {count} annotation"
                f"{'s' if count > 1 else ''} use; keep it in the scheme file"
            )
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM concepts WHERE id NOT IN (SELECT concept FROM annotations)"
            )
            self.db.execute("DELETE FROM schemes")
            self.db.execute(
                "INSERT INTO schemes (id, version, namespace, title_fr, title_en, toml, loaded) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
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
        self.__dict__.pop("scheme", None)

    @cached_property
    def scheme(self) -> ConceptScheme:
        """The database's scheme, validated again from the TOML text it was loaded from."""
        row = self.db.execute("SELECT id, toml FROM schemes").fetchone()
        if row is None:
            raise UserError("this database has no concept scheme yet")
        return parse_scheme(row[1], f"<scheme {row[0]} stored in the database>")

    def has_scheme(self) -> bool:
        """Whether a scheme was installed."""
        return self.db.execute("SELECT 1 FROM schemes").fetchone() is not None
