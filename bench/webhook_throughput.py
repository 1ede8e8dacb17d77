"""Telegram webhook throughput: the real `assemblee run` against a bare aiohttp handler.

In the same run, a load generator in its own process (one aiohttp client, `--concurrency`
requests in flight) POSTs the same number of valid Telegram updates to

- a bare aiohttp handler in another process that reads the body and answers 200;
- `assemblee run` (SQLite, Telegram configured, its Bot API calls going to the fake Bot API
  of the tests on loopback): secret header checked, update validated and translated,
  stored in the inbox, answered 200; the core handles it afterwards and the replies leave
  through the outbox (and each button press is answered with answerCallbackQuery).

The measured updates carry positions: `--members` members (who join first) consent to each
of `--proposals` proposals opened beforehand, so every update is a distinct position. They
are button presses (`--positions buttons`, the default: each is also answered with
answerCallbackQuery) or typed commands (`--positions commands`: `/consent N`). At the end
the export must count every one of them (no update lost).

Both targets first get the same short warm-up of plain chat messages, not measured.

    python bench/webhook_throughput.py [--members 100] [--proposals 30] [--concurrency 64]
                                       [--positions buttons|commands] [--warmup 128]
                                       [--log-level info] [--timeout 600] [--keep]

Prints requests/s and p50/p99 acknowledgement latency (request sent → 200 received, at the
load generator) for both; last line `telegram_vs_bare_aiohttp: <ratio of throughputs>`.
Targets: ratio ≥ 0.5, p99 acknowledgement under 50 ms on SQLite, no update lost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import json
import os
import random
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration" / "telegram"))

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram/webhook"
CHAT = -1001234500000
BOT_USERNAME = "assemblee_bench_bot"
HELPER_LIFETIME = 900.0  # helper processes end by themselves after this long


def die_with_parent() -> None:
    """preexec_fn: a helper process gets SIGKILL if this process dies first."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


# ---- Telegram updates ---------------------------------------------------------------------


class UpdateMaker:
    def __init__(self, bot_id: int) -> None:
        self.bot_id = bot_id
        self.update_id = 700_000_000
        self.message_id = 1

    def _ids(self) -> tuple[int, int]:
        self.update_id += 1
        self.message_id += 1
        return self.update_id, self.message_id

    @staticmethod
    def person(member: int) -> dict[str, Any]:
        return {"id": 500_000_000 + member, "is_bot": False, "first_name": f"Membre{member}",
                "language_code": "fr"}

    @staticmethod
    def chat() -> dict[str, Any]:
        return {"id": CHAT, "type": "supergroup", "title": "Assemblée de quartier"}

    def message(self, member: int, text: str) -> dict[str, Any]:
        update_id, message_id = self._ids()
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat(),
            "from": self.person(member),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0].encode("utf-16-le")) // 2
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": update_id, "message": message}

    def press(self, member: int, data: str, callback_id: str) -> dict[str, Any]:
        update_id, _ = self._ids()
        prompt = {
            "message_id": 42,
            "date": int(time.time()),
            "chat": self.chat(),
            "from": {"id": self.bot_id, "is_bot": True, "first_name": "Assemblée",
                     "username": BOT_USERNAME},
            "text": "Tour de consentement",
        }
        return {
            "update_id": update_id,
            "callback_query": {
                "id": callback_id,
                "from": self.person(member),
                "chat_instance": "-4242",
                "message": prompt,
                "data": data,
            },
        }


# ---- helper processes: the bare handler and the load generator -------------------------------


async def run_bare(port_file: Path) -> None:
    async def webhook(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post(WEBHOOK_PATH, webhook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    port_file.write_text(str(port))
    await asyncio.sleep(HELPER_LIFETIME)
    await runner.cleanup()


async def run_load(url: str, secret: str, bodies_path: Path, warmup: int, concurrency: int) -> None:
    bodies = [line.encode() for line in bodies_path.read_text().splitlines() if line]
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def fire(batch: list[bytes]) -> tuple[float, list[float], dict[int, int], int]:
            latencies: list[float] = []
            statuses: dict[int, int] = {}
            in_reply = 0  # callback queries answered inside the webhook's reply
            queue = iter(batch)

            async def worker() -> None:
                for body in queue:
                    started = time.perf_counter()
                    try:
                        async with session.post(url, data=body, headers=headers) as answer:
                            reply = await answer.read()
                            status = answer.status
                        if b'"answerCallbackQuery"' in reply:
                            nonlocal in_reply
                            in_reply += 1
                    except (aiohttp.ClientError, TimeoutError):
                        status = -1
                    latencies.append(time.perf_counter() - started)
                    statuses[status] = statuses.get(status, 0) + 1

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return time.perf_counter() - started, latencies, statuses, in_reply

        await fire(bodies[:warmup])
        elapsed, latencies, statuses, in_reply = await fire(bodies[warmup:])
    latencies.sort()
    print(json.dumps({
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "statuses": {str(k): v for k, v in statuses.items()},
        "answered_in_reply": in_reply,
    }), flush=True)


def spawn(args: list[str], log: Path | None = None, env: dict[str, str] | None = None,
          cwd: Path | None = None) -> subprocess.Popen[bytes]:
    out = log.open("ab") if log is not None else subprocess.PIPE
    try:
        return subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT if log is not None else None,
            env=env, cwd=cwd, preexec_fn=die_with_parent,  # noqa: PLW1509 - only a prctl call
        )
    finally:
        if log is not None:
            out.close()  # type: ignore[union-attr]


def stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


async def load_generator(url: str, secret: str, bodies: list[dict[str, Any]], warmup: int,
                         concurrency: int, workdir: Path, deadline: float) -> dict[str, Any]:
    """Run the load generator process; its result (the last line it prints)."""
    path = workdir / f"bodies-{secrets.token_hex(4)}.jsonl"
    path.write_text("\n".join(json.dumps(body, ensure_ascii=False) for body in bodies) + "\n")
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--role", "load", "--url", url, "--secret", secret,
        "--bodies", str(path), "--warmup", str(warmup), "--concurrency", str(concurrency),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, preexec_fn=die_with_parent,
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), max(1.0, deadline - time.monotonic()))
    except TimeoutError:
        process.kill()
        await process.wait()
        raise SystemExit("the load generator did not finish in time") from None
    if process.returncode != 0:
        raise SystemExit(f"the load generator failed ({process.returncode})")
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


# ---- the bot ----------------------------------------------------------------------------------


class Bot:
    def __init__(self, workdir: Path, fake_url: str, token: str, secret: str, log_level: str) -> None:
        self.workdir = workdir
        self.db = workdir / "bot.db"
        self.log = workdir / "bot.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLEE_")}
        self.env.update({
            "PYTHONPATH": str(ROOT),
            "ASSEMBLEE_DATABASE_URL": f"sqlite://{self.db}",
            "ASSEMBLEE_HTTP__HOST": "127.0.0.1",
            "ASSEMBLEE_HTTP__PORT": str(free_port()),
            "ASSEMBLEE_LOG_JSON": "true",
            "ASSEMBLEE_LOG_LEVEL": log_level,
            "ASSEMBLEE_TELEGRAM__TOKEN": token,
            "ASSEMBLEE_TELEGRAM__WEBHOOK_SECRET": secret,
            "ASSEMBLEE_TELEGRAM__PUBLIC_URL": "https://assemblee.bench.test",
            "ASSEMBLEE_TELEGRAM__API_BASE": fake_url,
            "ASSEMBLEE_TELEGRAM__BOT_USERNAME": BOT_USERNAME,
        })
        self.process: subprocess.Popen[bytes] | None = None
        self.port = int(self.env["ASSEMBLEE_HTTP__PORT"])

    async def start(self, deadline: float) -> None:
        self.process = spawn([sys.executable, "-m", "app.cli", "run", "--no-console"],
                             log=self.log, env=self.env, cwd=self.workdir)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the bot exited:\n{self.log.read_text()[-3000:]}")
            async with aiohttp.ClientSession() as session:
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"http://127.0.0.1:{self.port}/healthz") as answer:
                        if answer.status == 200:
                            return
            await asyncio.sleep(0.1)
        raise SystemExit("the bot did not start in time")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{WEBHOOK_PATH}"

    def query(self, sql: str) -> Any:
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute(sql).fetchone()[0]
        finally:
            connection.close()

    async def wait_handled(self, deadline: float) -> float:
        """Seconds until every stored update is handled."""
        started = time.monotonic()
        while time.monotonic() < deadline:
            if self.query("SELECT count(*) FROM inbox WHERE handled = 0 AND payload IS NOT NULL") == 0:
                return time.monotonic() - started
            await asyncio.sleep(0.1)
        raise SystemExit("the bot did not handle every update in time")

    async def export(self) -> dict[str, Any]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "app.cli", "export", "--format", "json",
            env=self.env, cwd=self.workdir, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=die_with_parent,
        )
        out, err = await process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"export failed: {err.decode()[-2000:]}")
        return dict(json.loads(out))

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


async def post_in_order(url: str, secret: str, updates: list[dict[str, Any]]) -> None:
    """Set-up updates, one after the other (each stored before the next is sent)."""
    headers = {SECRET_HEADER: secret}
    async with aiohttp.ClientSession() as session:
        for update in updates:
            async with session.post(url, json=update, headers=headers) as answer:
                if answer.status != 200:
                    raise SystemExit(f"set-up update refused: {answer.status}")


# ---- the run ----------------------------------------------------------------------------------


def describe(label: str, result: dict[str, Any]) -> str:
    rate = result["requests"] / result["seconds"]
    bad = {k: v for k, v in result["statuses"].items() if k != "200"}
    return (f"{label:<16} {result['requests']:>6} requests in {result['seconds']:6.2f} s → "
            f"{rate:8,.0f} req/s · ack p50 {result['p50_ms']:6.1f} ms · p99 {result['p99_ms']:6.1f} ms"
            + (f" · non-200: {bad}" if bad else ""))


async def orchestrate(args: argparse.Namespace) -> None:
    from fake_bot_api import FakeBotApi

    deadline = time.monotonic() + args.timeout
    token = f"{secrets.randbelow(10**9) + 10**9}:{secrets.token_urlsafe(27)[:35]}"
    secret = secrets.token_urlsafe(32)
    fake = FakeBotApi(token, bot_username=BOT_USERNAME, lifetime=args.timeout + 60)
    await fake.start()
    maker = UpdateMaker(fake.bot_id)
    members, proposals = args.members, args.proposals
    rng = random.Random(2026)
    presses = [(member, number) for member in range(members) for number in range(1, proposals + 1)]
    rng.shuffle(presses)
    warmup = [maker.message(rng.randrange(members), f"bonjour {i}") for i in range(args.warmup)]
    measured = []
    for member, number in presses:
        if args.positions == "commands":
            measured.append(maker.message(member, f"/consent {number}"))
            continue
        callback_id = f"bench-{number}-{member}"
        fake.register_callback(callback_id)
        measured.append(maker.press(member, f"consent #{number}", callback_id))
    bodies = warmup + measured

    with tempfile.TemporaryDirectory(prefix="assemblee-bench-") as tmp:
        workdir = Path(tmp)
        print(f"{len(measured)} position updates as {args.positions} ({members} members × "
              f"{proposals} proposals), concurrency {args.concurrency}, warm-up {args.warmup}; "
              f"SQLite; bot log level {args.log_level}; {os.cpu_count()} CPU(s)", flush=True)

        # the bare handler
        port_file = workdir / "bare.port"
        bare = spawn([sys.executable, __file__, "--role", "bare", "--port-file", str(port_file)])
        try:
            while not port_file.exists() or not port_file.read_text():
                if time.monotonic() > deadline or bare.poll() is not None:
                    raise SystemExit("the bare handler did not start")
                await asyncio.sleep(0.05)
            bare_url = f"http://127.0.0.1:{int(port_file.read_text())}{WEBHOOK_PATH}"
            bare_result = await load_generator(bare_url, secret, bodies, args.warmup,
                                               args.concurrency, workdir, deadline)
        finally:
            stop(bare)
        print(describe("bare aiohttp", bare_result), flush=True)

        # the bot: members join, proposals open and reach the decision, then the load
        bot = Bot(workdir, fake.base_url, token, secret, args.log_level)
        try:
            await bot.start(deadline)
            setup = [maker.message(member, "/join") for member in range(members)]
            for number in range(1, proposals + 1):
                setup += [maker.message(0, f"/propose Proposition de test {number}"),
                          maker.message(0, f"/next {number}"), maker.message(0, f"/next {number}")]
            await post_in_order(bot.url, secret, setup)
            await bot.wait_handled(deadline)
            ready = bot.query("SELECT count(*) FROM proposal WHERE phase = 'decision'")
            if ready != proposals:
                raise SystemExit(f"only {ready} of {proposals} proposals reached the decision")
            bot_result = await load_generator(bot.url, secret, bodies, args.warmup,
                                              args.concurrency, workdir, deadline)
            print(describe("assemblee run", bot_result), flush=True)
            handled_after = await bot.wait_handled(deadline)
            state = await bot.export()
            # each press is answered once its answer goes out, or after 8 s without one: wait
            # that long for the count, so that it tells whether a press was never answered
            waited = time.monotonic() + 10
            while (sum(1 for _ in fake.calls_to("answerCallbackQuery")) < len(measured)
                   and args.positions == "buttons" and time.monotonic() < waited):
                await asyncio.sleep(0.25)
            answered_by_call = sum(1 for call in fake.calls_to("answerCallbackQuery"))
            answered_in_reply = int(bot_result.get("answered_in_reply", 0))
            log_errors = [line for line in bot.log.read_text(errors="replace").splitlines()
                          if '"level": "error"' in line or '"exception"' in line]
        finally:
            bot.stop()
            await fake.stop()
            if args.keep:
                kept = Path(tempfile.mkdtemp(prefix="assemblee-bench-kept-"))
                for name in ("bot.log", "bot.db"):
                    with contextlib.suppress(OSError):
                        (kept / name).write_bytes((workdir / name).read_bytes())
                print(f"kept the bot's log and database in {kept}")

    [assembly] = [a for a in state["assemblies"] if a["platform"] == "telegram"]
    counted = sum(len(p["positions"]) for p in assembly["proposals"])
    adopted = sum(1 for p in assembly["proposals"] if p["status"] == "adopted")
    lost = len(measured) - counted
    print(f"handled every update {handled_after:.1f} s after the last acknowledgement; "
          f"button presses answered: {answered_in_reply + answered_by_call} "
          f"({answered_in_reply} inside the webhook reply, {answered_by_call} by a call); "
          f"error log lines: {len(log_errors)}")
    print(f"positions in the export: {counted}/{len(measured)} "
          f"({'no update lost' if lost == 0 else f'{lost} LOST'}); "
          f"proposals adopted: {adopted}/{proposals}")
    ratio = (bot_result["requests"] / bot_result["seconds"]) / (
        bare_result["requests"] / bare_result["seconds"])
    checks = [
        ("ratio ≥ 0.5", ratio >= 0.5, f"{ratio:.2f}"),
        ("p99 acknowledgement < 50 ms", bot_result["p99_ms"] < 50, f"{bot_result['p99_ms']:.1f} ms"),
        ("no update lost", lost == 0 and bot_result["statuses"] == {"200": len(measured)},
         f"{counted}/{len(measured)}"),
    ]
    for name, ok, value in checks:
        print(f"target {name}: {'met' if ok else 'MISSED'} ({value})")
    print(f"telegram_vs_bare_aiohttp: {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--proposals", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--positions", choices=("buttons", "commands"), default="buttons",
                        help="positions as button presses (default) or typed /consent commands")
    parser.add_argument("--warmup", type=int, default=128)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument("--log-level", default="info", help="the bot's log level (default: info)")
    parser.add_argument("--keep", action="store_true", help="keep the bot's log and database")
    # internal: the helper processes
    parser.add_argument("--role", choices=("orchestrate", "bare", "load"), default="orchestrate",
                        help=argparse.SUPPRESS)
    parser.add_argument("--port-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--secret", help=argparse.SUPPRESS)
    parser.add_argument("--bodies", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "bare":
        asyncio.run(run_bare(args.port_file))
    elif args.role == "load":
        asyncio.run(run_load(args.url, args.secret, args.bodies, args.warmup, args.concurrency))
    else:
        asyncio.run(orchestrate(args))


if __name__ == "__main__":
    main()
