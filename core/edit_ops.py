"""The editing operations a version can undergo, and which of them need a model."""

from __future__ import annotations

from enum import StrEnum


class Operation(StrEnum):
    """What made a version: a fresh generation or one edit of a parent version."""

    generate = "generate"
    vary = "vary"  # image-to-image with a strength (subtle / strong)
    inpaint = "inpaint"  # redraw a masked region with a prompt
    outpaint = "outpaint"  # zoom out or pan: extend the canvas and fill it
    crop = "crop"  # to an aspect ratio or a region
    upscale = "upscale"  # ×2 / ×4
    removebg = "removebg"  # transparent background
    replacebg = "replacebg"  # new background from a prompt
    blurfaces = "blurfaces"  # privacy: blur every detected face
    cropface = "cropface"  # crop to a detected face
    restoreface = "restoreface"  # restore / enhance faces
    faceswap = "faceswap"  # swap a face with a character ref
    collage = "collage"  # several versions on one board
    annotate = "annotate"  # labels and arrows for review notes
    reproduce = "reproduce"  # same parameters again
    animate = "animate"  # image-to-video: the parent image moves (a `video` profile)
    to3d = "to3d"  # image-to-3D: a GLB model of the parent image (a `3d` profile)


# Operations that never reach a model: done by Lightbox itself on the pixels it has.
LOCAL_ONLY = frozenset(
    {Operation.crop, Operation.blurfaces, Operation.cropface, Operation.collage, Operation.annotate}
)
# Operations that send the parent image (and for inpaint a mask) to a model.
MODEL_EDITS = frozenset(
    {
        Operation.vary,
        Operation.inpaint,
        Operation.outpaint,
        Operation.upscale,
        Operation.removebg,
        Operation.replacebg,
        Operation.restoreface,
        Operation.faceswap,
    }
)
