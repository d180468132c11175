"""GPU slots on the real Redis: separate workers never exceed a self-hosted backend's limit.

Each test has its own key namespace on Redis db 15, deleted afterwards.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import Busy, Permanent
from core.identity import Actor, Place
from core.model_profiles import catalog_for
from core.models import Job, Version
from core.ports import GenerationResult, Pending
from tests.conftest import REDIS_URL, RecordingSink, make_settings
from tests.waiting import wait_until
from workers.providers.a1111 import A1111Provider
from workers.providers.comfyui import ComfyUIProvider
from workers.providers.gpu_slots import SlotBoard
from workers.providers.local import LocalProvider
from workers.providers.registry import ProviderSettings, build_providers
from workers.runtime import Runtime

from .fake_a1111 import FakeWebUI
from .fake_comfyui import FakeComfyUI
from .fakes import NO_RETRY, make_request
from .test_comfyui import WORKFLOW

AUTH = "admin:slots-secret-pass"
WEBUI = "http://gpu-box.test:7860"
COMFY = "http://comfy.test:8188"
CHECKPOINT = "sd_xl_base_1.0.safetensors"
ROOT = Path(__file__).resolve().parents[3]
ANN = Actor("console", "ann", "Ann")
ROOM = Place("console", "room")


@pytest.fixture
def namespace() -> Iterator[str]:
    """Slot keys of this test alone; deleted at the end."""
    ns = f"lightbox-test-{uuid.uuid4().hex}"
    yield ns
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{ns}:*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def board(namespace: str) -> SlotBoard:
    """One worker process's view of the slots: its own Redis connection."""
    return SlotBoard.from_url(REDIS_URL, namespace=namespace)


def test_two_workers_never_send_the_web_ui_more_than_its_limit(namespace: str) -> None:
    # Each call outlasts the lease, so only the heartbeat keeps the other worker out.
    fake = FakeWebUI(AUTH, overlap_wait=0.6)
    workers = [
        A1111Provider(
            WEBUI,
            auth=AUTH,
            transport=fake.transport,
            retry=NO_RETRY,
            slots=board(namespace).limit(WEBUI, 1, lease=0.3),
        )
        for _ in range(2)
    ]
    errors: list[BaseException] = []

    def draw(provider: A1111Provider) -> None:
        try:
            provider.generate(make_request(model="sd_xl_base_1.0"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=draw, args=(w,)) for w in (*workers, workers[0])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(fake.drawn_with) == 3
    assert fake.most_in_flight == 1
    assert workers[0].slots.held() == 0


def test_a_limit_of_two_lets_two_workers_draw_at_once(namespace: str) -> None:
    fake = FakeWebUI(AUTH, overlap_wait=1.0)  # each waits for the other one to arrive
    workers = [
        A1111Provider(
            WEBUI, auth=AUTH, transport=fake.transport, retry=NO_RETRY,
            slots=board(namespace).limit(WEBUI, 2),
        )
        for _ in range(2)
    ]  # fmt: skip
    threads = [
        threading.Thread(target=w.generate, args=(make_request(model="sd_xl_base_1.0"),))
        for w in workers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert fake.most_in_flight == 2 and len(fake.drawn_with) == 2


# A worker process that takes the web UI's slot (its heartbeat keeps it) and waits forever.
HOLDER = """
import sys
from workers.providers.gpu_slots import SlotBoard, holding
slots = SlotBoard.from_url(sys.argv[1], namespace=sys.argv[2]).limit(sys.argv[3], 1, lease=0.5)
with holding(slots):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_worker_killed_holding_a_slot_frees_it_when_its_lease_runs_out(
    namespace: str,
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, REDIS_URL, namespace, WEBUI],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        slots = board(namespace).limit(WEBUI, 1, lease=0.5)
        assert not slots.try_acquire("someone-else")  # the live holder keeps its slot
        holder.kill()  # SIGKILL: no release, no more heartbeats
        holder.wait(10)
        fake = FakeWebUI(AUTH)
        provider = A1111Provider(WEBUI, auth=AUTH, transport=fake.transport, retry=NO_RETRY,
                                 slots=slots)  # fmt: skip
        result = provider.generate(make_request(model="sd_xl_base_1.0"))
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)
    assert isinstance(result, GenerationResult) and fake.drawn_with == ["sd_xl_base_1.0"]
    assert slots.held() == 0


def comfy(fake: FakeComfyUI, namespace: str, limit: int = 1) -> ComfyUIProvider:
    return ComfyUIProvider(
        COMFY,
        workflow=WORKFLOW,
        transport=fake.transport,
        retry=NO_RETRY,
        poll_after=0.05,
        busy_retry=0.05,
        slots=board(namespace).limit(COMFY, limit),
    )


def finish(provider: ComfyUIProvider, pending: Pending) -> GenerationResult:
    outcome: GenerationResult | Pending = pending
    while isinstance(outcome, Pending):
        outcome = provider.poll(outcome.handle)
    return outcome


def test_a_second_worker_submits_nothing_until_the_first_prompt_finishes(namespace: str) -> None:
    fake = FakeComfyUI()
    first, second = comfy(fake, namespace), comfy(fake, namespace)
    pending = first.generate(make_request(model=CHECKPOINT))
    assert isinstance(pending, Pending)
    with pytest.raises(Busy, match="all 1 ComfyUI slot"):
        second.generate(make_request(model=CHECKPOINT))
    assert len(fake.prompts) == 1  # nothing was sent for the refused one
    finish(first, pending)
    later = second.generate(make_request(model=CHECKPOINT))
    assert isinstance(later, Pending) and len(fake.prompts) == 2
    second.cancel(later.handle)  # a cancelled prompt gives its slot back too
    assert isinstance(first.generate(make_request(model=CHECKPOINT)), Pending)


def test_a_failed_prompt_or_refused_submission_gives_its_slot_back(namespace: str) -> None:
    fake = FakeComfyUI()
    provider = comfy(fake, namespace)
    with pytest.raises(Permanent, match="queue was refused"):
        provider.generate(make_request(model="no-such-checkpoint.safetensors"))
    pending = provider.generate(make_request(model=CHECKPOINT))
    assert isinstance(pending, Pending)
    fake.restart()  # the server forgets the prompt: the job fails, the slot is free
    with pytest.raises(Permanent, match="no longer knows this job"):
        provider.poll(pending.handle)
    assert provider.slots.held() == 0


def test_comfyui_jobs_beyond_the_limit_wait_then_all_run(
    db_url: str, tmp_path: Path, namespace: str
) -> None:
    models = tmp_path / "models.toml"
    models.write_text(
        f'default = "xl"\n[[models]]\nid = "xl"\nprovider = "comfyui"\n'
        f'provider_model = "{CHECKPOINT}"\n'
    )
    fake = FakeComfyUI()
    sink = RecordingSink()
    runtime = Runtime(
        make_settings(db_url, tmp_path / "data", job_max_retries=0),
        sinks={"console": sink},
        providers={"local": LocalProvider(), "comfyui": comfy(fake, namespace)},
        catalog=catalog_for(models),
    )
    runtime.start_worker(threads=3, sweep_interval=None)
    try:
        router = CommandRouter(runtime.studio)
        router.handle(ANN, ROOM, "/project new Slots")
        for subject in ("a lantern in fog", "a red kite", "a quiet harbour"):
            router.handle(ANN, ROOM, f"/imagine {subject}")
        assert runtime.wait_idle(platforms=["console"], timeout=60)
        wait_until(lambda: len(sink.posts) == 3, "three posted versions")
    finally:
        runtime.stop()
    with runtime.db.session() as session:
        jobs = list(session.exec(select(Job)).all())
        versions = list(session.exec(select(Version)).all())
    # Waiting for a slot used none of the (zero) retries: every job ran on its first attempt.
    assert [(j.state, j.attempts) for j in jobs] == [("succeeded", 1)] * 3
    assert all(v.status == "done" and v.image_sha for v in versions)
    assert len(fake.prompts) == 3 and fake.most_unfinished == 1


def test_workers_configured_from_the_same_settings_share_each_backends_slots(
    namespace: str,
) -> None:
    settings = ProviderSettings(
        a1111_url=WEBUI + "/", comfyui_url=COMFY, comfyui_concurrency=2, _env_file=None
    )  # type: ignore[call-arg]
    one, two = (build_providers(settings, slots=board(namespace)) for _ in range(2))
    assert isinstance(one["a1111"], A1111Provider) and isinstance(two["a1111"], A1111Provider)
    assert one["a1111"].slots.try_acquire("worker-one")
    assert not two["a1111"].slots.try_acquire("worker-two")  # one web UI, one slot
    comfy_one, comfy_two = one["comfyui"], two["comfyui"]
    assert isinstance(comfy_one, ComfyUIProvider) and isinstance(comfy_two, ComfyUIProvider)
    assert comfy_one.slots.try_acquire("a") and comfy_two.slots.try_acquire("b")
    assert not comfy_one.slots.try_acquire("c")
    embedded = build_providers(settings)["a1111"]  # no Redis: this process's own limit
    assert isinstance(embedded, A1111Provider) and embedded.slots.try_acquire("local")
