"""Bad inputs get a clear answer in the room's language and change nothing: the exported
state is the same before and after."""

from __future__ import annotations

import pytest

from .conftest import Cli, day, replies

BASE = {
    "fr": [
        "alice: !rejoindre", "bob: !rejoindre", "carol: !rejoindre",
        'alice: !planifier AG --creneaux "{d1} 18:30-20:30 | {d2} 10:00-12:00"',
        "bob: !dispo #1 oui non",
        "alice: !valider #1",
    ],
    "en": [
        "alice: !join", "alice: !lang en", "bob: !join", "carol: !join",
        'alice: !schedule Assembly --slots "{d1} 18:30-20:30 | {d2} 10:00-12:00"',
        "bob: !avail #1 yes no",
        "alice: !finalize #1",
    ],
}

# (script line, words the answer must contain), per language.
BAD = {
    "fr": [
        ('alice: !planifier Passé --creneaux "2020-01-01 10:00-12:00"', "est déjà passé"),
        ('alice: !planifier Envers --creneaux "{d1} 20:00-18:00"', "finit avant de commencer"),
        ("bob: !fuseau Mars/Olympus", "Fuseau horaire inconnu"),
        ('alice: !planifier Trop --creneaux "{many}"', "500 créneaux, c'est trop : 50 au plus"),
        ("carol: !dispo #1 non oui", "c'est maintenant la réunion #2. Pour dire si vous venez : !present #2"),
        ("carol: !dispo #1 oui", "réunion #2"),
        ("bob: !valider #1", "catalyseur"),
        ("alice: !valider #1 2", "déjà fixée : c'est la réunion #2. Pour la déplacer : !reporter #2"),
        ("alice: !planifier Vide", "Aucun créneau"),
        ('alice: !planifier --creneaux "{d1} 18:30-20:30"', "Il manque le titre"),
        ('alice: !planifier Date --creneaux "{d1} 25:00-26:00"', "n'existe pas"),
        ('alice: !planifier Jour --creneaux "31/02/2027 10h-12h"', "n'existe pas"),
        ("alice: !reunion Sans date", "Il manque la date"),
        ('alice: !reunion AG {d1} 19:00 --chaque "tous les jamais"', "Je n'ai pas compris la répétition"),
        ('alice: !reunion AG {d1} 19:00 --duree "3 semaines"', "une réunion dure entre 5 minutes et 7 jours"),
        ('alice: !reunion AG {d1} 19:00 --duree "3 pommes"', "Je n'ai pas compris la durée"),
        ("alice: !reunion AG {d1} 19:00 --lieu Maison du peuple", '(--lieu "Maison du peuple")'),
        ('alice: !reunion AG {d1} 19:00 --every weekly --chaque "2e mardi"', "--every et --chaque sont la même"),
        ("bob: !reunion AG {d1} 19:00", "catalyseur"),
        ("bob: !annuler #2", "catalyseur"),
        ("alice: !reporter #2 2020-01-01 10:00", "est déjà passé"),
        ("alice: !present #2 demain", "n'est pas une réponse"),
        ("alice: !present #1 oui", "c'est maintenant la réunion #2. Utilisez #2"),
        ("alice: !dispo #2 oui", "#2 est une réunion"),
        ("alice: !dispo #9 oui", "pas de sondage de dates #9"),
        ("alice: !tour #2 --direct", "n'est pas une proposition"),
        ("alice: !echanger #2 chef @bob", "Je ne connais pas le rôle"),
        ("alice: !rappels 45 jours", "doit tomber entre"),
        ("alice: !odj #2 ajouter", "Écrivez le point"),
        ("bob: !calendrier public", "catalyseur"),
        ("alice: !calendrier ouvert", "Tapez !calendrier #3 pour le fichier calendrier de la réunion #3"),
        ("alice: !calendar ouvert", "Tapez !calendar public (tout le monde peut s'abonner sans jeton)"),
    ],
    "en": [
        ('alice: !schedule Past --slots "2020-01-01 10:00-12:00"', "is already past"),
        ('alice: !schedule Backwards --slots "{d1} 20:00-18:00"', "ends before it starts"),
        ("bob: !tz Mars/Olympus", "Unknown time zone"),
        ('alice: !schedule Too many --slots "{many}"', "500 slots is too many: 50 at most"),
        ("carol: !avail #1 no yes", "it is now meeting #2. To say whether you come: !rsvp #2"),
        ("bob: !finalize #1", "catalyser"),
        ("alice: !finalize #1 2", "already fixed: it is meeting #2. To move it: !reschedule #2"),
        ("alice: !meeting No date", "date is missing"),
        ('alice: !meeting AG {d1} 19:00 --every "every never"', "did not understand the repetition"),
        ('alice: !meeting AG {d1} 19:00 --duration "3 weeks"', "a meeting lasts between 5 minutes and 7 days"),
        ('alice: !meeting AG {d1} 19:00 --duration "3 apples"', "did not understand the duration"),
        ("alice: !meeting AG {d1} 19:00 --place Town hall", '(--place "Town hall")'),
        ("bob: !cancel #2", "catalyser"),
        ("alice: !reschedule #2 2020-01-01 10:00", "is already past"),
        ("alice: !rsvp #1 yes", "it is now meeting #2. Use #2"),
        ("alice: !avail #2 yes", "#2 is a meeting"),
        ("bob: !calendar public", "Only catalysers and facilitators can use !calendar"),
        ("alice: !calendar open", "Type !calendar public (anyone can subscribe, no token needed)"),
    ],
}


def fill(line: str) -> str:
    many = " | ".join(f"{day(2 + i)} 10:00-11:00" for i in range(500))
    return line.format(d1=day(20), d2=day(22), many=many)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_bad_inputs_are_explained_and_change_nothing(cli: Cli, lang: str) -> None:
    cli.script([fill(line) for line in BASE[lang]], "base.txt")
    before = cli.export()
    assert before["assemblies"][0]["polls"][0]["status"] == "finalized"
    assert len(before["assemblies"][0]["meetings"]) == 1
    lines = [fill(line) for line, _ in BAD[lang]]
    out = cli.script(lines, "bad.txt")
    for line, (_, expected) in zip(lines, BAD[lang], strict=True):
        answer = replies(out, line)
        assert expected in answer, (line[:80], answer)
        messages = [text for text in answer.splitlines() if text.startswith("» ")]
        assert len(messages) == 1, answer  # one clear answer, nothing else happens
    assert cli.export() == before
