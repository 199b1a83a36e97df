"""Indonesian text analysis, defined once: folding, tokenizing, stop words and Sastrawi stemming for
indexing; synonym/abbreviation expansion and "did you mean" corrections for queries.

The database engine indexes `index_text()` (stemmed tokens joined by spaces) and matches queries
built by `analyze_query()`; the Elasticsearch engine mirrors the same steps in its own analyzers.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe
from rapidfuzz.distance import OSA

from search.models import SynonymGroup

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms_id.txt"

# Function words, pronouns, chat particles, question frames ("cara membuat ...") and time words that
# say nothing about the problem a resident has. Kept short on purpose: words such as "baru" (new),
# "hilang", "waktu" carry meaning here.
STOP_WORDS = frozenset(
    """
    yang yg dan dan/atau atau di ke dari dgn dengan untuk utk buat bwt pada oleh dalam dlm
    itu ini tsb tersebut sih dong deh kok lho loh nih tuh ya yah iya kah lah pun nya
    saya aku ak gue gw gua sy kami kita kamu km anda lu lo elu dia ia mereka beliau
    ada adalah ialah merupakan apa apakah gimana bagaimana bgmn kenapa mengapa knp
    kapan dimana mana siapa berapa brp
    tidak tdk gak ga gk nggak ngga enggak engga ndak tak bukan
    sudah udah udh sdh telah sedang lagi lg masih belum blm akan mau pengen ingin
    bisa dapat bs harus hrs boleh perlu
    jika kalau kalo klo bila apabila karena krn karna sebab jadi jd agar supaya biar
    juga jg saja aja doang tapi tetapi tp namun serta sama
    para si sang se bagi tentang soal terhadap antara sebagai seperti kayak kyk
    sangat banget bgt paling lebih kurang terus trs mulu melulu
    cara caranya gmn membuat bikin bkin tips
    hari besok kemarin kemaren tadi sekarang skrg terbaru terkini
    pas saat ketika sewaktu sambil suka sering selalu
    tolong mohon please min gan sis bro pak bu kak
    gini gitu begini begitu emang emangnya kan nah yuk ayo dapet pake
    tiap setiap pagi siang sore malam malem subuh
    """.split()
)

MAX_QUERY_TOKENS = 24  # a 2,000-character paste is cut to its first words, not an error
MAX_ALTERNATIVES = 48  # bounds the size of the full-text expression a query becomes
MIN_CORRECTABLE_LENGTH = 4

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lowercase and ASCII-fold ("Café" -> "cafe"); characters without an ASCII form are dropped."""
    text = str(text or "")
    if text.isascii():  # most text: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return decomposed.encode("ascii", "ignore").decode("ascii")


def tokenize(text: str) -> list[str]:
    """Folded tokens: runs of letters and digits; single letters are noise ("e" of "e-ktp")."""
    return [token for token in _TOKEN_RE.findall(fold(text)) if len(token) > 1 or token.isdigit()]


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Sastrawi stem of one folded token; short tokens, numbers and codes are left alone."""
    if len(token) < 4 or not token.isalpha():
        return token
    return _stemmer().stem(token) or token


def content_tokens(text: str) -> list[str]:
    return [token for token in tokenize(text) if token not in STOP_WORDS]


def analyze(text: str) -> list[str]:
    """The index-side analysis: fold, tokenize, drop stop words, stem."""
    return [stem(token) for token in content_tokens(text)]


def index_text(text: str) -> str:
    return " ".join(analyze(text))


def vocabulary(text: str) -> set[str]:
    """Surface words of the index's vocabulary: the candidates of "did you mean" (only words of
    three letters or more are ever proposed) and the document counts behind idf ("hp", "wa")."""
    return {token for token in content_tokens(text) if token.isalpha() and 2 <= len(token) <= 64}


# --- synonyms ---------------------------------------------------------------------------------


def parse_synonym_lines(lines) -> list[list[str]]:
    """Solr equivalence groups ("a, b, c"); explicit mappings ("a => b") are read as groups too."""
    groups = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.replace("=>", ",")
        terms = [term.strip() for term in line.split(",") if term.strip()]
        if len(terms) > 1:
            groups.append(terms)
    return groups


def shipped_synonym_groups() -> list[list[str]]:
    with open(SYNONYMS_FILE, encoding="utf-8") as handle:
        return parse_synonym_lines(handle)


def editor_synonym_groups() -> list[list[str]]:
    groups = []
    for group in SynonymGroup.objects.filter(active=True).only("terms"):
        terms = group.term_list()
        if len(terms) > 1:
            groups.append(terms)
    return groups


class SynonymIndex:
    """Phrase lookup over synonym groups. Phrases are matched on folded words (as the shipped file
    asks: no stemming before synonyms) and also on stems, so "dicuri" meets the group of "pencuri"."""

    def __init__(self, groups):
        self.groups: list[list[tuple[str, ...]]] = []
        self.by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.words: set[str] = set()
        for terms in groups:
            phrases = []
            for term in terms:
                words = tuple(content_tokens(term))
                if words and words not in phrases:
                    phrases.append(words)
            if len(phrases) < 2:
                continue
            group_id = len(self.groups)
            self.groups.append(phrases)
            for words in phrases:
                self.words.update(words)
                stems = tuple(stem(word) for word in words)
                for form in {words, stems}:
                    self.by_first.setdefault(form[0], []).append((form, group_id))
        for candidates in self.by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))

    def match_at(self, words: list[str], stems: list[str], start: int):
        """Longest phrase starting at `start`: (length, [group ids]) or (0, [])."""
        best_length, group_ids = 0, []
        for sequence in (words, stems):
            for form, group_id in self.by_first.get(sequence[start], ()):
                length = len(form)
                if tuple(sequence[start : start + length]) == form:
                    if length > best_length:
                        best_length, group_ids = length, [group_id]
                    elif length == best_length and group_id not in group_ids:
                        group_ids.append(group_id)
        return best_length, group_ids


_synonym_state = {"version": None, "index": None}
SYNONYM_VERSION_KEY = "search:synonyms:version"


def invalidate_synonyms():
    """Called when editors change a SynonymGroup; every process rebuilds its index on next use."""
    try:
        cache.incr(SYNONYM_VERSION_KEY)
    except ValueError:
        cache.set(SYNONYM_VERSION_KEY, 1, None)
    _synonym_state["version"] = None


def synonym_index() -> SynonymIndex:
    version = cache.get(SYNONYM_VERSION_KEY, 0)
    if _synonym_state["index"] is None or _synonym_state["version"] != version:
        _synonym_state["index"] = SynonymIndex(shipped_synonym_groups() + editor_synonym_groups())
        _synonym_state["version"] = version
    return _synonym_state["index"]


# --- spelling --------------------------------------------------------------------------------


def max_edits(word: str) -> int:
    """Like Elasticsearch's fuzziness AUTO: 1 edit for 4-7 letters, 2 from 8 letters."""
    if len(word) < MIN_CORRECTABLE_LENGTH:
        return 0
    return 1 if len(word) < 8 else 2


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """The Indonesian root words Sastrawi stems to (about 30,000, from KBBI)."""
    from importlib.resources import files

    data = files("Sastrawi.Stemmer") / "data" / "kata-dasar.txt"
    return frozenset(line.strip() for line in data.read_text("utf-8").splitlines() if line.strip())


def is_dictionary_word(word: str) -> bool:
    """A correctly spelled Indonesian word (it or its stem is a root word of the dictionary):
    not a typo, so never "corrected" to another word ("berisik" is not "berisi", "padang" is
    not "pasang") — a real word the site never uses means the question is about something else."""
    words = dictionary()
    return word in words or stem(word) in words


def best_correction(word: str, candidates) -> str | None:
    """The closest candidate (fewest edits, then most documents); candidates: (term, doc_count).
    Edits are counted as optimal string alignment (an adjacent swap is one edit), by rapidfuzz."""
    limit = max_edits(word)
    best = None
    for term, doc_count in candidates:
        if term == word:
            return None
        distance = OSA.distance(word, term, score_cutoff=limit)
        if distance <= limit:
            rank = (distance, -doc_count, term)
            if best is None or rank < best[0]:
                best = (rank, term)
    return best[1] if best else None


# --- colloquial forms -------------------------------------------------------------------------


class Colloquial(str):
    """A standard form found for a colloquial word ("nagih" -> "tagih"): used silently, never
    offered as "did you mean"."""


def colloquial_roots(word: str) -> list[str]:
    """Standard forms a Jakartan colloquial verb may stand for: the nasal prefix N- replaces the
    root's first consonant (ny- for s/c, m- for p/b, n- for t, ng- for k or a vowel), and -in
    stands for -kan/-i ("nagihin" -> "tagih"). Callers keep the forms the index knows."""
    if len(word) < 4 or not word.isalpha():
        return []
    bases = [word]
    if word.endswith("in") and len(word) > 5:
        bases.append(word[:-2])
    roots = []
    for base in bases:
        if base.startswith("ny"):
            roots += ["s" + base[2:], "c" + base[2:]]
        elif base.startswith("ng"):
            roots += [base[2:], "k" + base[2:]]
        elif base.startswith("n"):
            roots.append("t" + base[1:])
        elif base.startswith("m"):
            roots += ["p" + base[1:], "b" + base[1:]]
        if base != word:
            roots.append(base)
    return [root for root in dict.fromkeys(roots) if len(root) >= 3 and root != word]


# --- queries ---------------------------------------------------------------------------------


@dataclass
class Clause:
    """One concept of the query: matched when any alternative (a phrase of stems) matches."""

    source: tuple[str, ...]
    alternatives: list[tuple[str, ...]]
    fallbacks: int = 0  # the last alternatives are the phrase's words on their own
    lexicon: bool = (
        False  # a phrase of a synonym group ("dijambret": even when all its forms stem alike)
    )

    @property
    def whole(self) -> list[tuple[str, ...]]:
        """The alternatives that match the whole concept (for coverage: "geng motor" is not
        answered by a page that only says "motor")."""
        return self.alternatives[: len(self.alternatives) - self.fallbacks]


@dataclass
class AnalyzedQuery:
    text: str
    words: list[str] = field(default_factory=list)  # folded words after corrections
    clauses: list[Clause] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    suggestion: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def alternatives(self) -> list[tuple[str, ...]]:
        seen, result = set(), []
        for clause in self.clauses:
            for alternative in clause.alternatives:
                if alternative not in seen:
                    seen.add(alternative)
                    result.append(alternative)
        return result[:MAX_ALTERNATIVES]

    def highlight_stems(self) -> set[str]:
        return {token for alternative in self.alternatives() for token in alternative}


def analyze_query(
    text: str, vocabulary_lookup=None, synonyms: SynonymIndex | None = None, expand: bool = True
) -> AnalyzedQuery:
    """Turn what a resident typed into clauses of stemmed alternatives.

    `vocabulary_lookup(words) -> {word: correction}` proposes corrections for words the index does
    not know (see DatabaseEngine); synonyms expand abbreviations and informal terms.
    """
    query = AnalyzedQuery(text=str(text or "")[:2000])
    all_words = tokenize(query.text)[: MAX_QUERY_TOKENS * 2]
    words = [word for word in all_words if word not in STOP_WORDS][:MAX_QUERY_TOKENS]
    if not words:
        return query
    synonyms = synonyms if synonyms is not None else (synonym_index() if expand else None)

    if vocabulary_lookup is not None:
        unknown = [
            word
            for word in words
            if word.isalpha()
            and len(word) >= MIN_CORRECTABLE_LENGTH
            and (synonyms is None or word not in synonyms.words)
        ]
        if unknown:
            query.corrections = {
                word: fixed for word, fixed in vocabulary_lookup(unknown).items() if fixed != word
            }
    if query.corrections:
        words = [query.corrections.get(word, word) for word in words]
        if any(not isinstance(fixed, Colloquial) for fixed in query.corrections.values()):
            query.suggestion = " ".join(
                word
                if isinstance(query.corrections.get(word), Colloquial)
                else query.corrections.get(word, word)
                for word in all_words
            )
    query.words = words

    stems = [stem(word) for word in words]
    position = 0
    while position < len(words):
        length, group_ids = synonyms.match_at(words, stems, position) if synonyms else (0, [])
        if length:
            alternatives = [tuple(stems[position : position + length])]
            for group_id in group_ids:
                for phrase in synonyms.groups[group_id]:
                    stemmed = tuple(stem(word) for word in phrase)
                    if stemmed not in alternatives:
                        alternatives.append(stemmed)
            whole = len(alternatives)
            if length > 1:  # the words on their own still count, below the phrase
                alternatives += [
                    (s,) for s in stems[position : position + length] if (s,) not in alternatives
                ]
            query.clauses.append(
                Clause(
                    tuple(words[position : position + length]),
                    alternatives,
                    fallbacks=len(alternatives) - whole,
                    lexicon=True,
                )
            )
            position += length
        else:
            query.clauses.append(Clause((words[position],), [(stems[position],)]))
            position += 1
    return query


# --- highlighting ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _words_pattern(words: frozenset) -> re.Pattern:
    alternatives = "|".join(
        re.escape(word) for word in sorted(words, key=len, reverse=True) if word
    )
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)", re.IGNORECASE)


def _matching_words(text: str, stems: set[str], words: set[str] | None) -> list[tuple[int, int]]:
    """Spans of the words of `text` whose folded form (or its stem) is one of the query's."""
    # A word can only stem to s if it contains the end of s ("memukul" -> "pukul" keeps "kul"):
    # a cheap test that spares Sastrawi most words of a long text.
    endings = {s[-3:] for s in stems}
    matches = []
    for match in _WORD_RE.finditer(text):
        folded = fold(match.group())
        if not folded:
            continue
        if folded in stems or (words is not None and folded in words):
            matches.append((match.start(), match.end()))
            continue
        if words is None and any(e in folded for e in endings) and stem(folded) in stems:
            matches.append((match.start(), match.end()))
    return matches


def highlight(
    text: str, stems: set[str], max_chars: int = 240, words: set[str] | None = None
) -> str:
    """A snippet of `text` around the densest run of matching words, HTML-escaped, with <mark>.

    Words match when their stem is one of the query's stems, so "dicuri" is marked for "curi".
    `words`, when given, are the indexed surface forms of those stems (from the vocabulary), and
    spare stemming the text at query time.
    """
    text = str(text or "")
    if not text:
        return mark_safe("")
    if words is not None and text.isascii():
        # The usual case: known surface forms in ASCII text, found by one regular expression.
        matches = [
            m.span() for m in _words_pattern(frozenset(stems) | frozenset(words)).finditer(text)
        ]
    else:
        matches = _matching_words(text, stems, words)
    if len(text) <= max_chars:
        start, end = 0, len(text)
    elif matches:
        best_start, best_count = matches[0][0], 0
        for i, (begin, _end) in enumerate(matches):
            count = sum(1 for other in matches[i:] if other[1] <= begin + max_chars)
            if count > best_count:
                best_start, best_count = begin, count
        start = max(0, best_start - 40)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + max_chars)
    else:
        start, end = 0, max_chars
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    parts = ["…" if start > 0 else ""]
    cursor = start
    for begin, finish in matches:
        if begin < start or finish > end:
            continue
        parts.append(escape(text[cursor:begin]))
        parts.append(f"<mark>{escape(text[begin:finish])}</mark>")
        cursor = finish
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))
