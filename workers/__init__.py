"""Lightbox workers: Dramatiq actors, broker set-up, job runners, providers and the sweep."""
