"""The terminal room's lines: `name: message`, names in any language's letters; a command
under something that is not a name is refused with the reason, never said by someone else."""

from __future__ import annotations

import pytest

from adapters.console.adapter import ConsoleAdapter, ConsoleLineError, parse_line


@pytest.mark.parametrize(
    ("line", "name", "text"),
    [
        ("alice: !rejoindre", "alice", "!rejoindre"),
        ("Hélène: !rejoindre", "Hélène", "!rejoindre"),
        ("He\u0301le\u0300ne: !join", "Hélène", "!join"),  # the accent typed as a second code point
        ("François : !proposer Fête\\nTexte", "François", "!proposer Fête\nTexte"),
        ("jean-pierre: !ok #1", "jean-pierre", "!ok #1"),
        ("marie_2.b: bonjour", "marie_2.b", "bonjour"),
        ("Zoë: !etat", "Zoë", "!etat"),
    ],
)
def test_names_with_accents_digits_and_dashes(line: str, name: str, text: str) -> None:
    assert parse_line(line) == (name, text)


@pytest.mark.parametrize(
    ("line", "reason", "name", "example"),
    [
        ("Jean Pierre: !rejoindre", "console.name_space", "Jean Pierre", "Jean-Pierre"),
        ("🐝abeille: !rejoindre", "console.name_characters", "🐝abeille", "abeille"),
        ("🐝: !rejoindre", "console.name_characters", "🐝", "alice"),
        ("a" * 65 + ": !join", "console.name_characters", "a" * 65, "a" * 64),
    ],
)
def test_a_command_under_something_else_is_refused_with_the_reason(line: str, reason: str, name: str,
                                                                     example: str) -> None:
    with pytest.raises(ConsoleLineError) as caught:
        parse_line(line)
    assert (caught.value.reason, caught.value.name, caught.value.example) == (reason, name, example)
    assert caught.value.is_command


@pytest.mark.parametrize("line", ["!etat", "je pense: oui", "🐝 bonjour"])
def test_other_lines_are_not_name_and_message(line: str) -> None:
    with pytest.raises(ConsoleLineError) as caught:
        parse_line(line)
    assert caught.value.reason == "console.not_a_line" and not caught.value.is_command


def test_blank_lines_and_comments() -> None:
    assert parse_line("  \n") is None and parse_line("# a comment") is None


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("/etat", "!etat"),
        ("/état #1", "!état #1"),
        ("/proposer Fête\nTexte", "!proposer Fête\nTexte"),
        ("/zzz", "!zzz"),  # a word: answered as an unknown command, as on Telegram
        ("/ hello", "/ hello"),  # not a word: chat, as before
        ("/home/alice", "/home/alice"),
        ("/2", "/2"),
        ("/:)", "/:)"),
        ("hello /etat", "hello /etat"),
        ("!etat", "!etat"),
    ],
)
def test_a_slash_and_a_word_is_read_as_a_command(typed: str, read: str) -> None:
    assert ConsoleAdapter().inbound("alice", typed).text == read


def test_a_slash_command_under_something_else_is_refused_like_a_bang_command() -> None:
    with pytest.raises(ConsoleLineError) as caught:
        parse_line("Jean Pierre: /rejoindre")
    assert caught.value.reason == "console.name_space"
    with pytest.raises(ConsoleLineError) as caught:
        parse_line("Jean Pierre: / bonjour")
    assert caught.value.reason == "console.not_a_line"


def test_a_command_typed_with_a_slash_keeps_its_prefix_to_be_named_back() -> None:
    console = ConsoleAdapter()
    slashed = console.inbound("ana", "/mot #3")
    assert (slashed.text, slashed.prefix) == ("!mot #3", "/")
    for text in ("!mot #3", "/home/ana", "bonjour"):
        assert console.inbound("ana", text).prefix == "!"
