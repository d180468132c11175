"""Colour words the local provider recognises in a prompt, with the colour each names."""

RGB = tuple[int, int, int]

# Words that tint the palette when they appear in the prompt.
COLOUR_WORDS: dict[str, RGB] = {
    "red": (210, 40, 45), "crimson": (170, 20, 50), "orange": (245, 130, 30),
    "yellow": (245, 215, 50), "gold": (225, 175, 55), "golden": (225, 175, 55),
    "green": (50, 170, 80), "forest": (30, 100, 50), "teal": (20, 150, 150),
    "cyan": (40, 200, 220), "blue": (45, 90, 215), "ocean": (20, 90, 160),
    "sky": (120, 180, 240), "purple": (130, 60, 190), "violet": (140, 80, 220),
    "pink": (240, 120, 180), "magenta": (210, 40, 170), "brown": (120, 75, 40),
    "white": (240, 240, 235), "snow": (230, 238, 248), "silver": (190, 195, 205),
    "grey": (128, 128, 128), "gray": (128, 128, 128), "black": (15, 15, 20),
    "night": (15, 20, 60), "sunset": (240, 110, 70), "fire": (235, 80, 20),
    "neon": (60, 255, 170),
}  # fmt: skip
