"""The HTML reader: the decision on a saved page comes back paragraph by paragraph, without the
site around it (menus, breadcrumbs, cookie banner, sidebar, footer, scripts), whatever the
page's layout and encoding; a page with no main text is refused in one line."""

from __future__ import annotations

import codecs
import time
from collections.abc import Callable
from html import escape

import pytest
import trafilatura

from corpus.readers import Block, BlockKind, Extracted, Format, ReadError
from corpus.readers.formats import read, sniff
from corpus.readers.html import NO_MAIN_TEXT, read_html
from tests.decision_sample import OLD_STYLE, PARTS, TITLE, Part, paragraphs

PAGE_TITLE = "Conseil d'État, 1ère et 4ème chambres réunies, 23/05/2018, 417607 - Légifrance"

BOILERPLATE = (
    "Aller au contenu principal",
    "Décisions, avis & publications",
    "Le Conseil d'État et la juridiction administrative",
    "Fil d'Ariane vers les décisions",
    "Nous utilisons des cookies pour mesurer l'audience",
    "Tout accepter",
    "Décisions les plus consultées",
    "Abonnez-vous à la lettre de la justice administrative",
    "Mentions légales",
    "Accessibilité : partiellement conforme",
    "tarteaucitronForceLanguage",
    "analyticsQueue",
    "fontSizeBoilerplate",
    "Activez JavaScript pour consulter le site",
)
"""Text of the site around the decision, which no block may hold."""

BREAK_BEFORE = " enregistrés les 22 janvier"
"""Where the third part of the decision has a ``<br>`` in the page."""


def with_break(text: str) -> str:
    """The text of the part with a ``<br>``, as the reader should give it."""
    return text.replace(BREAK_BEFORE, "\n" + BREAK_BEFORE.lstrip(), 1)


def part_html(part: Part) -> str:
    """A part of the decision as the body of its ``<p>``: escaped, the break in the third
    part, and a link and some emphasis on a line of visas, as Légifrance marks them."""
    text = escape(part.text)
    if BREAK_BEFORE in part.text:
        text = text.replace(escape(BREAK_BEFORE), "<br>\n    " + escape(BREAK_BEFORE.lstrip()))
    if part.text == "Vu le code de la santé publique ;":
        text = 'Vu le <a href="/codes/id/LEGITEXT000006072665">code de la santé publique</a> ;'
    if part.text.startswith("D E C I D E"):
        text = f"<strong>{text}</strong>"
    return text


def expected_texts(parts: tuple[Part, ...] = PARTS) -> list[str]:
    return [with_break(text) for text in paragraphs(parts)]


SITE_HEAD = """<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>  {title}
</title>
<meta property="og:title" content="Décision n° 417607">
<style>.fr-header {{ font-family: fontSizeBoilerplate; }}</style>
<script>var tarteaucitronForceLanguage = "fr"; window.analyticsQueue = [];</script>
</head>"""

SITE_TOP = """<a class="fr-link fr-skiplinks" href="#main">Aller au contenu principal</a>
<header role="banner" class="fr-header">
  <div class="fr-header__brand"><p class="fr-header__service-title">Conseil d'État</p></div>
  <nav class="fr-nav" role="navigation" aria-label="Menu principal">
    <ul class="fr-nav__list">
      <li><a href="/le-conseil-d-etat">Le Conseil d'État et la juridiction administrative</a></li>
      <li><a href="/decisions">Décisions, avis &amp; publications</a></li>
      <li><a href="/actualites">Actualités</a></li>
    </ul>
  </nav>
</header>
<div id="tarteaucitronRoot" class="cookie-consent-banner">
  <p>Nous utilisons des cookies pour mesurer l'audience de ce site et améliorer son contenu.</p>
  <button type="button">Tout accepter</button> <button type="button">Personnaliser</button>
</div>
<noscript><p>Activez JavaScript pour consulter le site</p></noscript>
"""

BREADCRUMB = """<nav class="fr-breadcrumb" aria-label="vous êtes ici :">
  <ol><li><a href="/">Accueil</a></li>
  <li><a href="/decisions">Fil d'Ariane vers les décisions</a></li>
  <li aria-current="page">Décision n° 417607</li></ol>
</nav>"""

SIDEBAR = """<aside class="sidebar">
  <h2>Décisions les plus consultées</h2>
  <ul>
    <li><a href="/d/1">CE, Ass., 19 juillet 2019, Association des Américains accidentels</a></li>
    <li><a href="/d/2">CE, 8 novembre 2019, Association Greenpeace France</a></li>
  </ul>
</aside>"""

SITE_BOTTOM = """<footer class="fr-footer" role="contentinfo">
  <div class="fr-footer__content">
    <p>Abonnez-vous à la lettre de la justice administrative</p>
    <ul><li><a href="/mentions">Mentions légales</a></li>
    <li><a href="/donnees">Données personnelles</a></li>
    <li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li></ul>
  </div>
</footer>
<script>document.querySelectorAll("tarteaucitronForceLanguage").forEach(x => x);</script>
"""

METADATA_TABLE = """<table class="fr-table">
  <tr><th>Rapporteur</th><td>M. Jean Dupont</td></tr>
  <tr><th>Rapporteur public</th><td>Mme Claire Martin</td></tr>
</table>"""
TABLE_CELLS = ["Rapporteur", "M. Jean Dupont", "Rapporteur public", "Mme Claire Martin"]


def decision_body(parts: tuple[Part, ...] = PARTS) -> str:
    """The decision as the site shows it: the title as ``<h1>``, each other part a ``<p>``."""
    title, *rest = parts
    lines = [f"<h1 class='fr-h3'>{escape(title.text)}</h1>"]
    lines += [f"  <p>{part_html(part)}</p>" for part in rest]
    return "\n".join(lines)


def conseil_etat_page(charset: str = "utf-8") -> str:
    """A decision laid out as on conseil-etat.fr: the decision is an ``<article>`` in
    ``<main>``, beside a sidebar, under the site's header, breadcrumb and cookie banner."""
    return f"""<!DOCTYPE html>
<html lang="fr">
{SITE_HEAD.format(charset=charset, title=escape(PAGE_TITLE))}
<body>
{SITE_TOP}
<main id="main" role="main">
  <div class="fr-container">
    {BREADCRUMB}
    <div class="fr-grid-row">
      <article class="fr-col-8 decision">
{decision_body()}
{METADATA_TABLE}
      </article>
      {SIDEBAR}
    </div>
  </div>
</main>
{SITE_BOTTOM}
</body>
</html>
"""


def legifrance_page() -> str:
    """A decision laid out as on Légifrance: no ``<article>``, the title in a page header
    beside the text's ``<div class="content">``, the whole in layout ``<div>``s."""
    title, *rest = PARTS
    body = "\n".join(f"<p>{part_html(part)}</p>" for part in rest)
    return f"""<!DOCTYPE html>
<html lang="fr">
{SITE_HEAD.format(charset="utf-8", title=escape(PAGE_TITLE))}
<body>
{SITE_TOP}
<div class="page">
  {BREADCRUMB}
  <div class="layout-with-sidebar">
    {SIDEBAR}
    <div class="main-col">
      <div class="page-title"><h1 class="main-title">{escape(title.text)}</h1></div>
      <div class="content">
{body}
{METADATA_TABLE}
      </div>
    </div>
  </div>
</div>
{SITE_BOTTOM}
</body>
</html>
"""


def old_style_page() -> str:
    """An older decision page, laid out with a table: the menu in one cell, the decision in
    the other, its whole text in one ``<div>``, its parts parted by two ``<br>``."""
    title, *rest = OLD_STYLE
    text = "<br/>\n<br/>\n".join(escape(part.text) for part in rest)
    return f"""<html><head><title>{escape(title.text)}</title></head><body>
<table width="100%" border="0"><tr>
<td class="menu" width="20%" valign="top">
  <a href="/">Le Conseil d'État et la juridiction administrative</a><br>
  <a href="/decisions">Décisions, avis &amp; publications</a>
</td>
<td valign="top">
  <h2>{escape(title.text)}</h2>
  <div class="texte">{text}</div>
</td>
</tr></table>
<div class="footer"><a href="/mentions">Mentions légales</a> |
  Accessibilité : partiellement conforme</div>
</body></html>"""


def texts(extracted: Extracted) -> list[str]:
    return [block.text for block in extracted.blocks]


def assert_each_part_whole_in_order(blocks: tuple[Block, ...], expected: list[str]) -> None:
    """Every part is the whole text of exactly one block, in the decision's order (so two
    neighbours are never in one block)."""
    found = [block.text for block in blocks]
    for text in expected:
        assert found.count(text) == 1, f"not exactly one block for {text!r}: {found!r}"
    positions = [found.index(text) for text in expected]
    assert positions == sorted(positions)


def assert_no_boilerplate(blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        for text in BOILERPLATE:
            assert text not in block.text


@pytest.mark.parametrize("page", [conseil_etat_page, legifrance_page])
def test_each_decision_paragraph_is_one_block_in_order(page: Callable[[], str]) -> None:
    extracted = read_html(page().encode("utf-8"))
    assert extracted.format is Format.HTML
    assert_each_part_whole_in_order(extracted.blocks, expected_texts())


@pytest.mark.parametrize("page", [conseil_etat_page, legifrance_page])
def test_no_site_text_in_any_block(page: Callable[[], str]) -> None:
    extracted = read_html(page().encode("utf-8"))
    assert_no_boilerplate(extracted.blocks)
    assert all(block.text.strip() for block in extracted.blocks)


@pytest.mark.parametrize("page", [conseil_etat_page, legifrance_page])
def test_the_main_text_is_the_decision_and_its_table_only(page: Callable[[], str]) -> None:
    extracted = read_html(page().encode("utf-8"))
    assert texts(extracted) == [*expected_texts(), *TABLE_CELLS]


@pytest.mark.parametrize("page", [conseil_etat_page, legifrance_page])
def test_the_title_is_a_heading_and_the_rest_paragraphs(page: Callable[[], str]) -> None:
    extracted = read_html(page().encode("utf-8"))
    kinds = {block.text: block.kind for block in extracted.blocks}
    assert kinds[TITLE] is BlockKind.HEADING
    assert [text for text, kind in kinds.items() if kind is BlockKind.HEADING] == [TITLE]
    assert all(block.page is None for block in extracted.blocks)


def test_a_br_inside_a_paragraph_is_a_line_break_in_its_block() -> None:
    extracted = read_html(conseil_etat_page().encode("utf-8"))
    broken = [block.text for block in extracted.blocks if "\n" in block.text]
    assert broken == [with_break(PARTS[2].text)]
    first, second = broken[0].split("\n")
    assert PARTS[2].text == f"{first} {second}"


def test_table_cells_are_blocks_in_row_order() -> None:
    found = texts(read_html(conseil_etat_page().encode("utf-8")))
    positions = [found.index(cell) for cell in TABLE_CELLS]
    assert positions == list(range(positions[0], positions[0] + len(TABLE_CELLS)))


def test_the_title_is_the_pages_title_trimmed() -> None:
    assert read_html(conseil_etat_page().encode("utf-8")).title == PAGE_TITLE


def test_the_title_falls_back_to_og_title_then_none() -> None:
    page = conseil_etat_page()
    start, end = page.index("<title>"), page.index("</title>") + len("</title>")
    without_title = page[:start] + page[end:]
    assert read_html(without_title.encode("utf-8")).title == "Décision n° 417607"
    start = without_title.index('<meta property="og:title"')
    end = without_title.index(">", start) + 1
    assert read_html((without_title[:start] + without_title[end:]).encode("utf-8")).title is None


def test_two_brs_in_a_row_part_paragraphs() -> None:
    extracted = read_html(old_style_page().encode("utf-8"))
    assert texts(extracted) == paragraphs(OLD_STYLE)
    assert extracted.blocks[0].kind is BlockKind.HEADING
    assert_no_boilerplate(extracted.blocks)


def test_list_items_are_blocks_and_so_are_paragraphs_inside_one() -> None:
    items = ["Premier moyen : l'erreur de droit.", "Second moyen : le détournement de pouvoir."]
    article = "".join(f"<li>{escape(item)}</li>" for item in items)
    page = conseil_etat_page().replace(
        "<p>Considérant ce qui suit :</p>",
        f"<p>Considérant ce qui suit :</p><ul>{article}<li><p>Un.</p><p>Deux.</p></li></ul>",
    )
    found = texts(read_html(page.encode("utf-8")))
    start = found.index("Considérant ce qui suit :")
    assert found[start + 1 : start + 5] == [*items, "Un.", "Deux."]


BLOG_SECTIONS = (
    ("I. Le contrôle du juge", PARTS[7].text),
    ("II. La posologie maximale", PARTS[8].text),
)
BLOG_POINTS = ("Le contrôle restreint de l'erreur manifeste.", "La portée de l'étude conjointe.")


def blog_page() -> str:
    """A law blog's article in a grid of ``<div>``s, with no ``<article>``: subheadings and a
    list between the paragraphs, share buttons under it, a sidebar of widgets beside it."""
    sections = "\n".join(
        f"<h2>{escape(heading)}</h2>\n<p>{escape(text)}</p>" for heading, text in BLOG_SECTIONS
    )
    points = "".join(f"<li>{escape(point)}</li>" for point in BLOG_POINTS)
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Baclofène : le Conseil d'État valide la baisse de posologie | Blog</title></head><body>
{SITE_TOP}
<div class="container"><div class="row">
  <div class="col-md-8">
    <h1>Baclofène : le Conseil d'État valide la baisse de posologie</h1>
    <p>{escape(PARTS[2].text)}</p>
    <ul>{points}</ul>
{sections}
    <div class="share-buttons">Partager sur <a href="#">LinkedIn</a> <a href="#">X</a></div>
  </div>
  <div class="col-md-4">
    <div class="widget"><h3>Décisions les plus consultées</h3>
    <p>Abonnez-vous à la lettre de la justice administrative</p></div>
  </div>
</div></div>
{SITE_BOTTOM}
</body></html>"""


def test_a_blog_articles_subheadings_and_lists_are_kept() -> None:
    """trafilatura itself drops headings and lists from a page without ``<article>``."""
    extracted = read_html(blog_page().encode("utf-8"))
    headings = [block.text for block in extracted.blocks if block.kind is BlockKind.HEADING]
    assert headings == [
        "Baclofène : le Conseil d'État valide la baisse de posologie",
        *(heading for heading, _ in BLOG_SECTIONS),
    ]
    found = texts(extracted)
    expected = [
        PARTS[2].text,
        *BLOG_POINTS,
        *(part for section in BLOG_SECTIONS for part in section),
    ]
    assert_each_part_whole_in_order(extracted.blocks, expected)
    assert_no_boilerplate(extracted.blocks)
    assert not any("Partager" in text for text in found)


def test_a_paragraph_repeated_word_for_word_is_kept_each_time() -> None:
    repeated = PARTS[9].text
    page = conseil_etat_page().replace(
        f"<p>{escape(repeated)}</p>", f"<p>{escape(repeated)}</p><p>{escape(repeated)}</p>"
    )
    assert texts(read_html(page.encode("utf-8"))).count(repeated) == 2


def test_paragraphs_in_divs_beside_paragraphs_in_ps_are_all_kept() -> None:
    """trafilatura leaves out ``<div>`` text when a page has enough ``<p>`` text."""
    page = conseil_etat_page()
    for index, part in enumerate(PARTS[1:]):
        if index % 2:
            html = part_html(part)
            page = page.replace(f"<p>{html}</p>", f'<div class="alinea">{html}</div>')
    assert page.count('<div class="alinea">') == (len(PARTS) - 1) // 2
    assert texts(read_html(page.encode("utf-8"))) == [*expected_texts(), *TABLE_CELLS]


def test_captions_related_links_and_author_box_inside_the_article_are_left_out() -> None:
    inside = """<figure><img src="/ce.jpg" alt=""><figcaption>Le Palais-Royal, siège du
    Conseil d'État</figcaption></figure>
    <div class="encart"><h3>Sur le même sujet</h3><ul>
    <li><a href="/x">CE, 2019, Baclofène bis</a></li>
    <li><a href="/y">CE, 2020, Baclofène ter</a></li>
    </ul></div>
    <div class="author-box"><p>Jeanne Martin est avocate au barreau de Paris.</p></div>"""
    page = conseil_etat_page().replace("</article>", inside + "</article>")
    found = texts(read_html(page.encode("utf-8")))
    assert found == [*expected_texts(), *TABLE_CELLS]


def test_layout_classes_on_body_and_an_aspnet_form_do_not_hide_the_page() -> None:
    page = (
        conseil_etat_page()
        .replace("<body>", '<body class="single-post sidebar-primary has-menu">')
        .replace('<main id="main" role="main">', '<form id="aspnetForm"><main id="main">')
        .replace("</main>", "</main></form>")
    )
    assert texts(read_html(page.encode("utf-8"))) == [*expected_texts(), *TABLE_CELLS]


def test_bare_text_in_a_body_with_layout_classes_is_read() -> None:
    """A page too bare for trafilatura is read from its body, whose classes say nothing."""
    page = (
        '<html><body class="page sidebar-left menu-open">'
        f"{escape(PARTS[1].text)}<br>{escape(PARTS[3].text)}<br><br>{escape(PARTS[4].text)}"
        "</body></html>"
    )
    assert texts(read_html(page.encode("utf-8"))) == [
        f"{PARTS[1].text}\n{PARTS[3].text}",
        PARTS[4].text,
    ]


def test_character_references_become_characters() -> None:
    page = conseil_etat_page().replace(
        "<p>Vu la procédure suivante :</p>",
        "<p>Vu la proc&eacute;dure suivante&nbsp;: l&#8217;arr&ecirc;t n&deg;&#x202F;1</p>",
    )
    found = texts(read_html(page.encode("ascii", "xmlcharrefreplace")))
    assert "Vu la procédure suivante\u00a0: l’arrêt n°\u202f1" in found


def test_script_style_noscript_and_template_text_never_appears() -> None:
    hidden = {
        "script": "var secretScriptWord = 1;",
        "style": "p.secretStyleWord { color: red }",
        "noscript": "secretNoscriptWord",
        "template": "<p>secretTemplateWord</p>",
    }
    inside = "".join(f"<{tag}>{text}</{tag}>" for tag, text in hidden.items())
    page = conseil_etat_page().replace(
        "<p>Vu la procédure suivante :</p>", f"<p>Vu la procédure {inside}suivante :</p>"
    )
    extracted = read_html(page.encode("utf-8"))
    assert "Vu la procédure suivante :" in texts(extracted)
    for block in extracted.blocks:
        assert "secret" not in block.text


def test_a_noscript_that_leaves_a_div_open_does_not_swallow_the_page() -> None:
    """Browsers running scripts read ``<noscript>`` as text; parsed as markup, this one would
    put the whole page inside it."""
    page = conseil_etat_page().replace(
        "<body>", '<body>\n<noscript><div id="sans-javascript"></noscript>'
    )
    assert texts(read_html(page.encode("utf-8"))) == [*expected_texts(), *TABLE_CELLS]


def test_a_page_in_iso_8859_1_declared_by_meta_charset() -> None:
    data = conseil_etat_page(charset="iso-8859-1").encode("iso-8859-1")
    assert data.decode("utf-8", errors="replace") != data.decode("iso-8859-1")  # not UTF-8
    extracted = read_html(data)
    assert_each_part_whole_in_order(extracted.blocks, expected_texts())
    assert extracted.title == PAGE_TITLE


def test_a_declared_charset_is_read_even_where_windows_1252_differs() -> None:
    page = conseil_etat_page(charset="ISO-8859-15").replace(
        "Vu la procédure suivante :", "Vu l'œuvre, une amende de 150 € :"
    )
    data = page.encode("iso-8859-15")
    assert data.decode("cp1252") != page  # the fallback alone would misread it
    assert "Vu l'œuvre, une amende de 150 € :" in texts(read_html(data))


def test_a_latin1_declaration_reads_windows_1252_quotes_as_browsers_do() -> None:
    page = conseil_etat_page(charset="iso-8859-1").replace(
        "Vu la procédure suivante :", "Vu l’œuvre « citée » :"
    )
    found = texts(read_html(page.encode("cp1252")))
    assert "Vu l’œuvre « citée » :" in found


def test_charset_declared_by_http_equiv() -> None:
    page = conseil_etat_page().replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    )
    extracted = read_html(page.encode("cp1252"))
    assert_each_part_whole_in_order(extracted.blocks, expected_texts())


def test_undeclared_pages_are_utf8_or_else_windows_1252() -> None:
    page = conseil_etat_page().replace('<meta charset="utf-8">', "")
    for data in (
        page.encode("utf-8"),
        codecs.BOM_UTF8 + page.encode("utf-8"),
        page.encode("cp1252"),
    ):
        assert_each_part_whole_in_order(read_html(data).blocks, expected_texts())


def test_a_utf8_page_still_declaring_latin1_is_read_as_utf8() -> None:
    data = conseil_etat_page(charset="iso-8859-1").encode("utf-8")
    assert_each_part_whole_in_order(read_html(data).blocks, expected_texts())


def test_a_utf16_page_with_its_bom() -> None:
    data = codecs.BOM_UTF16_LE + conseil_etat_page().encode("utf-16-le")
    assert sniff(data) is Format.HTML
    assert_each_part_whole_in_order(read_html(data).blocks, expected_texts())


def test_an_xhtml_page_with_an_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + conseil_etat_page(
        charset="iso-8859-1"
    ).replace('<html lang="fr">', '<html xmlns="http://www.w3.org/1999/xhtml" lang="fr">')
    assert_each_part_whole_in_order(read_html(page.encode("iso-8859-1")).blocks, expected_texts())


NAVIGATION_ONLY = f"""<!DOCTYPE html>
<html lang="fr">
{SITE_HEAD.format(charset="utf-8", title="Plan du site")}
<body>
{SITE_TOP}
<main id="main">{BREADCRUMB}
  <div class="links"><ul><li><a href="/a">Décisions</a></li>
  <li><a href="/b">Avis</a></li></ul></div>
</main>
{SIDEBAR}
{SITE_BOTTOM}
</body></html>"""


@pytest.mark.parametrize(
    "page",
    [
        NAVIGATION_ONLY,
        "<!DOCTYPE html><html><head><title>Vide</title></head><body></body></html>",
        "<html><body>  \n  </body></html>",
        "<!DOCTYPE html>",
    ],
    ids=["navigation only", "empty body", "blank body", "doctype only"],
)
def test_a_page_with_no_main_text_is_refused(page: str) -> None:
    with pytest.raises(ReadError) as refusal:
        read_html(page.encode("utf-8"))
    assert str(refusal.value) == NO_MAIN_TEXT


def test_a_librarys_failure_is_a_one_line_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("lxml says:\nsomething deep\ninside")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    with pytest.raises(ReadError) as refusal:
        read_html(conseil_etat_page().encode("utf-8"))
    message = str(refusal.value)
    assert message == "unreadable web page (lxml says: something deep inside)"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02<html>\xff\xfe\x00<body>",
        b"<html><body>" + b"<div>" * 5000 + b"texte" + b"</div>" * 5000,
        b"<html><body><p>a\x00b\x0bc</p></body></html>",
    ],
    ids=["binary", "deeply nested", "control characters"],
)
def test_strange_bytes_never_raise_anything_but_read_error(data: bytes) -> None:
    try:
        outcome: Extracted | str = read_html(data)
    except ReadError as refusal:
        outcome = str(refusal)
    if isinstance(outcome, str):
        assert outcome
        assert "\n" not in outcome
    else:
        assert all(block.text.strip() for block in outcome.blocks)


def test_the_format_dispatch_reads_a_page_with_this_reader() -> None:
    data = conseil_etat_page().encode("utf-8")
    assert read(data, Format.HTML) == read_html(data)


@pytest.mark.parametrize(
    "data",
    [
        conseil_etat_page().encode("utf-8"),
        legifrance_page().encode("utf-8"),
        old_style_page().encode("utf-8"),
        NAVIGATION_ONLY.encode("utf-8"),
        conseil_etat_page(charset="iso-8859-1").encode("iso-8859-1"),
        codecs.BOM_UTF8 + conseil_etat_page().encode("utf-8"),
    ],
    ids=["conseil d'état", "légifrance", "old style", "navigation only", "latin-1", "bom"],
)
def test_sniff_says_html_for_these_pages(data: bytes) -> None:
    assert sniff(data) is Format.HTML


def test_sniff_leaves_text_that_mentions_a_tag_as_text() -> None:
    text = (
        "Note sur la décision : le greffe a publié le texte avec des balises <p> et <br> "
        "visibles, que l'on retrouve dans la version <html> archivée.\n"
    ) * 3
    assert sniff(text.encode("utf-8")) is None


def test_a_page_of_one_megabyte_reads_quickly() -> None:
    """About half a second of processor time here, half of it trafilatura's; the bound leaves
    room for a slower machine and catches anything that grows faster than the page."""
    page = conseil_etat_page()
    start, end = page.index("<article"), page.index("</article>")
    article = page[page.index(">", start) + 1 : end].replace("<h1", "<h2").replace("</h1>", "</h2>")
    copies = 1_000_000 // len(article.encode("utf-8")) + 1
    big = page[:end] + article * copies + page[end:]
    data = big.encode("utf-8")
    assert len(data) >= 1_000_000
    started = time.process_time()
    extracted = read_html(data)
    elapsed = time.process_time() - started
    assert len(extracted.blocks) == (copies + 1) * (len(PARTS) + len(TABLE_CELLS))
    assert elapsed < 2.0, f"{elapsed:.2f} s of processor time for a 1 MB page"
