"""The intent table: the words people use for each facet value ("headshot" → close-up)."""

from __future__ import annotations

# (facet, the phrase it sets, the words that ask for it: a regex matched against a whole clause
# after "make it" / "switch to" / degree words are taken off). First match wins.
FACET_TABLE: list[tuple[str, str, str]] = [
    ("framing", "extreme close-up", r"extreme(?:ly)? close[- ]?up(?: shot)?|macro(?: shot)?"),
    ("framing", "close-up", r"close[- ]?up(?: shot)?(?: of (?:her|his|its|the) face)?|headshot|"
     r"fill the frame(?: with .{2,30})?|"
     r"head shot|head and shoulders|face shot|portrait shot|tight(?:er)? (?:crop|framing|shot)"
     r"(?: on (?:her|his|its|their|the) (?:face|head|eyes))?|crop (?:in|tighter)(?: on .{1,20})?|"
     r"(?:focus|zoom) on (?:her|his|its|the) face|just (?:the|her|his) face"),
    ("framing", "medium shot", r"medium(?: close[- ]?up)?(?: shot)?|waist[- ]up|half body|"
     r"cowboy shot"),
    ("framing", "full body shot", r"(?:show )?(?:full[- ]?body|full[- ]length|(?:the )?"
     r"(?:whole|full|entire) (?:body|figure|person))(?: shot)?|head to toe|"
     r"show (?:her|his|the) (?:feet|legs)"),
    ("framing", "wide establishing shot", r"establishing shot|extreme wide(?: shot)?"),
    ("framing", "wide shot", r"wide(?: angle)?(?: shot)?|long shot|show (?:the )?(?:whole|entire) "
     r"(?!body\b)[\w-]+|show more of the "
     r"(?:scene|background|surroundings|room|landscape)"),
    ("angle", "profile view", r"(?:side )?profile(?: view| angle| shot)?|side (?:view|angle|on)|"
     r"(?:from )?the side|sideways"),
    ("angle", "view from behind", r"(?:from )?(?:behind|the back|the rear)|back view|rear view|"
     r"(?:her|his|its) back to (?:the )?camera"),
    ("angle", "front view", r"front(?:al)?(?: view| angle| on)?|(?:from )?the front|"
     r"fac(?:e|ing) (?:the )?(?:camera|viewer)|head[- ]on"),
    ("angle", "high angle from above", r"(?:from )?above|(?:a )?view from (?:the )?top|"
     r"from the top|high angle(?: shot| view)?|top[- ]down"
     r"(?: view)?|overhead(?: view| shot)?|bird'?s[- ]eye(?: view)?|looking down(?: at (?:her|him|"
     r"it|them))?"),
    ("angle", "aerial view", r"aerial(?: view| shot)?|drone(?: shot| view)?|from the (?:air|sky)"),
    ("angle", "low angle from below", r"(?:from )?below|low angle(?: shot| view)?|worm'?s[- ]eye"
     r"(?: view)?|looking up(?: at (?:her|him|it|them))?|from the ground"),
    ("angle", "eye-level view", r"eye[- ]level(?: view| shot)?|straight on"),
    ("angle", "three-quarter view", r"three[- ]quarters?(?: view| angle)?|3/4(?: view)?"),
    ("angle", "over-the-shoulder shot", r"over[- ]the[- ]shoulder(?: shot| view)?"),
    ("angle", "dutch angle", r"dutch(?: angle| tilt)?|tilted(?: camera| angle)?|canted"),
    ("lighting", "soft diffused lighting", r"soft(?:er)?(?: diffused)? (?:light|lighting)|"
     r"diffused(?: light| lighting)?|soft(?:er)? shadows"),
    ("lighting", "harsh direct lighting", r"harsh(?:er)?(?: light| lighting)?|hard(?:er)? "
     r"(?:light|lighting|shadows)"),
    ("lighting", "dramatic rim lighting", r"rim[- ]?light(?:ing)?|backlit|back[- ]?light(?:ing)?"),
    ("lighting", "neon lighting", r"neon(?: light| lights| lighting| glow)?"),
    ("lighting", "dim low-key lighting", r"(?:turn|switch) (?:off )?the lights?(?: off)?|"
     r"lights? off|no lights?"),
    ("lighting", "candlelight", r"candle[- ]?light|candles?lit|by candlelight"),
    ("lighting", "moonlight", r"moon[- ]?light|moonlit"),
    ("lighting", "studio lighting", r"studio (?:light|lights|lighting)"),
    ("lighting", "cinematic lighting", r"cinematic (?:light|lighting)"),
    ("lighting", "bright lighting", r"bright(?:er)?|light(?:er)?|more light|well[- ]lit|"
     r"less dark|not so dark|(?:more )?exposure|lift the shadows|(?:it'?s |way )?too dark"),
    ("lighting", "dim low-key lighting", r"dark(?:er)?|dim(?:mer)?|less (?:light|bright)|"
     r"not so bright|low[- ]key|moodier(?: lighting)?|underexposed|(?:it'?s |way )?too "
     r"(?:bright|light)"),
    ("colour", "black and white", r"(?:black and white|black & white|b&w|b/w|monochrome|"
     r"gr[ae]yscale|no colou?rs?)(?: photo)?"),
    ("colour", "vibrant saturated colours", r"(?:colou?rful|vibrant|vivid|saturated|punchy|"
     r"punchier|pop|more saturat\w*|saturate(?: it)?)(?: colou?rs)?|more colou?r|"
     r"brighter colou?rs"),
    ("colour", "muted desaturated colours", r"(?:muted|desaturated?|less saturated|washed[- ]out|"
     r"less colou?rful|faded|dull(?:er)?)(?: colou?rs| tones)?|less colou?r|tone (?:it )?down "
     r"the colou?rs"),
    ("colour", "pastel colours", r"pastel(?: colou?rs| tones)?|softer colou?rs"),
    ("colour", "sepia tones", r"sepia(?: tones?)?"),
    ("colour", "teal and orange colour grading", r"teal and orange|orange and teal"),
    ("colour", "warm colour palette", r"warm(?:er)?(?: colou?rs| tones| palette)?"),
    ("colour", "cool colour palette", r"(?:cool(?:er)?|cold(?:er)?|colder)(?: colou?rs| tones|"
     r" palette)?|bluer tones"),
    ("contrast", "high contrast", r"(?:high(?:er)?|more|strong(?:er)?) contrast|contrast(?:y)?|"
     r"contrastier|crisper|punchier contrast"),
    ("contrast", "low contrast", r"(?:low(?:er)?|less|soft(?:er)?) contrast|flatter|flat look"),
    ("weather", "rainy weather", r"rain(?:y|ing)?|in the rain"),
    ("weather", "foggy atmosphere", r"fog(?:gy)?|mist(?:y)?|hazy|haze"),
    ("weather", "snowy weather", r"snow(?:y|ing)"),
    ("weather", "stormy weather", r"storm(?:y)?|thunderstorm"),
    ("weather", "sunny weather", r"sunny|sunnier|clear sky|blue sky"),
    ("pose", "sitting", r"sit(?:ting)?(?: down)?|seated"),
    ("pose", "standing", r"stand(?:ing)?(?: up)?"),
    ("pose", "running", r"run(?:ning)?"),
    ("pose", "walking", r"walk(?:ing)?"),
    ("pose", "jumping", r"jump(?:ing)?"),
    ("pose", "kneeling", r"kneel(?:ing)?"),
    ("pose", "lying down", r"lie down|lying(?: down)?|laying down"),
    ("pose", "dancing", r"danc(?:e|ing)"),
    ("pose", "arms crossed", r"(?:stand(?:ing)? )?(?:with )?(?:her |his )?arms crossed|"
     r"cross (?:her|his) arms"),
    ("pose", "looking over the shoulder", r"look(?:ing)? (?:back )?over (?:her|his|its|the) "
     r"shoulder"),
    ("pose", "curled up", r"curl(?:ed|s)? up"),
    ("pose", "looking up", r"look(?:ing|s)? up at the \w+(?: \w+)?"),
    ("pose", "sleeping", r"sleep(?:ing|s)?|asleep"),
    ("pose", "looking at the camera", r"look(?:ing)? at (?:the )?(?:camera|viewer|us|me)|"
     r"eye contact"),
    ("pose", "looking away", r"look(?:ing)? away(?: from (?:the )?camera)?"),
    ("expression", "smiling", r"smil(?:e|ing)|happier face"),
    ("expression", "laughing", r"laugh(?:ing)?"),
    ("expression", "serious expression", r"serious(?: face| expression| look)?|stern"),
    ("expression", "angry expression", r"angry(?: face| expression)?|mad"),
    ("season", "in winter", r"winter(?:y|time)?"),
    ("season", "in summer", r"summer(?:y|time)?"),
    ("season", "in autumn", r"autumn(?:al)?|fall"),
    ("season", "in spring", r"spring(?:time)?"),
    ("time of day", "at night", r"(?:at )?night(?:time)?|night time|midnight|(?:at )?nite"),
    ("time of day", "at golden hour", r"golden hour"),
    ("time of day", "at sunset", r"sunset|sundown"),
    ("time of day", "at sunrise", r"sunrise|sun ?up"),
    ("time of day", "at dawn", r"dawn|daybreak"),
    ("time of day", "at dusk", r"dusk"),
    ("time of day", "at twilight", r"twilight"),
    ("time of day", "at blue hour", r"blue hour"),
    ("time of day", "at midday", r"day(?:time| time)?|midday|noon|daylight|during the day|"
     r"broad daylight"),
    ("time of day", "in the morning", r"morning"),
    ("time of day", "in the late afternoon", r"(?:late |early )?afternoon(?: sun| light)?"),
    ("time of day", "in the evening", r"evening"),
    ("style", "watercolor painting", r"watercolou?r(?: painting)?"),
    ("style", "oil painting", r"oil(?: painting)?|painted in oils?"),
    ("style", "anime style", r"anime"),
    ("style", "manga style", r"manga"),
    ("style", "Studio Ghibli style", r"(?:studio )?ghibli"),
    ("style", "Pixar-style 3D animation", r"(?:an? )?(?:disney )?pixar(?: movie| film| style)?"),
    ("style", "cartoon style", r"cartoon(?:ish|y)?"),
    ("style", "photorealistic photo", r"photo|photograph|photography|photo[- ]?realistic|"
     r"realistic|real photo|more real(?:istic)?|like a (?:real )?photo|hyper[- ]?realistic"),
    ("style", "pixel art", r"pixel(?:ated)?(?: art)?|8[- ]bit"),
    ("style", "3D render", r"3d(?: render)?|render|cgi"),
    ("style", "pencil sketch", r"(?:pencil )?sketch|pencil(?: drawing)?"),
    ("style", "comic book style", r"comic(?: book)?"),
    ("style", "cinematic film still", r"cinematic|film still|movie still|like a movie"),
    ("style", "digital illustration", r"(?:digital )?illustration|digital art|drawing"),
    ("style", "ink drawing", r"ink(?: drawing)?"),
    ("style", "low poly 3D", r"low[- ]poly"),
    ("style", "claymation", r"claymation|clay"),
    ("style", "impressionist painting", r"impressionis[mt](?: painting)?"),
    ("style", "flat vector illustration", r"(?:flat )?vector(?: art)?|flat design"),
    ("style", "film noir style", r"(?:film )?noir"),
    ("style", "cyberpunk style", r"cyberpunk"),
    ("style", "steampunk style", r"steampunk"),
    ("style", "painterly style", r"(?:an? )?(?:painting|painted|painterly)"),
    ("style", "hand-drawn illustration", r"hand[- ]?drawn(?: illustration| art)?"),
    ("style", "Renaissance oil painting", r"renaissance(?: painting| art)?"),
    ("style", "vintage photo", r"vintage|retro|old photo|(?:an? )?(?:vintage |old |retro )?"
     r"polaroid(?: photo)?"),
    ("style", "minimalist style", r"minimal(?:ist|istic)?|simpler|cleaner"),
    ("style", "line art", r"line art|line drawing"),
    ("mood", "{}", r"moody|calm|serene|peaceful|dramatic|mysterious|cheerful|happy|melancholic|"
     r"melancholy|eerie|cozy|cosy|epic|whimsical|romantic|tense|playful|gloomy|joyful|somber|"
     r"sombre|dreamy|dreamier|scary|scarier|spooky|spookier|sad|sadder|creepy|creepier|ominous|"
     r"magical|hopeful|lonely|nostalgic|intense|energetic|relaxing|festive|ethereal|majestic"),
]  # fmt: skip
# "less X" with an opposite: "less dark" is brighter, "less saturated" is muted.
OPPOSITES: list[tuple[str, str]] = [
    (r"dark|moody|gloomy", "brighter"),
    (r"bright|light|exposed", "darker"),
    (r"harsh(?: shadows| light| lighting)?|hard shadows", "softer light"),
    (r"saturated|saturation|colou?rful|vibrant|colou?rs?", "muted colours"),
    (r"contrast|contrasty", "lower contrast"),
    (r"warm|orange|yellow", "cooler"),
    (r"cool|cold|blue", "warmer"),
    (r"close|zoomed in|tight", "wider"),
    (r"wide|far|zoomed out", "closer"),
    (r"realistic|real", "digital illustration"),
    (r"cartoony|cartoon|cartoonish", "more realistic"),
]
# "closer" / "wider": moves along the shot scale.
STEPS: list[tuple[int, str]] = [
    (
        +1,
        r"(?:it'?s )?too far(?: away)?|closer|tighter|nearer|zoom(?:ed)? in|zoom closer|"
        r"get closer|move (?:the camera )?"
        r"closer|come closer|push in|less far|crop (?:it )?(?:in|tighter)|more zoomed in",
    ),
    (
        -1,
        r"wider|zoom(?:ed)? out|pull(?:ed)? back|pull the camera back|further(?: away| back)?|"
        r"farther(?: away| back)?|less close|back up|move (?:the camera )?back|more zoomed out|"
        r"show more|not so close|too close|"
        r"step back|(?:more )?negative space(?: around .{2,30})?|"
        r"(?:can we |let me |i want to )?see more(?: of (?:the )?\w+)?",
    ),
]
# The words the intents are made of, for typo tolerance ("closr" → "closer").
TYPO_WORDS = frozenset(
    "closer wider zoom remove delete erase without add include night nighttime sunset sunrise "
    "darker brighter warmer cooler watercolor watercolour anime photorealistic realistic undo "
    "revert background lighting dramatic contrast saturated desaturate desaturated profile above "
    "below behind closeup close-up black white instead keep make change switch morning evening "
    "golden cinematic sketch painting colorful colourful vibrant pastel portrait headshot "
    "mysterious moody cartoon illustration replace further farther tighter softer sharper "
    "warmer daytime lighter darker please angle shot full body medium"
    .split()
)  # fmt: skip
