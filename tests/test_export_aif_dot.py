"""The argument-graph exports: AIF JSON (AIFdb shape) and Graphviz DOT.

No AIF reader or JSON schema was found on PyPI to check the file with, so its structure is
checked here in full: every node and edge field AIFdb and OVA read, and the premise -> scheme
node -> conclusion path of each relation. The DOT is parsed with pydot (a reader we did not
write) and rendered by Graphviz's ``dot`` itself when it is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pydot
import pytest

from tests.conftest import Cli
from tests.exports import passages_of, tag

HOSTILE = 'il a dit "stop" \\ fin } ] -> x [color=red];\n\x1b[31m'
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


@pytest.fixture
def argued(seeded: Cli) -> dict[str, str]:
    """A fact supporting a reason, a plea attacking it (from another document), a citation."""
    listed = passages_of(seeded)
    first = listed[0]["document"]
    same = [p["id"] for p in listed if p["document"] == first]
    other = next(p["id"] for p in listed if p["document"] != first)
    ids = {
        "fait": tag(seeded, same[1], "fait"),
        "motif": tag(seeded, same[2], "motif"),
        "moyen": tag(seeded, other, "moyen"),
        "cited": tag(seeded, same[3], "regle"),
    }
    for source, target, kind in (
        ("fait", "motif", "supports"),
        ("moyen", "motif", "attacks"),
        ("motif", "cited", "cites"),
    ):
        (record,) = seeded.json("relate", ids[source], ids[target], kind)
        ids[kind] = record["id"]
    return ids


def export(cli: Cli, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"out.{name}"
    cli("export", "--format", name, "-o", str(path))
    return path


def test_aif_has_an_i_node_per_argued_annotation_and_an_s_node_per_argument(
    seeded: Cli, argued: dict[str, str], tmp_path: Path
) -> None:
    graph: dict[str, Any] = json.loads(export(seeded, tmp_path, "aif").read_text("utf-8"))
    assert set(graph) == {"nodes", "edges", "locutions"}
    assert graph["locutions"] == []
    nodes = {node["nodeID"]: node for node in graph["nodes"]}
    for node in graph["nodes"]:
        assert set(node) == {"nodeID", "text", "type", "timestamp"}
        assert STAMP.match(node["timestamp"])
    store = seeded.store()
    for name in ("fait", "motif", "moyen"):
        annotation = store.annotation(argued[name])
        assert annotation is not None
        assert nodes[argued[name]]["type"] == "I"
        assert nodes[argued[name]]["text"] == annotation.quote
    assert argued["cited"] not in nodes  # only a `cites` link, which is not an argument
    assert argued["cites"] not in nodes
    assert nodes[argued["supports"]]["type"] == "RA"
    assert nodes[argued["attacks"]]["type"] == "CA"
    assert len(nodes) == 5
    paths = {(edge["fromID"], edge["toID"]) for edge in graph["edges"]}
    assert len({edge["edgeID"] for edge in graph["edges"]}) == len(graph["edges"]) == 4
    for premise, kind in (("fait", "supports"), ("moyen", "attacks")):
        assert (argued[premise], argued[kind]) in paths
        assert (argued[kind], argued["motif"]) in paths
    assert all(a in nodes and b in nodes for a, b in paths)


def dot_text(seeded: Cli, argued: dict[str, str], tmp_path: Path) -> str:
    note_tag = tag(seeded, passages_of(seeded)[0]["id"], "fait", "--start", "0", "--end", "5")
    store = seeded.store()
    with store.db.atomic():  # a quote that tries to break out of its DOT string
        store.db.execute("UPDATE annotations SET quote = ? WHERE id = ?", [HOSTILE, note_tag])
    seeded("relate", note_tag, argued["motif"], "supports")
    return export(seeded, tmp_path, "dot").read_text("utf-8")


def parsed(text: str) -> pydot.Dot:
    """The one graph pydot reads in ``text``."""
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    (graph,) = graphs
    return graph


def name(value: object) -> str:
    """A node, edge end or graph name without its DOT quotes."""
    return str(value).strip('"')


def test_dot_parses_with_one_cluster_per_document_and_styled_edges(
    seeded: Cli, argued: dict[str, str], tmp_path: Path
) -> None:
    graph = parsed(dot_text(seeded, argued, tmp_path))
    clusters = graph.get_subgraphs()
    documents = {d["id"] for d in seeded.json("docs")}
    assert {name(c.get_name()).removeprefix("cluster_") for c in clusters} == documents
    nodes = {name(n.get_name()): n for c in clusters for n in c.get_nodes()}
    assert {argued[k] for k in ("fait", "motif", "moyen", "cited")} <= set(nodes)
    label = nodes[argued["motif"]].get("label")
    assert label.startswith('"§3 motif\\n')
    edges = {(name(e.get_source()), name(e.get_destination())): e for e in graph.get_edges()}
    assert len(edges) == 4
    support = edges[(argued["fait"], argued["motif"])]
    attack = edges[(argued["moyen"], argued["motif"])]
    assert support.get("label") == '"étaye"'
    assert support.get("color") == '"#2e8b57"'
    assert attack.get("label") == '"contredit"'
    assert attack.get("style") == '"dashed"'
    assert support.get("style") is None


def test_dot_keeps_hostile_text_inside_its_label(
    seeded: Cli, argued: dict[str, str], tmp_path: Path
) -> None:
    graph = parsed(dot_text(seeded, argued, tmp_path))
    labels = [n.get("label") for c in graph.get_subgraphs() for n in c.get_nodes()]
    (hostile,) = [label for label in labels if "stop" in label]
    assert '\\"stop\\"' in hostile
    assert "\\\\ fin" in hostile
    assert "\x1b" not in hostile
    assert len(graph.get_edges()) == 4  # the quote's "-> x [color=red]" made no edge


@pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's `dot` is not installed (apt-get install graphviz); pydot still parses",
)
def test_dot_renders_with_graphviz(seeded: Cli, argued: dict[str, str], tmp_path: Path) -> None:
    rendered = subprocess.run(
        ["dot", "-Tsvg"],
        input=dot_text(seeded, argued, tmp_path).encode("utf-8"),
        capture_output=True,
        check=True,
    )
    assert rendered.stderr == b""
    svg = rendered.stdout.decode("utf-8")
    assert svg.count('class="cluster"') == 2
    assert "contredit" in svg
    assert "&quot;stop&quot;" in svg
