"""The UIMA CAS XMI export, read back with dkpro-cassis (the reader INCEpTION's docs point to).

Each file must give back the document's text, its passages as sentences and paragraphs, every
tag over the text it quotes, the relations between the right tags, and notes and labels as
written; and it must keep to what INCEpTION's import checks (no blank at an annotation's edge,
XML 1.0 characters only, UTF-16 offsets).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

from cassis import Cas, load_cas_from_xmi, load_typesystem
from cassis.typesystem import is_primitive

from annotator.store import Store
from schemas import Annotation
from tests.conftest import Cli
from tests.exports import NOTE, annotate_seeds, passages_of, tag

SPAN = "webanno.custom.ConceptTag"
RELATION = "webanno.custom.ConceptRelation"
SEGMENTATION = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type."
DOCUMENT_METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"


def export_xmi(cli: Cli, folder: Path, *extra: str) -> dict[str, Cas]:
    """Export to ``folder`` and load every ``.xmi`` with the exported type system, by file stem."""
    cli("export", "--format", "xmi", "-o", str(folder), *extra)
    types = load_typesystem(folder / "TypeSystem.xml")
    return {path.stem: load_cas_from_xmi(path, typesystem=types) for path in folder.glob("*.xmi")}


def tags_by_id(cas: Cas) -> dict[str, Any]:
    return {tag.annotationId: tag for tag in cas.select(SPAN)}


def all_annotations(cli: Cli) -> list[Annotation]:
    store = cli.store()
    try:
        return list(store.annotations())
    finally:
        store.close()


def test_every_document_comes_back_with_its_text_passages_and_tags(
    seeded: Cli, tmp_path: Path
) -> None:
    annotate_seeds(seeded)
    folder = tmp_path / "xmi"
    cases = export_xmi(seeded, folder)
    store: Store = seeded.store()
    documents = store.documents()
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        ["TypeSystem.xml", *(f"{document.id}.xmi" for document in documents)]
    )
    labels = store.scheme.by_id()
    annotations = {annotation.id: annotation for annotation in store.annotations()}
    found: dict[str, Any] = {}
    for document in documents:
        cas = cases[document.id]
        (metadata,) = cas.select(DOCUMENT_METADATA)
        assert (metadata.documentId, metadata.documentTitle) == (document.id, document.title)
        assert metadata.language == "fr"
        passages = list(store.passages(document.id))
        sql = "SELECT clean_text FROM documents WHERE id = ?"
        assert cas.sofa_string == store.db.execute(sql, [document.id]).fetchone()[0]
        divs = {div.id: div for div in cas.select(f"{SEGMENTATION}Div")}
        sentences = {sentence.id: sentence for sentence in cas.select(f"{SEGMENTATION}Sentence")}
        assert set(divs) == set(sentences) == {passage.id for passage in passages}
        for passage in passages:
            assert divs[passage.id].get_covered_text() == passage.text
            assert sentences[passage.id].get_covered_text() == passage.text
            assert divs[passage.id].type.name.endswith(passage.kind.value.title())
        for tag_id, exported in tags_by_id(cas).items():
            annotation = annotations[tag_id]
            (div,) = cas.select_covering(f"{SEGMENTATION}Div", exported)
            assert div.id == annotation.passage
            if annotation.is_span:
                assert exported.get_covered_text() == annotation.quote.strip()
                assert not exported.wholePassage
            else:
                assert (exported.begin, exported.end) == (div.begin, div.end)
                assert exported.get_covered_text() == annotation.quote
                assert exported.wholePassage
            concept = labels[annotation.concept]
            assert (exported.concept, exported.label, exported.labelEn) == (
                annotation.concept,
                concept.label.fr,
                concept.label.en,
            )
            assert (exported.note, exported.reviewer, exported.created) == (
                annotation.note,
                annotation.reviewer,
                annotation.created,
            )
            found[tag_id] = exported
    store.close()
    assert set(found) == set(annotations)
    assert any(exported.note == NOTE for exported in found.values())


def test_the_relation_links_the_right_tags(seeded: Cli, tmp_path: Path) -> None:
    ids = annotate_seeds(seeded)
    cases = export_xmi(seeded, tmp_path / "xmi")
    relations = [relation for cas in cases.values() for relation in cas.select(RELATION)]
    (relation,) = relations
    assert (relation.Governor.annotationId, relation.Dependent.annotationId) == (
        ids["span"],
        ids["whole"],
    )
    assert (relation.relationType, relation.relationId, relation.reviewer) == (
        "supports",
        "relation-1",
        "alice",
    )
    # INCEpTION refuses a relation whose offsets are not its target's.
    assert (relation.begin, relation.end) == (relation.Dependent.begin, relation.Dependent.end)


def test_a_span_drawn_over_blanks_is_narrowed_to_its_words(seeded: Cli, tmp_path: Path) -> None:
    """INCEpTION's import refuses an annotation that starts or ends with whitespace."""
    ids = annotate_seeds(seeded)
    cases = export_xmi(seeded, tmp_path / "xmi")
    (overlap,) = (cas for cas in cases.values() if ids["overlap"] in tags_by_id(cas))
    quote = next(a.quote for a in all_annotations(seeded) if a.id == ids["overlap"])
    assert quote != quote.strip()  # the seed span starts and ends on a space
    assert tags_by_id(overlap)[ids["overlap"]].get_covered_text() == quote.strip()
    layers = (f"{SEGMENTATION}Sentence", f"{SEGMENTATION}Div", SPAN, RELATION)
    for cas in cases.values():
        for annotation in (found for layer in layers for found in cas.select(layer)):
            covered = annotation.get_covered_text()
            assert covered == covered.strip(), (annotation.type.name, covered)


def test_filters_keep_some_tags_and_relations_only_with_both_ends(
    seeded: Cli, tmp_path: Path
) -> None:
    ids = annotate_seeds(seeded)
    cases = export_xmi(seeded, tmp_path / "bob", "--reviewer", "bob")
    assert len(cases) == 2  # every document, for its text
    kept = {tag_id for cas in cases.values() for tag_id in tags_by_id(cas)}
    assert kept == {ids["overlap"], ids["bob_whole"]}
    assert not [relation for cas in cases.values() for relation in cas.select(RELATION)]
    first = passages_of(seeded)[0]["document"]
    (only,) = export_xmi(seeded, tmp_path / "one", "--doc", first).values()
    assert only.select(DOCUMENT_METADATA)[0].documentId == first


def test_control_characters_and_astral_characters_keep_the_offsets(
    cli: Cli, tmp_path: Path
) -> None:
    """XML 1.0 cannot hold U+0001; Java counts 😀 as two UTF-16 units, Python as one."""
    words = " ".join(["Le juge administratif contrôle la décision de l'autorité."] * 6)
    source = tmp_path / "corpus"
    source.mkdir()
    (source / "texte.txt").write_text(
        f"Début 😀 émoji puis \x01 contrôle. {words}\n\nFin <b>&amp;</b> [x].\n", encoding="utf-8"
    )
    cli("import", str(source))
    first, last = passages_of(cli)
    text = first["text"]
    emoji_at = text.index("😀")
    after = tag(cli, first["id"], "moyen", "--start", str(emoji_at), "--end", str(emoji_at + 8))
    control_at = text.index("\x01")
    bell = tag(
        cli, first["id"], "fait", "--start", str(control_at - 5), "--end", str(control_at + 10),
        "--note", "<note> & \x07 fin",
    )  # fmt: skip
    markup = tag(cli, last["id"], "rep")
    folder = tmp_path / "xmi"
    (cas,) = export_xmi(cli, folder).values()
    tags = tags_by_id(cas)
    assert tags[after].get_covered_text() == "😀 émoji"
    assert tags[bell].get_covered_text() == text[control_at - 5 : control_at + 10].replace(
        "\x01", "\ufffd"
    )
    assert tags[bell].note == "<note> & \ufffd fin"
    assert tags[markup].get_covered_text() == last["text"] == "Fin <b>&amp;</b> [x]."

    # What a Java reader sees: UTF-16 offsets into the sofa, read without cassis.
    (path,) = folder.glob("*.xmi")
    root = ElementTree.parse(path).getroot()
    sofa = next(element for element in root if element.tag.endswith("Sofa"))
    units = sofa.attrib["sofaString"].encode("utf-16-le")
    covered = {
        element.attrib["annotationId"]: units[
            2 * int(element.attrib["begin"]) : 2 * int(element.attrib["end"])
        ].decode("utf-16-le")
        for element in root
        if element.tag.endswith("ConceptTag")
    }
    assert covered == {tag_id: tag.get_covered_text() for tag_id, tag in tags.items()}


def test_the_type_system_is_one_inception_imports_as_layers(seeded: Cli, tmp_path: Path) -> None:
    """INCEpTION makes a span layer of an Annotation subtype with primitive features only, and a
    relation layer of one whose references are exactly Governor and Dependent to one span type;
    it refuses some feature names."""
    annotate_seeds(seeded)
    folder = tmp_path / "xmi"
    export_xmi(seeded, folder)
    types = load_typesystem(folder / "TypeSystem.xml")
    span, relation = types.get_type(SPAN), types.get_type(RELATION)
    restricted = {"address", "begin", "end", "coveredText", "sofa", "type", "class", "view"}
    assert span.supertype.name == relation.supertype.name == "uima.tcas.Annotation"
    own = [feature for feature in span.features if feature.domainType == span]
    assert {"concept", "label", "note"} <= {feature.name for feature in own}
    assert all(is_primitive(feature.rangeType) for feature in own)
    references = {
        feature.name: feature.rangeType.name
        for feature in relation.features
        if feature.domainType == relation and not is_primitive(feature.rangeType)
    }
    assert references == {"Governor": SPAN, "Dependent": SPAN}
    names = {feature.name for feature in [*own, *relation.features]}
    assert not names & restricted
