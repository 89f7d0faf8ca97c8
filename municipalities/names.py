"""Names in Kyrgyz, Russian and English, and a spelling-tolerant search key.

A resident looking for Көк-Жар may type "Көк-Жар", "Кок-Жар", "Kok-Jar", "Kök-Jar" or
"kok jar". `search_key` reduces each of these to the same Latin skeleton ("kokjar"), so that a
plain substring match on stored keys finds the municipality whatever the spelling.
"""

import unicodedata

# Kyrgyz and Russian Cyrillic to a plain Latin spelling. The special Kyrgyz letters fold into
# their plain neighbours (ө→o, ү→u, ң→n) because that is how people type without a Kyrgyz
# keyboard; ӊ (U+04CA) is the wrong code point some data sets use for ң.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n",
    "ӊ": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ү": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip

# Latin spellings that mean the same sound, longest first.
_DIGRAPHS = [("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("yo", "o"), ("yu", "u"),
             ("ya", "a"), ("y", "i")]  # fmt: skip


def search_key(text: str) -> str:
    """Fold a name or a query into a Latin skeleton: no case, accents, hyphens or doubled letters."""
    # Strip accents first (ö → o, ü → u, ӧ → о, й → и); ө, ү and ң are letters of their own
    # and do not decompose, so the table below folds them.
    text = "".join(
        char
        for char in unicodedata.normalize("NFKD", (text or "").lower())
        if not unicodedata.combining(char)
    )
    latin = "".join(_CYRILLIC.get(char, char) for char in text)
    latin = "".join(char for char in latin if char.isalnum())
    for long, short in _DIGRAPHS:
        latin = latin.replace(long, short)
    folded = []
    for char in latin:
        if not folded or folded[-1] != char:
            folded.append(char)
    return "".join(folded)


def clean_kyrgyz(text: str) -> str:
    """Fix the code points that some sources use for Kyrgyz letters, and stray spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u04ca", "\u04a3").replace("\u04c9", "\u04a2")  # ӊ → ң, Ӊ → Ң
    return " ".join(text.replace("\xa0", " ").split())
