"""Many processes, no shared disk: `lightbox run` (Telegram and Discord), three `lightbox worker`s,
PostgreSQL, Redis and an S3 server; a worker is killed mid-run and replaced; every version arrives
exactly once, on the platform its card lives on.

The small form (20 generations) runs in the suite; the long form (200) is `soak` (`make bench`).
"""

from __future__ import annotations

import hashlib
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from sqlmodel import Session, select

from core.db import Database
from core.models import Delivery, Job, Version
from tests.conftest import wipe
from tests.discord import payloads as dp
from tests.discord.fake_discord import FakeDiscord
from tests.storage.fleet import Fleet, fleet
from tests.storage.s3_server import S3Server
from tests.telegram import fake_updates as tg
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE

REDIS = "redis://127.0.0.1:6379/12"  # the CLI's fixed namespace: a database of its own
CHATS = [-2000000101, -2000000102]
CHANNELS = [dp.CHANNEL, dp.OTHER_CHANNEL]
PER_IMAGINE = 5  # the most /imagine --n takes


def photo_keys(fake: FakeBotApi) -> Counter[str]:
    """How often each image (by the sha256 of the uploaded bytes) was posted as a photo."""
    return Counter(hashlib.sha256(c.files["photo"]).hexdigest() for c in fake.calls_of("sendPhoto"))


def discord_keys(fake: FakeDiscord) -> Counter[str]:
    """How often each image was posted in a Discord message (a nonce-repeated post is one)."""
    with fake.lock:
        uploads = [data for files in fake.posted_files.values() for data in files]
    return Counter(hashlib.sha256(data).hexdigest() for data in uploads)


def discord_texts(fake: FakeDiscord) -> list[str]:
    """What the bot answered to interactions (callbacks and webhook follow-ups)."""
    with fake.lock:
        calls = [c for c in fake.calls if "/interactions/" in c.path or "/webhooks/" in c.path]
    return [str(c.body.get("content") or (c.body.get("data") or {}).get("content")) for c in calls]


def slash(channel: int, name: str, text: str, sub: str | None = None) -> dict[str, object]:
    """A slash command typed by an admin in `channel` (delivered over the gateway)."""
    option = "name" if sub else "prompt"
    data = dp.slash(name, [dp.option(option, text)], sub=sub)
    return dp.interaction(2, data, channel=dp.text_channel(channel), user_id=501, admin=True)


def versions(db_url: str) -> tuple[list[Version], list[Delivery]]:
    db = Database.from_url(db_url)
    try:
        with Session(db.engine) as session:
            return list(session.exec(select(Version)).all()), list(
                session.exec(select(Delivery).where(Delivery.kind == "thread")).all()
            )
    finally:
        db.dispose()


def attempts(db_url: str) -> Counter[int]:
    """How many generation jobs took how many attempts (2+: taken over from the killed one)."""
    db = Database.from_url(db_url)
    try:
        with Session(db.engine) as session:
            return Counter(session.exec(select(Job.attempts)).all())
    finally:
        db.dispose()


def drive(
    db_url: str, s3: S3Server, tmp_path: Path, *, imagines_per_chat: int, timeout: float
) -> None:
    wipe(db_url)
    flush = redis.Redis.from_url(REDIS)
    flush.flushdb()
    fake = FakeBotApi().start()
    for chat in CHATS:
        fake.add_chat(chat, "group", title=f"Team {chat}")
    discord = FakeDiscord().start()
    for channel in CHANNELS:
        discord.channels[channel] = dp.text_channel(channel)
    bucket = s3.new_bucket()
    env = {
        "LIGHTBOX_DATABASE_URL": db_url.replace("postgresql+psycopg://", "postgresql://"),
        "LIGHTBOX_REDIS_URL": REDIS,
        "LIGHTBOX_STORAGE_URL": f"s3://{bucket}/images",
        "LIGHTBOX_TELEGRAM_TOKEN": TOKEN,
        "LIGHTBOX_TELEGRAM_BASE_URL": fake.url,
        "LIGHTBOX_DISCORD_TOKEN": dp.TOKEN,
        "LIGHTBOX_DISCORD_API_BASE": discord.base,
        "LIGHTBOX_DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{discord.port}/gateway-ws",
        "LIGHTBOX_DISCORD_GUILD_IDS": f"[{dp.GUILD}]",
        # Recovery tuned down so a killed worker's jobs come back within seconds.
        "LIGHTBOX_JOB_STALE_SECONDS": "6",
        "LIGHTBOX_JOB_LOST_SECONDS": "3",
        "LIGHTBOX_SWEEP_SECONDS": "1",
        **s3.env(),
    }
    total = (len(CHATS) + len(CHANNELS)) * imagines_per_chat * PER_IMAGINE

    def state() -> str:
        rows, deliveries = versions(db_url)
        return (
            f"bot API calls: {Counter(fake.names())}\n"
            f"versions: {Counter(v.status for v in rows)}; "
            f"deliveries: {Counter((d.platform, d.state) for d in deliveries)}\n"
            f"texts: {[c.params.get('text', '')[:80] for c in fake.calls_of('sendMessage')]}\n"
            f"discord answers: {[t[:80] for t in discord_texts(discord)]}"
        )

    try:
        with fleet(env, tmp_path) as procs:
            bot = procs.start("bot", ["run"])
            procs.wait_ready(bot, "serving discord, telegram")
            procs.watch(discord.identified.is_set, "the bot on the Discord gateway", 60, state)
            workers = [procs.start(f"worker{n}", ["worker", "--threads", "2"]) for n in range(3)]
            for worker in workers:
                procs.wait_ready(worker, "worker ready")
            for chat in CHATS:
                fake.push_update(tg.message(fake, chat, ALICE, f"/project new Team {chat}"))
            for channel in CHANNELS:
                project = slash(channel, "project", f"Team {channel}", sub="new")
                discord.dispatch("INTERACTION_CREATE", project)

            def projects_made() -> bool:
                said = [c.params.get("text", "") for c in fake.calls_of("sendMessage")]
                made = sum("created; this chat now works in it" in t for t in said)
                answered = sum("created" in t for t in discord_texts(discord))
                return made == len(CHATS) and answered == len(CHANNELS)

            procs.watch(projects_made, "a project in every chat and channel", timeout, state)
            for round_ in range(imagines_per_chat):
                for chat in CHATS:
                    text = f"/imagine a lighthouse {round_} in {chat} --n {PER_IMAGINE} --res 2K"
                    fake.push_update(tg.message(fake, chat, ALICE, text))
                for channel in CHANNELS:
                    text = f"a harbour {round_} in {channel} --n {PER_IMAGINE} --res 2K"
                    discord.dispatch("INTERACTION_CREATE", slash(channel, "imagine", text))

            # Mid-run: some versions are out, most are not. Kill a worker outright and replace it.
            def some_delivered() -> bool:
                procs.alive()
                _, deliveries = versions(db_url)
                return sum(d.state == "sent" for d in deliveries) >= 3

            procs.watch(some_delivered, "the first deliveries", timeout, state)
            workers[0].proc.send_signal(signal.SIGKILL)
            assert workers[0].proc.wait(timeout=10) == -signal.SIGKILL
            kill_time = time.monotonic()
            killed_at = len(fake.calls_of("sendPhoto")) + sum(discord_keys(discord).values())
            procs.wait_ready(procs.start("worker3", ["worker", "--threads", "2"]), "worker ready")

            def all_delivered() -> bool:
                procs.alive()
                rows, deliveries = versions(db_url)
                return (
                    len(rows) == total
                    and all(v.status == "done" for v in rows)
                    and len(deliveries) >= total
                    and all(d.state == "sent" for d in deliveries)
                )

            started = time.monotonic()
            procs.watch(all_delivered, f"all {total} versions delivered", timeout, state)
            print(
                f"{total} versions: killed after {killed_at} posts; the rest within "
                f"{time.monotonic() - started:.1f} s; job attempts {dict(attempts(db_url))}"
            )
            check_outcome(fake, discord, procs, db_url, s3, bucket, kill_time)
    finally:
        fake.stop()
        discord.stop()
        flush.flushdb()
        flush.close()
    discord.violations.check()


def check_outcome(
    fake: FakeBotApi,
    discord: FakeDiscord,
    procs: Fleet,
    db_url: str,
    s3: S3Server,
    bucket: str,
    kill_time: float,
) -> None:
    rows, deliveries = versions(db_url)
    platform_of = {d.version_id: d.platform for d in deliveries}
    keys = {v.image_sha for v in rows}
    assert len(keys) == len(rows) and None not in keys
    expected = {
        platform: {
            posted_key(s3, bucket, v, platform) for v in rows if platform_of[v.id] == platform
        }
        for platform in ("telegram", "discord")
    }
    assert all(expected.values()), platform_of
    posted = photo_keys(fake)
    # Every version reached its chat or channel, with the bytes stored for it in S3.
    assert set(posted) == expected["telegram"], procs.output()
    on_discord = discord_keys(discord)
    assert set(on_discord) == expected["discord"], procs.output()
    # Discord: exactly once (a post repeated after a kill carries the same enforced nonce).
    assert max(on_discord.values()) == 1, on_discord
    # Telegram: exactly once, but for one case no chat service lets us rule out: the killed
    # worker had posted a photo and died before recording it (Telegram has no idempotency key),
    # so the delivery is taken over and posted again. Only posts made just before the kill may
    # repeat.
    repeated = [
        (c.params.get("chat_id"), round(c.at - kill_time, 3))
        for c in fake.calls_of("sendPhoto")
        if posted[hashlib.sha256(c.files["photo"]).hexdigest()] > 1
    ]
    assert max(posted.values()) <= 2, repeated
    firsts = {}
    for call in fake.calls_of("sendPhoto"):
        firsts.setdefault(hashlib.sha256(call.files["photo"]).hexdigest(), call.at)
    unrecorded = [k for k, n in posted.items() if n > 1]
    assert all(kill_time - 2.0 <= firsts[k] <= kill_time for k in unrecorded), repeated
    print(f"posted twice (posted, then killed before recording it): {len(unrecorded)}")
    assert not procs.images_on_disk()


def posted_key(s3: S3Server, bucket: str, version: Version, platform: str) -> str:
    """The sha256 of the bytes the bucket holds for what `platform` is sent of `version` (its
    preview, rendered once beside the original's thumbnails)."""
    assert version.image_sha is not None
    key = f"images/thumbs/{version.image_sha}/preview-{platform}"
    data = s3.client.get_object(Bucket=bucket, Key=key)["Body"].read()
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def pg(migrated: dict[str, str]) -> str:
    return migrated["postgres"]


@pytest.mark.timeout(300)
def test_twenty_generations_across_processes_survive_a_killed_worker(
    pg: str, s3_server: S3Server, tmp_path: Path
) -> None:
    drive(pg, s3_server, tmp_path, imagines_per_chat=1, timeout=120)


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_two_hundred_generations_across_processes_survive_a_killed_worker(
    pg: str, s3_server: S3Server, tmp_path: Path
) -> None:
    drive(pg, s3_server, tmp_path, imagines_per_chat=10, timeout=600)
