"""Lightbox chat surfaces: the shared command grammar and one package per platform."""
