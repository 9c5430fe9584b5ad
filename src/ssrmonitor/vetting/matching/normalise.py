"""Name normalisation: from a name in any script to comparable tokens and spelling-tolerant keys.

The steps, in order (:func:`name_tokens`):

1. Unicode NFKC; Arabic-script words are transliterated with the bundled Arabic→Latin token table
   (learnt from real Wikidata and Wikipedia name pairs, see ``vetting/data/PROVENANCE.md``), with
   the article ``ال`` split off; anything else goes through ``anyascii`` (Cyrillic, Greek, CJK …).
2. Case and diacritics are folded (``anyascii`` drops accents), punctuation becomes a space;
   digits that stand for letters (``Ig0r Sech1n``) are read as letters.
3. Arabic article forms glued by a hyphen (``al-``, ``ad-``, ``ash-`` …) and particles
   (al, el, bin, ben, ibn, ould, ag, de, da, van, von …) are dropped; ``abu``/``abou`` is glued to
   the next word (``Abu Bakr`` → ``abubakr``), and so are ``abd``/``abdel``/``abdul``/``abdoul``
   (``Abdel Aziz`` and ``Abdulaziz`` both give ``abdaziz``).
4. The tokens are returned in their written order (``SURNAME, Given`` is read ``Given SURNAME``);
   matching is order-free (see ``score.py``) except that a conflict between the first names
   weighs more.

Two spelling-tolerant forms per token are derived:

- :func:`phonetic` — a reading key tuned for Arabic, French and African transliterations:
  ``ph→f``, ``kh→h``, ``gh→g``, ``dj/dh→j/d``, ``q→k``, hard ``c→k``, soft ``c→s``, ``ou/oo/w→u``,
  ``y/ee→i``, ``x→ks``, double letters collapsed; compared with Jaro–Winkler;
- :func:`skeleton` — a consonant skeleton: vowels, ``h``, ``w`` and ``y`` dropped, voiced and
  voiceless consonants merged (``b/p``, ``d/t``, ``g/k/q``, ``s/z``, ``f/v``) and runs collapsed,
  so ``Mohamed``, ``Muhammad``, ``Mouhammed`` and ``Mamadou`` all give ``mmt``. It is the key of the
  candidate index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from ssrmonitor.vetting.matching import equivalence

PARTICLES = frozenset(
    {
        "al", "el", "ul", "bin", "ben", "ibn", "bint", "binti", "ould", "wuld", "ag", "ait",
        "de", "da", "di", "do", "du", "des", "del", "della", "dos", "das", "van", "von", "der",
        "den", "le", "la", "y", "mc", "st", "wa",
    }
)  # fmt: skip
_GLUE_NEXT = frozenset({"abu", "abou", "abo", "abd", "abdel", "abdul", "abdal", "abdoul", "abdil"})
_ABD_PREFIX = re.compile(r"^abd(?:oul|oel|oal|ul|el|al|il|ol|ur|ar|er|ir)(?=[a-z]{2})")
_ARTICLE = re.compile(r"(?<![^\W_])(?:al|el|ul|ad|ed|ar|er|as|es|ash|esh|at|az|an|en)-", re.I)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARABIC_WORD = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+")
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g"}
)
_HONORIFICS = frozenset(
    {"shaikh", "sheikh", "cheikh", "shaykh", "haji", "hajji", "hadj", "el hadj", "mr", "mrs", "dr",
     "general", "colonel", "col", "gen", "capt", "captain", "lt", "sgt", "mullah", "mulla",
     "maulavi", "mawlawi", "maulvi", "qari", "imam", "jr", "sr", "junior", "senior"}
)  # fmt: skip


def arabic_key(word: str) -> str:
    """Arabic word normalised for the look-up table: no vowel marks, one alef, ى→ي."""
    word = _ARABIC_MARKS.sub("", word)
    return word.translate(_ARABIC_FOLD)


_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك"})


def _transliterate_arabic(match: re.Match[str]) -> str:
    word = arabic_key(match.group(0))
    table = equivalence.arabic_to_latin()
    if word in table:
        return f" {table[word]} "
    if word.startswith("ال") and len(word) > 3:
        rest = word[2:]
        return f" {table.get(rest) or anyascii(rest)} "
    return f" {anyascii(word)} "


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` with Arabic words transliterated (see module doc)."""
    text = unicodedata.normalize("NFKC", text)
    if _ARABIC_WORD.search(text):
        text = _ARABIC_WORD.sub(_transliterate_arabic, text)
    text = _ARTICLE.sub(" ", text)
    text = anyascii(text).lower().replace("'", "").replace("`", "")
    text = _ARTICLE.sub(" ", text)
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def norm_token(token: str) -> str:
    """One folded token in its canonical written form (``abdelaziz`` → ``abdaziz``)."""
    if not token.isalpha() and any(ch.isdigit() for ch in token) and not token.isdigit():
        token = token.translate(_LEET)
    token = _ABD_PREFIX.sub("abd", token)
    return token


@lru_cache(maxsize=200_000)
def name_tokens(name: str) -> tuple[str, ...]:
    """The comparable tokens of one name, in written order (particles dropped, see module doc)."""
    if name.count(",") == 1:  # "SURNAME, Given names" → "Given names SURNAME"
        surname, _, given = name.partition(",")
        name = f"{given} {surname}"
    raw = [norm_token(t) for t in fold(name).split() if not t.isdigit()]
    raw = [t for t in raw if t]
    kept = [t for t in raw if t not in PARTICLES and t not in _HONORIFICS]
    if not kept:
        kept = raw
    out: list[str] = []
    i = 0
    while i < len(kept):
        token = kept[i]
        if token in _GLUE_NEXT and i + 1 < len(kept):
            token = _glue(token, kept[i + 1])
            i += 1
        out.append(token)
        i += 1
    return tuple(out)


def _glue(head: str, tail: str) -> str:
    if head.startswith("abd"):
        return "abd" + tail
    return "abu" + tail


_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"^abou|^abo(?=[bcdfgjklmnqrstvz])", "abu"),
        (r"tch|tsh|sch|ch|sh", "$"),
        (r"ph", "f"),
        (r"kh", "h"),
        (r"gh", "g"),
        (r"dj|dzh|zh", "j"),
        (r"dh", "d"),
        (r"th", "t"),
        (r"ck|q|c(?=[aoukrlt]|$)", "k"),
        (r"c", "s"),
        (r"x", "ks"),
        (r"ou|oo|w", "u"),
        (r"ee|ie(?=$)|y", "i"),
        (r"(?<=[bdfgjklmnprstvz$])h", ""),
        (r"(.)\1+", r"\1"),
        (r"(?<=.)e$", ""),
    )
)


@lru_cache(maxsize=400_000)
def phonetic(token: str) -> str:
    """Reading key of a normalised token (see module doc); ``$`` stands for the sh/ch sound."""
    for pattern, repl in _PHONETIC_RULES:
        token = pattern.sub(repl, token)
    return token


_SKELETON_MAP = str.maketrans(
    {
        "a": None, "e": None, "i": None, "o": None, "u": None, "h": None, "w": None, "y": None,
        "'": None, "p": "b", "d": "t", "g": "k", "q": "k", "c": "k", "z": "s", "v": "f",
        "$": "s",
    }
)  # fmt: skip
_RUNS = re.compile(r"(.)\1+")


@lru_cache(maxsize=400_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of a normalised token, ``a`` first if it starts with a vowel sound
    (so ``Ahmed`` ≠ ``Mohamed``, but ``Umar`` = ``Omar``); a vowel-only token keeps its reading.
    """
    reading = phonetic(token)
    skel = _RUNS.sub(r"\1", reading.translate(_SKELETON_MAP))
    if not skel:
        return "~" + reading
    if reading.lstrip("h")[:1] in _VOWELS:
        return "a" + skel
    return skel


_VOWELS = frozenset("aeiou")


def is_initial(token: str) -> bool:
    """A one-letter token stands for an initial (``Hans J Friedrich``)."""
    return len(token) == 1
