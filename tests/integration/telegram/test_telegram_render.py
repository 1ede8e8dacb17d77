"""Text shaping: Telegram-HTML rewriting and splitting, checked against the fake's parser."""

from __future__ import annotations

import re

from fake_bot_api import parse_telegram_html
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.telegram.commands import ForeignCommand, slash_hints, to_core_text
from adapters.telegram.render import members_by_name, split_text, telegram_html, utf16_len

FRAGMENTS = [
    "<b>", "</b>", "<strong>", "</strong>", "<i>", "</i>", "<p>", "</p>", "<br>", "<br/>",
    "<ul>", "</ul>", "<ol>", "<li>", "</li>", "<h2>", "</h2>", "<div>", "</div>",
    '<a href="https://x.org/?a=1&b=2">', "<a href='javascript:alert(1)'>", "<a>", "</a>",
    '<span class="tg-spoiler">', "<span>", "</span>", "<pre>", "</pre>", "<code>", "</code>",
    "<script>", "</script>", "<table><tr><td>", "&amp;", "&lt;", "&#128512;", "&nbsp;", "&",
    "<", ">", "<i", "<!-- x -->", "<![CDATA[x]]>", '"', "'", "é", "🙂", "\n",
]  # fmt: skip
html_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map(
    "".join
)


@settings(max_examples=300, deadline=None, database=None)
@given(html_like)
def test_rewritten_html_is_always_accepted_by_telegram(source: str) -> None:
    markup, visible = telegram_html(source)
    assert parse_telegram_html(markup).strip() == visible


def test_rewriting_keeps_structure_readable() -> None:
    markup, visible = telegram_html(
        "<p>Un</p><p>Deux &amp; <b>trois</b></p><ul><li>a</li><li>b</li></ul>"
    )
    assert visible == "Un\n\nDeux & trois\n\n• a\n• b"
    assert markup == "Un\n\nDeux &amp; <b>trois</b>\n\n• a\n• b"


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(min_size=0, max_size=3000), st.integers(min_value=10, max_value=500))
def test_split_text_respects_the_limit_and_loses_nothing(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(piece and utf16_len(piece) <= limit for piece in pieces)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=60))
def test_core_text_conversion(text: str) -> None:
    try:
        converted = to_core_text(text, "assemblee_test_bot")
    except ForeignCommand:
        assert re.match(r"^/[^\s@/]+@[A-Za-z0-9_]+(\s|$)", text)
        return
    if converted != text:
        assert text.startswith("/") and converted.startswith("!")
        assert "@" not in converted.split()[0] if converted.split() else True


def test_members_by_name_leaves_other_numbers_alone() -> None:
    names = {123456789: "Amina & co"}
    text = (
        "123456789 a proposé le 20261203 à 18:30, 123456789.5 m, #123456789, "
        "réf. 2026-123456789, telegram:123456789."
    )
    plain, markup = members_by_name(text, names.get, {123456789})
    assert plain == (
        "Amina & co a proposé le 20261203 à 18:30, 123456789.5 m, #123456789, "
        "réf. 2026-123456789, Amina & co."
    )
    assert markup is not None
    assert markup.count('<a href="tg://user?id=123456789">Amina &amp; co</a>') == 2
    assert parse_telegram_html(markup) == plain
    assert members_by_name("rien à voir 42", names.get, ()) == ("rien à voir 42", None)


def test_commands_are_shown_by_the_names_telegram_shows_as_commands() -> None:
    """`!verb` from the catalogs, and `/verb` as the core names commands to someone who typed
    theirs with `/`, become the names a tap sends (no accent, `_` for `-`); a word that is no
    command keeps what it was typed with, and nothing inside a word, a path, an address or a
    tag is touched."""
    assert slash_hints("Tapez !état #1, !compte-rendu #2 ou !aide.") == "Tapez /etat #1, /compte_rendu #2 ou /aide."
    assert slash_hints("Tapez /état #1, /compte-rendu #2 ou /aide.") == "Tapez /etat #1, /compte_rendu #2 ou /aide."
    assert slash_hints("Commande inconnue : /mot. Commande inconnue : !mot.") == \
        "Commande inconnue : /mot. Commande inconnue : !mot."
    untouched = "et/état, https://x.test/état, ./état, <b>x</b>, =/état, a-/état, 1/2"
    assert slash_hints(untouched) == untouched
