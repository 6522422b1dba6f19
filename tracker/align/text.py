"""Text normalisation shared by alignment, diffs, lineages and lint.

Everything here is about deciding what is *not* a change: case, punctuation, years in titles
("Særkoder 2024" / "Særkoder 2025"), line breaks, hyphenation at line ends and the usual OCR
confusions of a scanned page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from tracker.slug import slug

WORD_RE = re.compile(r"[0-9A-Za-zÆØÅæøåÄÖÜäöüÉéÈèÔô]+", re.UNICODE)
YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
NUMBER_RE = re.compile(r"^\d+(?:\.\d+)*$")

# Short function words of bokmål that carry no topic; used for slugs and topic matching.
STOPWORDS = frozenset(
    """og i av for med til på om fra som er det den de en et ett ved under etter mot eller samt
    uten innen ikke at vil kan skal har ble blir nå også men så seg sin sine hva hvor når dette
    disse alle andre annen annet ny nye the of and""".split()
)



def fold(text: str) -> str:
    """Case-folded, accent-stable form (keeps æøå) with unified quotes and dashes."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "")  # soft hyphen
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(ch, "-")
    for ch in "\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019\u201a":
        text = text.replace(ch, '"')
    return text.casefold()


def words(text: str) -> list[str]:
    return WORD_RE.findall(fold(text))


def title_key(title: str) -> str:
    """A title reduced to what makes it a different title: years, case, punctuation dropped."""
    t = YEAR_RE.sub(" ", fold(title))
    parts = t.split()
    if len(parts) >= 4 and sum(len(w) <= 2 for w in parts) >= 0.6 * len(parts):
        t = "".join(parts)  # letter-spaced heading from the text layer: "I NN L E D N I N G"
    # A heading broken over two lines keeps its hyphen and a space: "KOST- NADSVEKTBEREGNINGENE".
    t = re.sub(r"(\w)- (?!og\b|eller\b|samt\b)(\w)", r"\1\2", t)
    return " ".join(WORD_RE.findall(t))


_OCR_WORD = str.maketrans({"æ": "e", "ø": "o", "å": "a", "ä": "a", "ö": "o", "0": "o", "1": "l", "5": "s", "|": "l"})


def ocr_fold(word: str) -> str:
    """A (case-folded) word as a poor text layer might give it: æøå lost, 0/O, 1/l, 5/s, rn/m.

    Used only to compare words, never to show them. Pure numbers are kept as they are.
    """
    if word.isdigit() or not any(c.isalpha() for c in word):
        return word
    return word.replace("ae", "e").translate(_OCR_WORD).replace("rn", "m")


def match_words(text: str) -> list[str]:
    """Words for similarity, folded for OCR."""
    return [ocr_fold(w) for w in words(text)]


def match_title_key(title: str) -> str:
    """A title key folded for OCR: what two titles are compared on."""
    return " ".join(ocr_fold(w) for w in title_key(title).split())


def topic_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and not w.isdigit() and len(w) > 1]


def slugify(text: str, max_words: int = 4) -> str:
    """A readable ASCII slug: significant words, æøå transliterated (``kneprotese-forlop``)."""
    return slug(" ".join(topic_words(YEAR_RE.sub(" ", text))), max_words=max_words, fallback="seksjon")


def number_parts(number: str | None) -> tuple[int, ...] | None:
    if number is None or not NUMBER_RE.match(number.strip()):
        return None
    return tuple(int(p) for p in number.strip().split("."))


def dehyphenate(text: str) -> str:
    """Join words broken at a line end ("fødsels-\\nomsorgen"), keep "telefon- og video"."""
    return re.sub(r"(\w)-[ \t]*\n[ \t]*(?!(?:og|eller)\b)([a-zæøå])", r"\1\2", text)


class TfIdf:
    """Sparse tf-idf vectors over the sections of two documents (cosine similarity of bodies).

    Cosine on word counts is tolerant of OCR noise (a misread word costs one term, not an
    alignment) and cheap enough to compute for every candidate pair.
    """

    def __init__(self, texts: Iterable[list[str]]):
        docs = list(texts)
        df: Counter[str] = Counter()
        for toks in docs:
            df.update(set(toks))
        n = max(len(docs), 1)
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.df = df
        self.vectors: list[dict[str, float]] = []
        self.norms: list[float] = []
        for toks in docs:
            tf = Counter(toks)
            vec = {w: (1 + math.log(c)) * self.idf[w] for w, c in tf.items()}
            self.vectors.append(vec)
            self.norms.append(math.sqrt(sum(v * v for v in vec.values())) or 1.0)

    def query_cosines(self, tokens: list[str]) -> list[float]:
        """Cosine of a new text (weighted with this corpus's idf) against every stored text."""
        tf = Counter(t for t in tokens if t in self.idf)
        vec = {w: (1 + math.log(c)) * self.idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out = []
        for k, other in enumerate(self.vectors):
            dot = sum(v * other[w] for w, v in vec.items() if w in other)
            out.append(dot / (norm * self.norms[k]))
        return out

    def cosine(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if not a or not b:
            return 0.0
        if len(a) > len(b):
            a, b = b, a
        dot = sum(v * b[w] for w, v in a.items() if w in b)
        return dot / (self.norms[i] * self.norms[j])


def shingles(tokens: list[str], k: int = 3) -> set[tuple[str, ...]]:
    if len(tokens) < k:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def containment(part: set, whole: set) -> float:
    """Share of ``part``'s shingles found in ``whole`` (1.0: part is wholly inside whole)."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)
