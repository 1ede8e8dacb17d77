"""Names in the terminal room, through the real command line: accented names take part; a
command under a name with a space is refused with the line and the reason (script mode) or
with the reason and said by nobody (interactive mode)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from .conftest import Cli, replies


def test_script_names_with_accents_and_lines_refused_with_their_reason(cli: Cli) -> None:
    path = cli.workdir / "noms.txt"
    path.write_text("alice: !rejoindre\nHélène: !rejoindre\nJean Pierre: !rejoindre\n🐝abeille: !rejoindre\n"
                    "jean-pierre: !rejoindre\nalice: !role @hélène animation\n", encoding="utf-8")
    done = cli.run("console", "--script", str(path))
    assert done.returncode == 0, done.stderr
    assert "Bienvenue Hélène ! Vous êtes membre de l'assemblée (2 membres)." in done.stdout
    assert "Bienvenue jean-pierre ! Vous êtes membre de l'assemblée (3 membres)." in done.stdout
    assert "Jean Pierre" not in done.stdout and "abeille" not in done.stdout
    assert replies(done.stdout, "alice: !role @hélène animation") == "» Hélène reçoit le rôle : animation."
    assert (f"assemblee: ligne 3 de {path} ignorée. Le nom « Jean Pierre » contient une espace : écrivez-le sans, "
            "par exemple `Jean-Pierre: …`.") in done.stderr
    assert f"assemblee: ligne 4 de {path} ignorée. Le nom « 🐝abeille » ne peut contenir que des lettres" in done.stderr


def test_interactive_a_name_with_a_space_is_refused_not_said_by_the_last_speaker(cli: Cli) -> None:
    env = cli._env()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "console"], cwd=cli.workdir, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()

    def until(text: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(text in line for line in list(seen)):
            time.sleep(0.05)
        assert any(text in line for line in list(seen)), "".join(seen)

    try:
        proc.stdin.write("alice: !rejoindre\n")
        proc.stdin.flush()
        until("Bienvenue alice")
        proc.stdin.write("Jean Pierre: !rejoindre\n!etat\n")
        proc.stdin.flush()
        until("Assemblée de ce salon")
        refusal = "» Le nom « Jean Pierre » contient une espace : écrivez-le sans, par exemple `Jean-Pierre: …`."
        assert any(line.startswith(refusal + " Ce message n'est pas envoyé.") for line in seen), "".join(seen)
        assert "1 membre" in "".join(seen)  # nobody joined under alice's name, nor under another
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def test_script_commands_typed_with_a_slash_as_on_telegram(cli: Cli) -> None:
    output = cli.script([
        "alice: /rejoindre", "alice: /etat", "alice: /zzz", "alice: / bonjour", "alice: /home/alice",
        "alice: /lang en", "alice: /status", "alice: /zzz", "alice: / hello", "alice: /home/alice",
    ])
    assert replies(output, "alice: /rejoindre").startswith("» Bienvenue alice !")
    first, second = output.split("alice: /lang en")
    assert replies(first, "alice: /etat").startswith("» Assemblée de ce salon")
    # an unknown command is named as it was typed, and so is the one to type instead
    assert replies(first, "alice: /zzz") == "» Commande inconnue : /zzz. Tapez /aide pour la liste des commandes."
    assert replies(second, "alice: /status").startswith("» This room's assembly")
    assert replies(second, "alice: /zzz") == "» Unknown command: /zzz. Type /help for the list of commands."
    for chat in ("alice: / bonjour", "alice: /home/alice", "alice: / hello"):  # ordinary chat: no answer
        assert replies(output, chat) == "", chat
