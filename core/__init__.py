"""Lightbox core: platform-neutral domain, use cases, rules and ports."""
