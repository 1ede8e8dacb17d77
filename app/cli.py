"""`assemblee` command line: run, console, migrate, export, and network set-up helpers."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from pathlib import Path

import structlog

from app import logging as app_logging
from app.settings import Settings, SettingsError, load

log = structlog.get_logger("assemblee")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assemblee", description="Assemblée: decisions and assemblies from chat rooms.")
    parser.add_argument("--config", type=Path, help="settings file (default: ./assemblee.toml)")
    parser.add_argument("--log-json", action="store_true", help="log JSON lines")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start every configured network, the HTTP server and the scheduler")
    run.add_argument("--no-console", action="store_true", help="never attach the terminal room")
    run.add_argument("--room", default="salon", help="name of the terminal room (default: salon)")

    console = commands.add_parser("console", help="a terminal room with several members")
    console.add_argument("--room", default="salon")
    console.add_argument("--script", type=Path, help="lines `member: message` to play, then exit")

    commands.add_parser("migrate", help="bring the database schema up to date")

    export = commands.add_parser("export", help="print the assemblies' state")
    export.add_argument("--format", choices=("json", "markdown", "csv"), default="json")
    export.add_argument("--output", type=Path, help="write to this file instead of standard output")

    telegram = commands.add_parser("telegram", help="Telegram set-up")
    telegram_commands = telegram.add_subparsers(dest="telegram_command", required=True)
    telegram_commands.add_parser("set-webhook", help="register the webhook and the command list with Telegram")

    discord = commands.add_parser("discord", help="Discord set-up")
    discord_commands = discord.add_subparsers(dest="discord_command", required=True)
    register = discord_commands.add_parser("register-commands", help="register the slash commands")
    register.add_argument("--guild", help="register for one server only (instant) instead of globally")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load(args.config)
    except SettingsError as exc:
        print(f"assemblee: {exc}", file=sys.stderr)
        return 2
    app_logging.setup(settings.log_level, json=True if (args.log_json or settings.log_json) else None)
    handlers = {
        "run": _run,
        "console": _console,
        "migrate": _migrate,
        "export": _export,
        "telegram": _telegram,
        "discord": _discord,
    }
    try:
        return asyncio.run(handlers[args.command](settings, args))
    except SettingsError as exc:
        print(f"assemblee: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from app.bootstrap import open_storage
    from storage import db

    await open_storage(settings, apply_migrations=True)
    await db.disconnect()
    print("assemblee: database up to date")
    return 0


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    from app.bootstrap import open_storage
    from storage import db
    from storage.export import export_state, to_csv, to_markdown

    path = db.sqlite_path(settings.database_url)
    if path is not None and not Path(path).exists():  # opening it would create an empty file
        raise SettingsError(f"no database at {path} (setting database_url, ASSEMBLEE_DATABASE_URL): "
                            "nothing to export")
    await open_storage(settings, apply_migrations=False)
    try:
        state = await export_state()
    finally:
        await db.disconnect()
    if args.format == "json":
        text = json.dumps(state, ensure_ascii=False, indent=2)
    elif args.format == "markdown":
        text = to_markdown(state)
    else:
        text = to_csv(state)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))
    return 0


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console.adapter import ConsoleAdapter
    from app.bootstrap import build_runtime, network_adapters, open_storage

    adapters = network_adapters(settings)
    console = None
    if not args.no_console and sys.stdin.isatty():
        console = ConsoleAdapter(args.room)
        adapters.append(console)
    await open_storage(settings)
    runtime = build_runtime(settings, adapters)
    await runtime.start(http=True)
    log.info("assemblee.started", networks=[a.platform for a in adapters], port=runtime.http_port)
    stop = _stop_event()
    try:
        if console is not None:
            from app.calendar import public_base

            banner = await console_welcome(runtime, args.room, public_base(settings, runtime.http_port))
            reader = asyncio.create_task(_interactive(console, banner, runtime))
            waiter = asyncio.create_task(stop.wait())
            await asyncio.wait({reader, waiter}, return_when=asyncio.FIRST_COMPLETED)
            reader.cancel()
            waiter.cancel()
        else:
            await stop.wait()
    finally:
        await runtime.stop()
    return 0


async def _console(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console.adapter import ConsoleAdapter
    from app.bootstrap import build_runtime, open_storage

    console = ConsoleAdapter(args.room)
    await open_storage(settings)
    runtime = build_runtime(settings, [console])
    await runtime.start(http=False)
    try:
        if args.script:
            return await _script(runtime, console, args.script)
        # No HTTP server here: the feed is given only when another process serves it publicly.
        base = str(settings.http.public_url).rstrip("/") if settings.http.public_url else None
        await _interactive(console, await console_welcome(runtime, args.room, base), runtime)
        return 0
    finally:
        await runtime.stop()


async def _script(runtime: object, console: object, path: Path) -> int:
    from adapters.console.adapter import ConsoleAdapter, ConsoleLineError, parse_line
    from app.bootstrap import Runtime

    assert isinstance(runtime, Runtime) and isinstance(console, ConsoleAdapter)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read the script {path}: {exc}") from None
    # With delivery paused the answers stay in the outbox: wait for the handling only.
    platforms = [] if runtime.pipeline.paused else ["console"]
    # What came due while the bot was stopped is printed before the first line.
    await runtime.pipeline.drain(platforms, timeout=60)
    for number, line in enumerate(lines, start=1):
        try:
            parsed = parse_line(line)
        except ConsoleLineError as exc:
            print("assemblee: " + await refused_line(runtime, console.room, exc, "console.line_skipped",
                                                     line=number, file=path), file=sys.stderr)
            continue
        if parsed is None:
            continue
        name, text = parsed
        print(f"{name}: {text}", flush=True)
        await console.say(name, text)
        # One line at a time: its answers are printed before the next line is read.
        if not await runtime.pipeline.drain(platforms, timeout=60):
            print("assemblee: messages still pending after 60 s", file=sys.stderr)
            return 1
    return 0 if await runtime.pipeline.drain(platforms, timeout=60) else 1


async def console_welcome(runtime: object, room: str, feed_base: str | None) -> str:
    """What the terminal room shows first, in the room's language: how to speak and, when an
    HTTP server serves it at `feed_base`, the address of the room's calendar feed."""
    from adapters.console.adapter import PLATFORM
    from app.bootstrap import Runtime
    from core.dispatch import SYSTEM
    from core.i18n import translate
    from core.ids import MemberId
    from core.schedule_app.common import feed_link

    assert isinstance(runtime, Runtime)
    async with runtime.pipeline.uow() as uow:
        assembly = await uow.assemblies.get_or_create(PLATFORM, room, runtime.pipeline.clock.now(),
                                                       MemberId(SYSTEM))
        lines = [translate("console.welcome", assembly.language, room=room)]
        if feed_base is not None:
            feed = await feed_link(uow.meetings, assembly.id, feed_base)
            lines.append(translate("console.feed", assembly.language, url=feed.url))
        await uow.commit()
    return "\n".join(lines)


async def room_language(runtime: object, room: str) -> str:
    """The terminal room's language as it is now (`!lang` changes it)."""
    from adapters.console.adapter import PLATFORM
    from app.bootstrap import Runtime
    from core.dispatch import SYSTEM
    from core.ids import MemberId

    assert isinstance(runtime, Runtime)
    async with runtime.pipeline.uow() as uow:
        assembly = await uow.assemblies.get_or_create(PLATFORM, room, runtime.pipeline.clock.now(),
                                                       MemberId(SYSTEM))
        await uow.commit()
    return assembly.language


async def refused_line(runtime: object, room: str, error: Exception, key: str, **params: object) -> str:
    """`key`'s message for a terminal line that was not said, with why, in the room's
    language (read once)."""
    from adapters.console.adapter import ConsoleLineError
    from core.i18n import translate

    assert isinstance(error, ConsoleLineError)
    lang = await room_language(runtime, room)
    reason = translate(error.reason, lang, name=error.name, example=error.example)
    return translate(key, lang, reason=reason, **params)


async def _interactive(console: object, banner: str, runtime: object) -> None:
    from adapters.console.adapter import ConsoleAdapter, ConsoleLineError, parse_line

    assert isinstance(console, ConsoleAdapter)
    current = "moi"
    print(banner, flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        try:
            parsed = parse_line(line)
        except ConsoleLineError as exc:
            if exc.is_command:  # a command under a name that is not one: nobody says it
                print("» " + await refused_line(runtime, console.room, exc, "console.not_sent"), flush=True)
                continue
            parsed = (current, line.strip())
        if parsed is None:
            continue
        current, text = parsed
        await console.say(current, text)


async def _telegram(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.telegram:
        raise SettingsError("setting telegram (ASSEMBLEE_TELEGRAM__TOKEN …) is missing")
    from adapters.telegram import cli as telegram_cli

    try:
        print(await telegram_cli.set_webhook_command(settings.telegram))
    except telegram_cli.TelegramSetupError as exc:
        print(f"assemblee: {exc}", file=sys.stderr)
        return 1
    return 0


async def _discord(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.discord:
        raise SettingsError("setting discord (ASSEMBLEE_DISCORD__APPLICATION_ID …) is missing")
    from adapters.discord import cli as discord_cli

    try:
        print(await discord_cli.register_commands_command(settings.discord, args.guild))
    except discord_cli.CommandRegistrationError as exc:
        print(f"assemblee: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
