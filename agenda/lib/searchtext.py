"""The one normaliser of search text, for what is indexed and for what is asked.

French text → words without accents, in lower case, stemmed by the Snowball French stemmer
(pure Python), stop words left out: "Les ATELIERS de données" → atel, donne. Both engines index
the words this module writes (SQLite FTS5, PostgreSQL's `simple` configuration): neither
changes them, so both find the same events for the same question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .frenchdates import fold as fold_accents

# Letters and digits only: what FTS5's unicode61 and PostgreSQL's parser both read as one word.
WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_WORDS = 12

# Words too common to tell events apart (articles, prepositions, pronouns, auxiliaries).
STOP_WORDS = frozenset(
    """a au aux avec ce ces cet cette d dans de des du elle en est et il ils j je l la le les leur
    leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se
    ses son sont sur t ta te tes toi ton tu un une vos votre vous y""".split()
)

_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case without accents (`frenchdates.fold`, the one rule), ligatures spelled out
    (œ → oe), for the index and the queries: "DONNÉES" → "donnees"."""
    ligatures = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    return fold_accents(ligatures)


def words(text: str) -> list[str]:
    """The folded words of `text`, stop words left out, in order."""
    return [word for word in WORD.findall(fold(text)) if word not in STOP_WORDS]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of a folded word ("ateliers" → "atel"); numbers stay as they are."""
    return word if word.isdigit() else _stemmer.stemWord(word)


def index_text(*parts: str) -> str:
    """What the index stores for these texts: each word's stem, and the word itself when it
    differs (so that a word being typed matches as a prefix of what was written)."""
    tokens: list[str] = []
    for word in words(" ".join(part for part in parts if part)):
        root = stem(word)
        tokens.append(root)
        if root != word:
            tokens.append(word)
    return " ".join(tokens)


@dataclass(frozen=True)
class SearchQuery:
    """A question as terms: every term must match (AND). A term is a stem; the last one, being
    typed, may also be the beginning of a written word."""

    stems: tuple[str, ...]
    prefix: str = ""  # the last word as typed (folded), matched as a prefix

    def __bool__(self) -> bool:
        return bool(self.stems)

    def fts5(self) -> str:
        """The question in FTS5's syntax (every token is [a-z0-9]+, so quoting is enough)."""
        terms = [f'"{root}"' for root in self.stems[:-1]]
        if self.prefix:
            terms.append(f'("{self.stems[-1]}" OR "{self.prefix}"*)')
        elif self.stems:
            terms.append(f'"{self.stems[-1]}"')
        return " AND ".join(terms)

    def tsquery(self) -> str:
        """The question in PostgreSQL's to_tsquery syntax, for the `simple` configuration."""
        terms = list(self.stems[:-1])
        if self.prefix:
            terms.append(f"({self.stems[-1]} | {self.prefix}:*)")
        elif self.stems:
            terms.append(self.stems[-1])
        return " & ".join(terms)

    def matches(self, word: str) -> bool:
        """Whether one written word is one the question found (for highlighting)."""
        folded = fold(word)
        if folded in STOP_WORDS or not WORD.fullmatch(folded):
            return False
        return stem(folded) in self.stems or bool(self.prefix and folded.startswith(self.prefix))


def parse_query(text: str) -> SearchQuery:
    """A visitor's question → terms. The last word is taken as a prefix too, unless the question
    ends with a space (the word is then complete)."""
    asked = words(text)[:MAX_QUERY_WORDS]
    if not asked:
        return SearchQuery(stems=())
    last = stem(asked[-1])
    stems = (*dict.fromkeys(stem(word) for word in asked[:-1] if stem(word) != last), last)
    complete = text[-1:].isspace()
    return SearchQuery(stems=stems, prefix="" if complete else asked[-1])
