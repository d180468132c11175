"""Protocols for what core depends on: storage, image providers, the job queue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from core.images import CheckedImage
    from core.media import StoredMedia
    from core.views import CardView, VersionView


@dataclass(frozen=True)
class StoredImage:
    """An image kept in storage, addressed by the sha256 of its bytes."""

    sha256: str
    width: int
    height: int
    mime: str
    size_bytes: int


class Storage(Protocol):
    """Content-addressed image storage: a local directory (embedded) or an S3-compatible bucket.

    Keys are the sha256 of the bytes. Nothing outside storage sees a file path: bytes come from
    `read`/`thumbnail`, browsers get `url` (None where the store has no URL of its own).
    """

    def put_image(self, data: bytes | CheckedImage, *, max_bytes: int | None = None) -> StoredImage:
        """Validate `data` as an image, store it once, return its address (raises BadInput);
        a `CheckedImage` (core.images.check_image) is held to the limits without a second
        decode."""
        ...

    def put_media(self, data: bytes, *, mime: str | None = None) -> StoredMedia:
        """Check `data` is a video, audio or 3D file (core.media.check_media), store it once,
        return its address (raises BadInput). `read`, `size`, `exists`, `url` and `locate` take
        its sha like an image's; it has no `thumbnail` (a version's poster image has)."""
        ...

    def read(self, sha256: str) -> bytes:
        """The original's bytes (raises NotFound)."""
        ...

    def size(self, sha256: str) -> int:
        """The original's size in bytes, without reading it (raises NotFound)."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def thumbnail(self, sha256: str, size: int = 256) -> bytes:
        """A WebP (rendered once, then kept) whose longest side is at most `size`."""
        ...

    def derived(self, sha256: str, name: str, render: Callable[[bytes], bytes]) -> bytes:
        """`render(original)` kept under `name` beside the original's thumbnails: rendered the
        first time, then read back; removed with the original (raises NotFound)."""
        ...

    def put_derived(self, sha256: str, name: str, data: bytes) -> None:
        """Keep `data` under `name` as `derived` would have rendered it (replacing what was
        there), without reading the original: for a caller that just stored the original and
        rendered from its own decode. `derived` then returns it; removed with the original."""
        ...

    def url(self, sha256: str, *, expires_seconds: int | None = None) -> str | None:
        """A URL a browser can fetch the original from for `expires_seconds` (the store's default
        when None; presigned for a private bucket); None
        when the store has none (the local directory: serve `read` yourself)."""
        ...

    def locate(self, sha256: str) -> str:
        """Where a person at this machine can open the original (the console prints it)."""
        ...

    def collect_orphans(
        self, referenced: set[str], *, older_than: float, only: set[str] | None = None
    ) -> list[str]:
        """Remove originals no row references, stored more than `older_than` seconds ago."""
        ...


@dataclass(frozen=True)
class RefImage:
    """A reference image handed to a provider."""

    name: str
    data: bytes


@dataclass(frozen=True)
class LoraUse:
    """A LoRA handed to a provider: its name here, the provider's id for it, its weight."""

    name: str
    provider_lora: str
    weight: float


@dataclass(frozen=True)
class GenerationRequest:
    """Everything a provider needs to draw one image."""

    prompt: str
    negative_prompt: str
    width: int
    height: int
    resolution: str
    aspect_ratio: str
    seed: int
    model: str
    refs: list[RefImage] = field(default_factory=list)
    init_image: bytes | None = None
    profile: str = ""  # the model profile's id: provider options are looked up by it
    operation: str = "generate"  # a core.edit_ops.Operation; edits carry the parent as init_image
    mask: bytes | None = None  # PNG the size of init_image: white = redraw, black = keep
    op_params: dict[str, str] = field(default_factory=dict)  # {"strength": "0.35"}, {"scale": "2"}
    loras: list[LoraUse] = field(default_factory=list)  # the version's LoRA styles (core.loras)
    # Video, music and voice (core.media): how long the clip should be, which voice speaks.
    duration_seconds: float | None = None
    voice: str = ""


@dataclass(frozen=True)
class GenerationResult:
    """A provider's answer: encoded bytes and what it reports about itself.

    `kind` is a core.media kind: for an image `data` is the image; for video, audio or 3D
    `data` is that file and `poster` an image standing for it (a video's frame, a waveform, a
    3D render; None lets Lightbox draw one), `duration_seconds` the clip's length.
    """

    data: bytes
    mime: str
    provider: str
    seconds: float
    info: dict[str, str] = field(default_factory=dict)
    kind: str = "image"
    poster: bytes | None = None
    duration_seconds: float | None = None


@dataclass(frozen=True)
class Pending:
    """A submit/poll provider accepted the request; poll again after `poll_after` seconds.

    `handle` is the provider's own opaque state (ids, status URLs) needed to resume; it is stored
    on the job row, so it must never contain an API key.
    """

    handle: str
    poll_after: float = 2.0
    progress: str = ""


@runtime_checkable
class ImageProvider(Protocol):
    """Draws images. Raises core.errors.Permanent or RetryLater on failure."""

    name: str

    def generate(self, request: GenerationRequest) -> GenerationResult | Pending:
        """Draw at once (GenerationResult), or submit and return Pending to be polled."""
        ...


@runtime_checkable
class PollingProvider(ImageProvider, Protocol):
    """A provider with a remote queue: the worker thread is free while the remote job waits."""

    def poll(self, handle: str) -> GenerationResult | Pending: ...

    def cancel(self, handle: str) -> None: ...


class JobQueue(Protocol):
    """Sends job ids to workers; messages carry ids only."""

    def enqueue_generation(self, job_id: int) -> None: ...

    def enqueue_delivery(self, delivery_id: int, platform: str) -> None: ...

    def enqueue_header(self, card_id: int) -> None:
        """The card changed: refresh its headers on every platform (best effort)."""
        ...


@runtime_checkable
class CountingQueue(Protocol):
    """A job queue that can say how many generation messages wait in its broker."""

    def waiting_generation_messages(self) -> int | None:
        """Messages no worker has fetched yet (None: the broker cannot tell)."""
        ...


@runtime_checkable
class DeliverySink(Protocol):
    """Posts a version message into a platform thread (called on the worker side)."""

    platform: str

    def post(self, view: VersionView, target: str, message_id: str | None) -> str:
        """Post (or, when `message_id` is set, edit) the message; return its message id."""
        ...


@runtime_checkable
class HeaderSink(Protocol):
    """A sink that can also refresh a card's header message (progress while jobs run)."""

    def refresh_header(self, view: CardView, target: str, header_message_id: str) -> None: ...


@runtime_checkable
class RemovingSink(Protocol):
    """A sink that can take a posted message down (un-approved showcase posts)."""

    def remove(self, target: str, message_id: str) -> None: ...


@runtime_checkable
class PrivateSink(Protocol):
    """A sink that can write to one person privately (a Discord DM, the bot's Telegram chat)."""

    def tell(self, platform_user_id: str, text: str) -> None:
        """Send `text`; raises a `core.errors.RemoteError` kind when they cannot be reached."""
        ...
