"""W3C Web Annotation export, checked with readers we did not write: pyld and anchorpoint.

pyld expands the file offline, the W3C context served from ``tests/data/w3c``; anchorpoint
re-anchors each quote in the document's clean text, which must land where the position
selector says.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from anchorpoint import TextQuoteSelector
from pyld import jsonld

from annotator.store.export_reads import ExportFilter
from tests.conftest import DATA, SEEDS, Cli
from tests.exports import NOTE, annotate_seeds, fresh, passages_of, tag

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
CONTEXT = json.loads((DATA / "w3c" / "anno.jsonld").read_text("utf-8"))
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"


def offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader: the W3C context from the tests' data, nothing else."""
    assert url == CONTEXT_URL, f"pyld asked for {url}"
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def export_w3c(cli: Cli, path: Path, *extra: str) -> dict[str, Any]:
    cli("export", "--format", "w3c", "-o", str(path), *extra)
    loaded: dict[str, Any] = json.loads(path.read_bytes().decode("utf-8"))
    return loaded


def document_texts(cli: Cli) -> dict[str, str]:
    """Each document's clean text, by the IRI the export must target it with."""
    store = cli.store()
    try:
        return {
            document.source_url or f"urn:annotator:document:{document.id}": document.text
            for document in store.exported_documents(ExportFilter())
        }
    finally:
        store.close()


def selectors(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {selector["type"]: selector for selector in item["target"]["selector"]}


def anchored(text: str, item: dict[str, Any]) -> tuple[int, int]:
    """Where anchorpoint finds the item's quote in ``text``."""
    quote = selectors(item)["TextQuoteSelector"]
    found = TextQuoteSelector(
        exact=quote["exact"], prefix=quote["prefix"], suffix=quote["suffix"]
    ).as_position(text)
    assert found.end is not None
    return found.start, found.end


def test_w3c_expands_offline_and_compacts_back_to_the_same_file(
    seeded: Cli, tmp_path: Path
) -> None:
    annotate_seeds(seeded)
    exported = export_w3c(seeded, tmp_path / "out.jsonld")
    options = {"documentLoader": offline_loader}
    expanded = jsonld.expand(exported, options)
    # Expansion drops any key the context does not define: getting the file back means
    # every key written is a Web Annotation term.
    assert jsonld.compact(expanded, CONTEXT_URL, options) == exported
    (collection,) = expanded
    assert collection["@type"] == [f"{AS}OrderedCollection"]
    assert collection[f"{AS}totalItems"][0]["@value"] == 5  # 4 annotations, 1 relation
    (page,) = collection[f"{AS}first"]
    assert page["@type"] == [f"{AS}OrderedCollectionPage"]
    *items, link = page[f"{AS}items"][0]["@list"]
    assert len(items) == 4
    assert link[f"{OA}motivatedBy"] == [{"@id": f"{OA}linking"}]
    assert [target["@id"] for target in link[f"{OA}hasTarget"]] == [
        item["@id"]
        for item in (items[1], items[0])  # the span supports the whole tag
    ]
    for item in items:
        assert item["@type"] == [f"{OA}Annotation"]
        assert item["@id"].startswith("urn:uuid:")
        assert item[f"{OA}motivatedBy"] == [{"@id": f"{OA}classifying"}]
        (created,) = item["http://purl.org/dc/terms/created"]
        assert created["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
        (target,) = item[f"{OA}hasTarget"]
        kinds = {selector["@type"][0] for selector in target[f"{OA}hasSelector"]}
        assert kinds == {f"{OA}TextQuoteSelector", f"{OA}TextPositionSelector"}


def test_w3c_quotes_re_anchor_at_their_positions_with_concepts_notes_and_creators(
    seeded: Cli, tmp_path: Path
) -> None:
    ids = annotate_seeds(seeded)
    *items, link = export_w3c(seeded, tmp_path / "out.jsonld")["first"]["items"]
    assert link["target"] == [f"urn:uuid:{ids['span']}", f"urn:uuid:{ids['whole']}"]
    assert link["body"]["source"]["id"] == seeded.store().scheme.namespace + "relation:supports"
    texts = document_texts(seeded)
    store = seeded.store()
    scheme = store.scheme
    passages = {passage["id"]: passage for passage in passages_of(seeded)}
    assert [item["id"] for item in items] == [f"urn:uuid:{i}" for i in ids.values()]
    for item in items:
        annotation = store.annotation(item["id"].removeprefix("urn:uuid:"))
        assert annotation is not None
        passage = passages[annotation.passage]
        text = texts[item["target"]["source"]]
        position = selectors(item)["TextPositionSelector"]
        start, end = position["start"], position["end"]
        assert anchored(text, item) == (start, end)
        assert selectors(item)["TextQuoteSelector"]["exact"] == text[start:end]
        assert text[start:end] == annotation.quote
        if annotation.start is None:
            assert (start, end) == (passage["start"], passage["end"])
        else:
            assert start == passage["start"] + annotation.start
        quote = selectors(item)["TextQuoteSelector"]
        assert quote["prefix"] == text[max(0, start - 32) : start]
        assert quote["suffix"] == text[end : end + 32]
        concept = scheme.by_id()[annotation.concept]
        body = item["body"] if annotation.note is None else item["body"][0]
        assert body["purpose"] == "classifying"
        assert body["source"]["id"] == scheme.namespace + concept.id
        assert body["source"]["label"] == [
            {"@value": concept.label.fr, "@language": "fr"},
            {"@value": concept.label.en, "@language": "en"},
        ]
        assert item["creator"] == {"type": "Person", "name": annotation.reviewer}
        assert item["created"] == annotation.created
    (noted,) = [item for item in items if isinstance(item["body"], list)]
    assert noted["id"] == f"urn:uuid:{ids['whole']}"
    assert noted["body"][1] == {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": NOTE,
        "format": "text/plain",
    }


def test_w3c_targets_the_source_url_or_a_document_urn(seeded: Cli, tmp_path: Path) -> None:
    annotate_seeds(seeded)
    items = export_w3c(seeded, tmp_path / "out.jsonld")["first"]["items"]
    sources = {item["target"]["source"] for item in items if item["motivation"] == "classifying"}
    assert sources == set(document_texts(seeded))
    manifest = tomllib.loads((SEEDS / "manifest.toml").read_text("utf-8"))
    urls = {entry["source_url"] for entry in manifest["documents"] if "source_url" in entry}
    assert {source for source in sources if not source.startswith("urn:")} == urls
    (urn,) = sources - urls
    assert urn.removeprefix("urn:annotator:document:") in {d["id"] for d in seeded.json("docs")}


def test_w3c_a_repeated_quote_gets_context_enough_to_anchor_at_its_own_place(
    cli: Cli, tmp_path: Path, write_file: Any
) -> None:
    repeated = "Considérant ce qui suit, la décision attaquée doit être annulée."
    body = "\n\n".join(["Titre premier.", *[repeated] * 5, "Titre second."])
    cli("import", str(write_file("decision.txt", f"{body}\n".encode())))
    passages = passages_of(cli)
    third = [p for p in passages if p["text"] == repeated][2]
    tag(cli, third["id"], "motif")
    tag(cli, third["id"], "solution", "--start", "9", "--end", "12")
    items = export_w3c(cli, tmp_path / "out.jsonld")["first"]["items"]
    (text,) = document_texts(cli).values()
    assert len(items) == 2
    for item in items:
        position = selectors(item)["TextPositionSelector"]
        assert anchored(text, item) == (position["start"], position["end"])
        quote = selectors(item)["TextQuoteSelector"]
        assert len(quote["prefix"]) > 32
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1


def test_w3c_follows_the_reviewer_filter_and_counts_what_it_wrote(
    seeded: Cli, tmp_path: Path
) -> None:
    ids = annotate_seeds(seeded)
    path = tmp_path / "bob.jsonld"
    result = seeded("export", "--format", "w3c", "-o", str(path), "--reviewer", "bob")
    assert "exported 2 annotations" in result.stderr
    exported = json.loads(path.read_bytes().decode("utf-8"))
    assert exported["total"] == 2
    assert [item["id"] for item in exported["first"]["items"]] == [
        f"urn:uuid:{ids['overlap']}",
        f"urn:uuid:{ids['bob_whole']}",
    ]
    assert {item["creator"]["name"] for item in exported["first"]["items"]} == {"bob"}


def test_w3c_an_id_that_is_not_a_uuid_gets_a_urn_that_names_it(seeded: Cli, tmp_path: Path) -> None:
    ids = annotate_seeds(seeded)
    native = tmp_path / "native.jsonl"
    seeded("export", "--format", "jsonl", "-o", str(native))
    odd = "note 1/é"
    text = native.read_text("utf-8").replace(ids["span"], odd)
    native.write_text(text, "utf-8")
    other = fresh(tmp_path, "other.db")
    other("load", str(native))
    exported = export_w3c(other, tmp_path / "out.jsonld")
    items = exported["first"]["items"]
    iris = [item["id"] for item in items if item["motivation"] == "classifying"]
    (iri,) = [iri for iri in iris if not iri.startswith("urn:uuid:")]
    assert iri == "urn:annotator:annotation:note%201%2F%C3%A9"
    assert unquote(iri.removeprefix("urn:annotator:annotation:")) == odd
    assert items[-1]["target"][0] == iri  # the relation from it names it the same way
    expanded = jsonld.expand(exported, {"documentLoader": offline_loader})
    items = expanded[0][f"{AS}first"][0][f"{AS}items"][0]["@list"]
    assert iri in {item["@id"] for item in items}
