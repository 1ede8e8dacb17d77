import pytest

from core.scheduling.availability import Availability, parse_availabilities, parse_availability

Y, M, N = Availability.YES, Availability.MAYBE, Availability.NO


@pytest.mark.parametrize(
    "typed",
    [
        "yes no maybe",
        "YES, No; Maybe",
        "oui non peut-être",
        "Oui Non Peut-Etre",
        "oui non peut être",
        "o n p",
        "y n m",
        "✅ ❌ 🤷",
        "✅❌🤷",
        "✔️ ✖️ 🤷🏽‍♀️",
        "👍 👎 ?",
        "oui non si besoin",
        "yes no if need be",
    ],
)
def test_three_answers_in_every_spelling(typed: str) -> None:
    assert parse_availabilities(typed, 3) == (Y, N, M)


@pytest.mark.parametrize(
    ("typed", "given"), [("yes no", 2), ("oui non peut-être oui", 4), ("", 0), ("✅✅", 2)]
)
def test_wrong_number_of_answers(typed: str, given: int, domain_error) -> None:
    with domain_error("schedule.answer_count", expected=3, given=given) as caught:
        parse_availabilities(typed, 3)
    assert caught.error.params["example"].split() == ["✅", "❌", "🤷"]


def test_unknown_word_is_named(domain_error) -> None:
    with domain_error("schedule.answer_unknown", word="banane"):
        parse_availabilities("oui banane non", 3)


@pytest.mark.parametrize(("typed", "answer"), [("Présent", None), ("oui", Y), ("🤷‍♂️", M)])
def test_single_answer(typed: str, answer: Availability | None, domain_error) -> None:
    if answer is None:
        with domain_error("schedule.answer_unknown"):
            parse_availability(typed)
    else:
        assert parse_availability(typed) is answer


def test_two_words_are_not_one_answer(domain_error) -> None:
    with domain_error("schedule.answer_unknown", word="oui non"):
        parse_availability("oui non")
