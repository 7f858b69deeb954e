"""The concept scheme: the bundled one is complete, broken ones are refused with a clear line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from schemas import RESERVED_KEYS, ConceptScheme, SchemeError, load_bundled_scheme, load_scheme
from tests.conftest import Cli

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


def test_custom_scheme_given_with_scheme_option_replaces_the_concepts(
    cli: Cli, scheme_file: Callable[[str], Path]
) -> None:
    path = scheme_file(
        HEADER
        + concept("roles")
        + concept("moyen", parent='"roles"', key='"m"')
        + concept("solution", parent='"roles"', key='"o"')
    )
    listed = cli.json("--scheme", str(path), "concepts")
    assert [(c["id"], c["parent"], c["key"]) for c in listed] == [
        ("roles", None, None),
        ("moyen", "roles", "m"),
        ("solution", "roles", "o"),
    ]
    assert listed[1]["label"] == "Libellé moyen"
    # the database keeps the custom scheme for the next commands
    assert [c["id"] for c in cli.json("concepts")] == ["roles", "moyen", "solution"]
