"""Every message key the decision core can send exists in French and in English, with the
same placeholders, and renders without leaving a `{placeholder}` or the bare key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import core
from core.assemblies import Role
from core.commands import ALIASES
from core.i18n import placeholders, translate
from core.member_handlers import HELP_GROUPS
from core.proposal_handlers import DEADLINE_DUE, REVIEW_DUE
from core.proposals import Method, ObjectionStatus, Phase, Stance, Status

CORE = Path(core.__file__).parent
SOURCES = ["proposals.py", "proposal_handlers.py", "member_handlers.py", "dispatch.py", "commands.py",
           "context.py", "render.py", "assemblies.py"]
FILES = ("core.po", "proposal_close.po")
KEY = re.compile(r"""["']((?:proposal|command|member|role|lang|tz|deadline|share|status|phase|method|stance|"""
                 r"""outcome|tally|overview|decisions|help|button)\.[a-z_]+)["']""")


def texts(lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in FILES:
        with (CORE / "locale" / lang / name).open("rb") as handle:
            found.update({str(m.id): str(m.string) for m in read_po(handle, locale=lang) if m.id})
    return found


def used_keys() -> set[str]:
    keys = {key for name in SOURCES for key in KEY.findall((CORE / name).read_text(encoding="utf-8"))}
    keys -= {DEADLINE_DUE, REVIEW_DUE}  # kinds of due rows, not messages
    # Keys built at run time from a value.
    keys |= {f"proposal.{kind}_missing_text" for kind in ("question", "answer", "reaction", "amend")}
    keys |= {f"proposal.{stance}_needs_reason" for stance in ("concern", "objection", "block", "advice")}
    keys |= {f"proposal.cannot_close_{why}" for why in ("block", "no_agreement", "tie", "no_majority")}
    keys |= {f"proposal.closed_{status.value}" for status in Status if status is not Status.OPEN}
    keys |= {f"outcome.{why}" for why in ("tie", "no_majority", "quorum", "objection", "block", "no_agreement")}
    keys |= {f"status.{s.value}" for s in Status} | {f"phase.{p.value}" for p in Phase}
    keys |= {f"method.{m.value}" for m in Method} | {f"stance.{s.value}" for s in Stance}
    keys |= {f"status.next_{p.value}" for p in Phase if p is not Phase.CLOSED}
    keys |= {f"role.{r.value}" for r in Role}
    keys |= {f"proposal.objection_{how}{anonymous}" for how in ("integrated", "withdrawn")
             for anonymous in ("", "_anonymous")}
    keys |= {f"command.number_missing_one.{kind}" for kind in ("proposal", "poll", "meeting")}
    keys |= {f"{kind}.{verb}" for _, verbs in HELP_GROUPS for verb in verbs for kind in ("usage", "what")}
    return keys


def test_the_scan_finds_the_keys() -> None:
    keys = used_keys()
    assert {"proposal.opened", "proposal.cannot_close_quorum", "command.number_missing"} <= keys
    assert len(keys) > 200


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_key_has_a_text(lang: str) -> None:
    catalog = texts(lang)
    missing = sorted(k for k in used_keys() if k not in catalog and translate(k, lang) == k)
    assert missing == []
    assert all(catalog[k].strip() for k in used_keys() if k in catalog)


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    french, english = texts("fr"), texts("en")
    assert french.keys() == english.keys()
    for key in french:
        assert placeholders(french[key]) == placeholders(english[key]), key


def test_enum_values_the_messages_name() -> None:
    for value in [*Status, *Phase, *Method, *Stance]:
        kind = {Status: "status", Phase: "phase", Method: "method", Stance: "stance"}[type(value)]
        for lang in ("fr", "en"):
            assert translate(f"{kind}.{value.value}", lang) != f"{kind}.{value.value}"
    assert {s.value for s in ObjectionStatus} == {"open", "integrated", "withdrawn"}


def test_help_knows_every_verb_of_the_proposals_table() -> None:
    for verb in ("propose", "ask", "answer", "react", "next", "consent", "concern", "object", "standaside",
                 "amend", "withdraw-objection", "close", "withdraw", "status", "decisions", "help"):
        assert verb in ALIASES
        for lang in ("fr", "en"):
            assert translate(f"usage.{verb}", lang).startswith("!")
            assert translate(f"what.{verb}", lang) != f"what.{verb}"


def every_text(lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((CORE / "locale" / lang).glob("*.po")):
        with path.open("rb") as handle:
            found.update({str(m.id): str(m.string) for m in read_po(handle, locale=lang) if m.id})
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_counts_take_the_plural_their_language_gives_them(lang: str) -> None:
    # No "(s)" left to the reader: a count names its noun in the right form.
    assert [k for k, text in every_text(lang).items() if "(s)" in text or "(x)" in text] == []
    texts = {n: translate("proposal.cannot_close_objections", lang, number=4, count=n) for n in (0, 1, 2)}
    if lang == "fr":  # French: 0 and 1 take the singular
        assert "#4 a 0 objection ouverte." in texts[0] and "#4 a 1 objection ouverte." in texts[1]
        assert "#4 a 2 objections ouvertes." in texts[2]
        progress = {n: translate("proposal.position_removed", lang, number=4, participated=n, electorate=3)
                    for n in (1, 3)}
        assert "1 personne a pris position sur 3." in progress[1]
        assert "3 personnes ont pris position sur 3." in progress[3]
        assert "1 personne a dit oui sur 3." in translate("poll.finalized_answers", lang, yes=1, answered=3)
        assert "2 personnes ont dit oui sur 3." in translate("poll.finalized_answers", lang, yes=2, answered=3)
    else:
        assert "has 0 open objections." in texts[0] and "has 1 open objection." in texts[1]
        assert "has 2 open objections." in texts[2]
    # A count the caller left out stays visible as its placeholder, as any other.
    assert "{count}" in translate("proposal.cannot_close_objections", lang, number=4)


def test_every_plural_field_gives_both_forms() -> None:
    field = re.compile(r"\{\w+:([^{}|]*)\|([^{}]*)\}")
    found = [(lang, key, forms) for lang in ("fr", "en") for key, text in every_text(lang).items()
             for forms in field.findall(text)]
    assert len(found) >= 20
    assert [f for f in found if not all(form.strip() for form in f[2]) or "|" in f[2][1]] == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_counted_texts_read_as_the_general_formatter_gives_them(lang: str) -> None:
    # Texts with counts are cut into pieces once; each renders as string.Formatter would,
    # for counts of 0, 1, 2 and 21, for words, and for a field left out.
    from core.i18n import _Counting, _has_plural_field, _SafeDict

    counted = {key: text for key, text in every_text(lang).items() if _has_plural_field(text)}
    assert len(counted) >= 20
    for key, text in counted.items():
        fields = placeholders(text)
        for value in (0, 1, 2, 21, "trois"):
            params = {name: value for name in fields}
            assert translate(key, lang, **params) == _Counting(lang).vformat(text, (), _SafeDict(params)), key
        missing = dict.fromkeys(sorted(fields)[1:], 2)
        assert translate(key, lang, **missing) == _Counting(lang).vformat(text, (), _SafeDict(missing)), key
