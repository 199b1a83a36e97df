"""How much of a query a document answers, the same way in every engine.

Each concept of the query (a word or phrase with its synonyms) weighs its idf — BM25's
ln(1 + (N - df + 0.5) / (df + 0.5)), df being the documents holding what the resident typed. A
word the index has never seen (and could not correct) weighs UNKNOWN_WORD_WEIGHT times the query's
most informative known word: it is as likely to be the point of the question ("rendang" in "cara
membuat rendang padang") as a word we happen to lack. A document's coverage is the share of the
total weight it matches; engines do not show a document under their relevance floor (a share of
the total), so an off-topic query ends on the zero-result help instead of a page of weak matches.
"""

import math

UNKNOWN_WORD_WEIGHT = 2.0
# A concept the synonym lexicon knows (search/data/synonyms_id.txt and editors' groups: the words
# residents use for the problems the site answers, "dibegal", "pinjol", "kdrt") weighs this many
# times its idf: in "dibegal pas pulang kerja" the problem is "begal", the rest is context.
LEXICON_WEIGHT = 2.0


def idf(n: int, df: int) -> float:
    df = max(0, min(df, n))
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def concept_weights(n: int, dfs: list[int], lexicon: list[bool] | None = None) -> list[float]:
    """The weight of each concept, from the documents holding each (0: unknown to the index) and
    whether the synonym lexicon knows it. An unknown word weighs UNKNOWN_WORD_WEIGHT times the
    idf of the query's most informative known concept (before the lexicon's factor)."""
    n = max(1, n)
    lexicon = lexicon or [False] * len(dfs)
    idfs = [idf(n, df) if df > 0 else None for df in dfs]
    known = [value for value in idfs if value is not None]
    unknown = UNKNOWN_WORD_WEIGHT * max(known) if known else 1.0
    return [
        unknown if value is None else value * (LEXICON_WEIGHT if word else 1.0)
        for value, word in zip(idfs, lexicon, strict=True)
    ]
