"""The concept scheme: the bundled one is complete, broken ones are refused with a clear line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from schemas import (
    RESERVED_KEYS,
    ConceptScheme,
    SchemeError,
    bundled_scheme_text,
    load_bundled_scheme,
    load_scheme,
)
from tests.conftest import SEEDS, Cli

MISSION_CONCEPTS = {"rep": "1", "controle-restreint": "2", "rtu-substitution-amm": "3"}

HEADER = """\
[scheme]
id = "mini"
version = "1.0.0"
namespace = "urn:annotator:scheme:mini:"
title = { fr = "Mini", en = "Mini" }
description = { fr = "Un petit schéma.", en = "A small scheme." }
"""


def concept(concept_id: str, **fields: str) -> str:
    """A [[concepts]] table; a field given as "" is left out."""
    values = {
        "id": f'"{concept_id}"',
        "label": f'{{ fr = "Libellé {concept_id}", en = "Label {concept_id}" }}',
        "description": '{ fr = "Définition.", en = "Definition." }',
        "color": '"#3278c8"',
        **fields,
    }
    lines = [f"{name} = {value}" for name, value in values.items() if value]
    return "\n[[concepts]]\n" + "\n".join(lines) + "\n"


@pytest.fixture
def scheme_file(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "custom-scheme.toml"
        path.write_text(text, "utf-8")
        return path

    return write


@pytest.fixture(scope="module")
def bundled() -> ConceptScheme:
    return load_bundled_scheme()


def test_bundled_scheme_has_the_mission_concepts_with_their_hotkeys(
    bundled: ConceptScheme,
) -> None:
    by_id = bundled.by_id()
    for concept_id, key in MISSION_CONCEPTS.items():
        concept = by_id[concept_id]
        assert concept.key == key
        assert concept.label.fr
        assert concept.label.en
        assert concept.label.fr != concept.label.en
    assert by_id["rep"].label.fr == "Recours pour excès de pouvoir"


def test_bundled_hotkeys_are_unique_and_free_of_navigation_keys(bundled: ConceptScheme) -> None:
    keys = [concept.key for concept in bundled.concepts if concept.key is not None]
    assert len(keys) == len(set(keys))
    assert not set(keys) & RESERVED_KEYS


def test_bundled_parents_are_all_defined_before_their_children(bundled: ConceptScheme) -> None:
    seen: set[str] = set()
    for concept in bundled.concepts:
        assert concept.parent is None or concept.parent in seen, concept.id
        seen.add(concept.id)


@pytest.mark.parametrize(
    ("body", "names"),
    [
        pytest.param(
            concept("rep", label="") + concept("moyen"),
            ["concept 'rep'", "'label'", "required"],
            id="missing-label",
        ),
        pytest.param(
            concept("rep", key='"1"') + concept("moyen", key='"1"'),
            ["concept 'moyen'", "'key'", "'1'", "already taken by concept 'rep'"],
            id="duplicated-hotkey",
        ),
        pytest.param(
            concept("rep", key='"j"'),
            ["concept 'rep'", "'key'", "'j'", "reserved"],
            id="reserved-hotkey",
        ),
        pytest.param(
            concept("rep", parent='"remedies"'),
            ["concept 'rep'", "'parent'", "'remedies'", "not a concept defined"],
            id="unknown-parent",
        ),
        pytest.param(
            concept("rep", color='"blue"'),
            ["concept 'rep'", "'color'", "#"],
            id="bad-colour",
        ),
    ],
)
def test_invalid_scheme_is_refused_naming_file_concept_field_and_reason(
    scheme_file: Callable[[str], Path], body: str, names: list[str]
) -> None:
    path = scheme_file(HEADER + body)
    with pytest.raises(SchemeError) as raised:
        load_scheme(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for name in names:
        assert name in message
    assert "more problem" not in message  # one mistake is reported as one


def test_scheme_with_broken_toml_is_refused_naming_the_file_and_line(
    scheme_file: Callable[[str], Path],
) -> None:
    path = scheme_file(HEADER + '\n[[concepts]\nid = "rep"\n')
    with pytest.raises(SchemeError) as raised:
        load_scheme(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: not valid TOML")
    assert "line 8" in message


def test_cli_refuses_a_bad_scheme_with_one_error_line(
    cli: Cli, scheme_file: Callable[[str], Path]
) -> None:
    path = scheme_file(HEADER + concept("rep", key='"j"'))
    result = cli("--scheme", str(path), "concepts", ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert str(path) in line
    assert "'j'" in line
    assert "Traceback" not in result.output


def test_cli_refuses_a_missing_scheme_file_as_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    result = cli("--scheme", str(missing), "concepts", ok=False)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert str(missing) in line


def test_custom_scheme_given_with_scheme_option_is_a_new_databases_scheme(
    cli: Cli, scheme_file: Callable[[str], Path]
) -> None:
    path = scheme_file(
        HEADER
        + concept("roles")
        + concept("moyen", parent='"roles"', key='"m"')
        + concept("solution", parent='"roles"', key='"o"')
    )
    cli("--scheme", str(path), "import", str(SEEDS))
    listed = cli.json("--scheme", str(path), "concepts")
    assert [(c["id"], c["parent"], c["key"]) for c in listed] == [
        ("roles", None, None),
        ("moyen", "roles", "m"),
        ("solution", "roles", "o"),
    ]
    assert listed[1]["label"] == "Libellé moyen"
    # the database keeps the custom scheme for the next commands
    assert [c["id"] for c in cli.json("concepts")] == ["roles", "moyen", "solution"]


def relation_type(type_id: str, **fields: str) -> str:
    """A [[relation_types]] table; a field given as "" is left out."""
    values = {
        "id": f'"{type_id}"',
        "label": f'{{ fr = "lien {type_id}", en = "link {type_id}" }}',
        "description": '{ fr = "Définition.", en = "Definition." }',
        "color": '"#2e8b57"',
        **fields,
    }
    lines = [f"{name} = {value}" for name, value in values.items() if value]
    return "\n[[relation_types]]\n" + "\n".join(lines) + "\n"


def test_bundled_scheme_has_the_argument_relation_types(bundled: ConceptScheme) -> None:
    kinds = {kind.id: (kind.label.fr, kind.aif) for kind in bundled.relation_types}
    assert kinds == {
        "supports": ("étaye", "RA"),
        "attacks": ("contredit", "CA"),
        "applies": ("applique", "RA"),
        "rephrases": ("reformule", "MA"),
        "cites": ("cite / vise", None),
        "substitutes": ("remplace", None),
    }
    for kind in bundled.relation_types:
        if kind.id in ("supports", "attacks"):
            assert bundled.allowed_ends(kind) == (None, None)
    keys = {kind.key for kind in bundled.relation_types}
    assert None not in keys
    assert len(keys) == len(bundled.relation_types)
    assert not keys & RESERVED_KEYS


def test_relation_type_restriction_includes_sub_concepts(
    scheme_file: Callable[[str], Path],
) -> None:
    body = (
        concept("roles")
        + concept("motif", parent='"roles"')
        + concept("regle")
        + relation_type("applies", from_concepts='["roles"]', to_concepts='["regle"]')
    )
    scheme = load_scheme(scheme_file(HEADER + body))
    applies = scheme.relation_type("applies")
    assert applies is not None
    assert scheme.allowed_ends(applies) == (frozenset({"roles", "motif"}), frozenset({"regle"}))


def test_relation_types_may_reuse_a_concepts_hotkey(scheme_file: Callable[[str], Path]) -> None:
    scheme = load_scheme(
        scheme_file(HEADER + concept("rep", key='"e"') + relation_type("supports", key='"e"'))
    )
    assert scheme.relation_types[0].key == "e"


@pytest.mark.parametrize(
    ("body", "names"),
    [
        pytest.param(
            relation_type("supports", label=""),
            ["relation type 'supports'", "'label'", "required"],
            id="missing-label",
        ),
        pytest.param(
            relation_type("supports", key='"e"') + relation_type("attacks", key='"e"'),
            [
                "relation type 'attacks'",
                "'key'",
                "'e'",
                "already taken by relation type 'supports'",
            ],
            id="duplicated-hotkey",
        ),
        pytest.param(
            relation_type("supports", key='"j"'),
            ["relation type 'supports'", "'key'", "'j'", "reserved"],
            id="reserved-hotkey",
        ),
        pytest.param(
            relation_type("supports", color='"green"'),
            ["relation type 'supports'", "'color'", "#"],
            id="bad-colour",
        ),
        pytest.param(
            relation_type("supports", aif='"RX"'),
            ["relation type 'supports'", "'aif'", "'RA'"],
            id="unknown-aif-kind",
        ),
        pytest.param(
            relation_type("applies", to_concepts='["regle"]'),
            ["relation type 'applies'", "'to_concepts'", "'regle'", "not a concept"],
            id="unknown-concept-in-restriction",
        ),
        pytest.param(
            relation_type("applies", from_concepts="[]"),
            ["relation type 'applies'", "'from_concepts'", "at least 1"],
            id="empty-restriction",
        ),
        pytest.param(
            relation_type("supports") + relation_type("supports"),
            ["relation type 'supports'", "'id'", "used twice"],
            id="duplicated-id",
        ),
        pytest.param(
            relation_type("supports", colour='"#2e8b57"'),
            ["relation type 'supports'", "'colour'", "not permitted"],
            id="unknown-field",
        ),
    ],
)
def test_invalid_relation_type_is_refused_naming_file_entry_field_and_reason(
    scheme_file: Callable[[str], Path], body: str, names: list[str]
) -> None:
    path = scheme_file(HEADER + concept("rep") + body)
    with pytest.raises(SchemeError) as raised:
        load_scheme(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for name in names:
        assert name in message, message
    assert "more problem" not in message


def test_scheme_set_lists_relation_types_added_changed_and_removed(
    seeded: Cli, scheme_file: Callable[[str], Path]
) -> None:
    text = bundled_scheme_text().replace('label = { fr = "étaye"', 'label = { fr = "appuie"')
    start = text.index('[[relation_types]]\nid = "substitutes"')
    text = text[:start] + relation_type("distinguishes")
    changes = seeded.json("scheme", "set", str(scheme_file(text)), "--dry-run")
    assert {(c["relation_type"], c["change"], tuple(c["fields"])) for c in changes} == {
        ("supports", "changed", ("label",)),
        ("distinguishes", "added", ()),
        ("substitutes", "removed", ()),
    }
    assert all(c["relations"] == 0 for c in changes)


def test_scheme_set_refuses_to_drop_a_relation_type_relations_use(
    seeded: Cli, scheme_file: Callable[[str], Path]
) -> None:
    passages = seeded.json("passages")
    (first,) = seeded.json("tag", passages[0]["id"], "fait")
    (second,) = seeded.json("tag", passages[1]["id"], "fait")
    seeded("relate", first["id"], second["id"], "substitutes")
    text = bundled_scheme_text()
    path = scheme_file(text[: text.index('[[relation_types]]\nid = "substitutes"')])
    result = seeded("scheme", "set", str(path), ok=False)
    assert result.exit_code == 1
    assert "- removed  relation type substitutes  remplace  [used by 1 relation]" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        f"error: {path} drops relation type 'substitutes', which 1 relation use; keep it in "
        "the scheme file: nothing was changed"
    )
    store = seeded.store()
    assert store.scheme.relation_type("substitutes") is not None
    assert store.db.execute("SELECT count(*) FROM relation_types").fetchone()[0] == 6
