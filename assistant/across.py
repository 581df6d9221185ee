"""Good practices across languages: a query's concepts said in each document language (languages.named_concepts),
as the words a BM25 search in that language looks for and as the words that make a passage in it relevant."""

from __future__ import annotations

from functools import lru_cache

from . import lexical
from .languages import named_concepts, same_word
from .records import Hit

MIN_COMPOUND = 9  # letters of a word read as a compound of two concepts' words ("clustermanag", "klusterled")


def language_queries(query: str, langs: list[str]) -> dict[str, list[str]]:
    """For each language of `langs`, the BM25 terms of the query said in it: its words for every concept the query
    names, and the query's other words (names) as they are; none when it names no concept. The query's own
    language too: a short query's language is a guess ("digitalisation of SMEs" reads as French), and in its own
    language the concept's other words are synonyms ("numérisation")."""
    named, covered = named_concepts(query)
    if not named:
        return {}
    out = {}
    for code in langs:
        said = [w for by_lang in named for w in sorted(by_lang.get(code, ()))]
        if said:
            out[code] = lexical.query_terms(" ".join([*said, _rest(query, covered)]), [code])
    return out


def every_concept(query: str, hit: Hit, indexed: set[str]) -> bool:
    """Whether a passage holds, in its own language, a word for every concept the query names (a compound of two of
    them says both: "Clustermanager", "klusterledare") and each of the query's other words: every_word's rule,
    said in any language and with the concepts' other words."""
    said = _said(query, str(hit.meta.get("lang", "")))
    if said is None:
        return False
    stems_by_concept, every, rest = said
    compounds = [t for t in indexed if len(t) >= MIN_COMPOUND]
    for stems in stems_by_concept:
        if not stems or not (any(same_word(t, s) for t in indexed for s in stems)
                             or any(joins(t, stems, every) or joins(t, every, stems) for t in compounds)):
            return False
    return rest <= indexed


@lru_cache(maxsize=1024)
def _said(query: str, lang: str) -> tuple[tuple[frozenset[str], ...], frozenset[str], frozenset[str]] | None:
    """The query in a language, once per query and language (a search checks up to a hundred passages): each
    concept's stems, all of them, and the tokens of its other words; None when it names no concept."""
    named, covered = named_concepts(query)
    if not named or not lang:
        return None
    # a stem inflected counts ("utbild" of "utbildar" and of "utbildning": the concept lists name nouns)
    stems = tuple(frozenset(lexical.tokenize(" ".join(by_lang.get(lang, ())), lang)) for by_lang in named)
    return stems, frozenset().union(*stems), frozenset(lexical.tokenize(_rest(query, covered), lang))


def _rest(query: str, covered: set[str]) -> str:
    """The query's words that name no concept (names, places), as typed."""
    return " ".join(w for w in query.split() if w.casefold().strip("?,.!;:()\"'") not in covered)


def joins(word: str, firsts: set[str] | list[str], seconds: set[str] | list[str]) -> bool:
    """Whether a word is a compound that opens with one of `firsts` (five letters or more) and goes on, after at
    most three joining letters ("kluster-le-dare", "Cluster-s-"), with one of `seconds` (three or more)."""
    return any(len(f) >= 5 and word.startswith(f) and any(
        len(s) >= 3 and word[len(f) + skip:].startswith(s) for s in seconds for skip in range(4)) for f in firsts)
