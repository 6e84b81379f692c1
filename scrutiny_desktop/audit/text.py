"""When public text shares too much with confidential (Part 2) text: the text gate of the audit.

Officers write commentary in the council's own phrases: "performance is monitored weekly", "the
service continues to work with partners", a boilerplate line under every indicator. So sharing
words with a Part 2 commentary is no leak in itself; sharing what the Part 2 text *says* is. Public
text leaks a confidential text when what they share holds

- a **passage**: a run of the officer's own words long enough to carry meaning: ten words or
  more, or a whole sentence of the confidential text of five words or more with three that are not
  function words;
- a **specific item**: a figure with what it counts ("four young people", "62 exclusions", "two of
  five"), a date ("14 October", "October 2018"), or a name of a person, school, home or place
  ("Oakfield", "Mrs Patel", "St Mary's Primary").

What the council writes everywhere is commonplace and excused first: a run of four words found in
the commentary of three or more indicators (Part 1 and Part 2 alike), or in the words the program
itself publishes (titles, sections, notes, drafted sentences); a name, date or figure likewise. A
shared run that is neither a leak nor commonplace, four words or more with two that are not
function words, is a *warning* naming both indicators and the phrase: worth a look, never a reason
to refuse. The rule's false alarms and misses on a commentary corpus are measured by
tests/audit/test_text_gate.py and stated in the README.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

PASSAGE_WORDS = 10  # a shared run this long is a passage, whatever its words
SENTENCE_WORDS = 5  # ... and a whole confidential sentence this long, with
SENTENCE_CONTENT = 3  # ... this many words that are not function words
WARNING_WORDS = 4  # a shared run worth a look: this long, with
WARNING_CONTENT = 2  # ... this many words that are not function words
COMMONPLACE_INDICATORS = 3  # words in the commentary of this many indicators are the council's boilerplate
BOILERPLATE_N = 4  # boilerplate is found by runs of this many words

def _set(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


_TOKEN = re.compile(r"[\w%]+(?:['’./][\w%]+)*")  # "children's", "16.8", "2018/19" each one word
_SENTENCE_END = re.compile(r"[.!?;:]")

FUNCTION_WORDS = _set("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each either few for from further had has have having he her
here hers him his how i if in into is it its itself just may me might more most much must my no nor not now of
off on once only or other our ours out over own per same she should so some still such than that the their them
then there these they this those through to too under until up upon very via was we were what when where which
while who whom why will with within without would yet you your across around since whilst although however
therefore thus whether this month also being well""")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "both": 2, "twice": 2, "half": 0.5,
}
MONTHS = _set("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec""")
WEEKDAYS = _set("monday tuesday wednesday thursday friday saturday sunday")
# After a number these make a span of time or a share, not a count of children: "within 72 hours", "12 months".
_SPANS = _set("""day days week weeks month months year years hour hours minute minutes working %
percent per cent quarter quarters term terms""")
# Capitalised words that name no one: the sector's bodies and terms, and units of the council itself.
_SECTOR_WORDS = _set("""ofsted dfe council councils children's children childrens services service social care
cssc csc mash lado ehcp ehc send sen cin cp cla lac cic uasc iro iros plo cafcass camhs neet nhs ict hr ssda
dbs fyi ks1 ks2 ks3 ks4 gcse ofsted's team teams panel panels board boards hub hubs unit units partnership
department division directorate group forum agency programme strategy plan plans policy court family families
early help assessment referral referrals safeguarding corporate parenting virtual school head director
assistant manager managers leadership quality assurance performance improvement officer officers member members
cabinet scrutiny committee england national regional local authority authorities government ministry
covid-19 covid coronavirus christmas easter part appendix key red amber green rag""")
_ORGANISATION_ENDINGS = _set("""team service services panel board hub unit partnership council department
division directorate group forum agency programme committee""")


@dataclass(frozen=True)
class Shared:
    """What a public text shares with one confidential text: the words (as the public text writes them), and
    whether it is a leak (`leak`) or only worth a look."""

    words: str
    leak: bool
    why: str  # "a passage", "a name", "a date", "a figure", "shared wording"


class _Word(NamedTuple):  # a tuple, not a dataclass: a public file has tens of thousands of words
    word: str  # case-folded
    raw: str
    start: int  # character offsets in the text
    end: int
    sentence_start: bool


def words(text: str) -> list[_Word]:
    """The words of a text, case-folded, each knowing where it is and whether it opens a sentence."""
    found: list[_Word] = []
    last = 0
    for m in _TOKEN.finditer(text):
        boundary = not found or _SENTENCE_END.search(text, last, m.start()) is not None
        raw = m.group(0)
        found.append(_Word(raw.casefold().replace("’", "'"), raw, m.start(), m.end(), boundary))
        last = m.end()
    return found


def _is_number(word: str) -> bool:
    if word in NUMBER_WORDS:
        return True
    try:
        Decimal(word.replace(",", "").rstrip("%"))
    except InvalidOperation:
        return False
    return True


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1990 <= int(word) <= 2039


def _indexed(word: str) -> bool:
    return is_content(word) or _is_number(word)


def is_content(word: str) -> bool:
    return word not in FUNCTION_WORDS and not word.isdigit()


class ConfidentialText:
    """Confidential texts, and what decides whether a public text shares too much with one of them.

    `confidential` is (ref, what, text) for each text the public file must not repeat; `commentary`
    every indicator's commentary (ref to text: the officers' words, for what is commonplace and for
    whose commentary a public text is); `public` the words the program publishes itself.
    """

    def __init__(self, confidential: Iterable[tuple[str, str, str]], commentary: Mapping[str, str],
                 public: Iterable[str], published: Callable[[str, str], bool] = lambda _ref, _word: False) -> None:
        """`published(ref, word)` says whether a number (a word of text) is one of indicator `ref`'s own
        figures that the public file shows (its target, say): a run the program wrote about that
        indicator is a passage for its figures only where one of them is not."""
        self._published = published
        self.texts = [(ref, what, text, words(text)) for ref, what, text in confidential if text.strip()]
        self._secrets: dict[int, tuple[list[str], dict[str, list[int]]]] = {}
        self.commentary = {ref: text for ref, text in commentary.items() if text.strip()}
        self._said: dict[str, str] | None = None  # each commentary's words, once a text needs its holder
        self._found: dict[str, list[tuple[int, Shared]]] = {}  # what `find` found, by text
        self._lower: set[str] = set()  # words written in lower case somewhere: no names
        # Every set of commonplace runs below is only ever asked about runs of a confidential text's words
        # (its keys and items here, the parts of a run a public text shares with it in `_residue`), so it
        # keeps only those: a large file's thousands of public texts and commentaries add just the runs
        # they share with a confidential text, and every answer stays as with the whole sets.
        longest = max(BOILERPLATE_N, 3)
        wanted = _all_runs((_fold_all(text) for _, _, text, _ in self.texts), longest)
        programs: set[tuple[str, ...]] = set()  # the program's runs of one to `longest` words
        for text in dict.fromkeys(public):
            raws = _TOKEN.findall(text)
            plain = [raw.casefold().replace("’", "'") for raw in raws]
            programs |= _runs_among(plain, wanted, longest)
            self._lower.update([word for word, raw in zip(plain, raws, strict=True) if raw.islower()])
        self._public_items = {run for run in programs if len(run) <= 3}  # its words, pairs and triples
        # How many indicators' commentary has each run: one set of runs per indicator, so counting each
        # run once per set counts the indicators (Counter counts in C: a large file has 70,000 of them).
        counts: Counter[tuple[str, ...]] = Counter()
        for text in self.commentary.values():
            raws = _TOKEN.findall(text)
            plain = [raw.casefold().replace("’", "'") for raw in raws]
            self._lower.update([word for word, raw in zip(plain, raws, strict=True) if raw.islower()])
            counts.update(_runs_among(plain, wanted, longest))
        common = {run for run, indicators in counts.items() if indicators >= COMMONPLACE_INDICATORS}
        self._boilerplate = {run for run in programs | common if len(run) == BOILERPLATE_N}
        self._common_items = {run for run in common if len(run) <= 3}
        # Each confidential text by the runs that can start something worth reporting, and by its specific
        # items' first words; a public text is judged only against the texts it shares one with.
        # - A commentary: anything but an item is a run of four words or more left over once boilerplate
        #   is taken out, so it holds four words in a row that are not boilerplate.
        # - The program's explanation of a rating: a passage is three words with a figure, left over once
        #   the three-word phrases the program publishes everywhere ("is above the target") are taken out.
        self._public_triples = {run for run in self._public_items if len(run) == 3}
        self._runs: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._items: list[list[tuple[tuple[str, ...], str]]] = []
        # An item by its first two words (a name may be one): "indicator 35" is looked for where "indicator
        # 35" is, not in every text that says "indicator".
        self._item_index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for position, (_, what, _, secret) in enumerate(self.texts):
            plain = [w.word for w in secret]
            if what == "commentary":
                keys = {run for run in _runs(plain, BOILERPLATE_N) if run not in self._boilerplate}
            else:
                keys = {run for run in _runs(plain, 3)
                        if run not in self._public_triples and any(_indexed(word) for word in run)}
            for run in keys:
                self._runs[run].append(position)
            # The program's explanation of a rating: its target and tolerance are published; what it says
            # is only its figures, looked for by the figure search and as a passage here.
            items = self._specific_items(secret) if what == "commentary" else []
            self._items.append(items)
            for item, _why in items:
                self._item_index[item[:2]].append(position)
        # The words a key starts with: a public text is looked up only where one of them stands.
        self._run_starts = {run[0] for run in self._runs}
        self._item_starts = {item[0] for item in self._item_index}

    # -- what is specific in a confidential text -----------------------------------------------

    def _specific_items(self, ws: list[_Word]) -> list[tuple[tuple[str, ...], str]]:
        """The figures with what they count, the dates and the names in a confidential text, less the commonplace."""
        plain = [w.word for w in ws]
        items: list[tuple[tuple[str, ...], str]] = []

        def add(start: int, length: int, why: str) -> None:
            if start >= 0 and start + length <= len(ws) and \
                    not any(ws[j].sentence_start for j in range(start + 1, start + length)):
                item = tuple(plain[start:start + length])
                if (item, why) not in items and not self._commonplace_item(item):
                    items.append((item, why))

        i = 0
        while i < len(ws):
            word = plain[i]
            nxt = plain[i + 1] if i + 1 < len(ws) else ""
            prev = plain[i - 1] if i else ""
            if word in MONTHS or word in WEEKDAYS:
                if _is_number(nxt):
                    add(i, 2, "a date")  # "October 2018", "March 14"
                if _is_number(prev) and not _is_year(prev):
                    add(i - 1, 2, "a date")  # "14 October"
            elif _is_number(word) and not _is_year(word):
                after = plain[i + 2:i + 4] if nxt == "out" or plain[i + 2:i + 3] == ["the"] else plain[i + 2:i + 3]
                if nxt in ("of", "out") and after and _is_number(after[-1]):
                    add(i, 2 + len(after), "a figure")  # "two of five", "3 out of 8", "three of the four"
                if nxt and nxt not in _SPANS and nxt not in MONTHS and is_content(nxt) and not _is_number(nxt):
                    add(i, 2, "a figure")  # "four young", "62 exclusions"
                    if nxt in ("young", "new", "more", "further", "separate"):
                        add(i, 3, "a figure")
                if word not in _COMMON_NUMBERS and word not in NUMBER_WORDS:
                    if prev and is_content(prev) and not _is_number(prev) and prev not in MONTHS:
                        add(i - 1, 2, "a figure")  # "caseloads 16.8"
                    elif i >= 2 and prev in ("to", "at", "of", "by", "from") and is_content(plain[i - 2]):
                        add(i - 2, 3, "a figure")  # "rose to 62"
            name = self._name_at(ws, i)
            if name > 0:
                add(i, name, "a name")
            i += max(1, abs(name))
        return items

    def _name_at(self, ws: list[_Word], i: int) -> int:
        """How many words from `i` make a name of a person, school, home or place (0 for none).

        A name is a run of capitalised words with one that is no English word the corpus writes in lower
        case, no term of the sector and no acronym. A capital that only opens a sentence says nothing, so a
        name of one word is looked for inside sentences; "the Inclusion Team" is the council's own unit.
        """
        length = 0
        while i + length < len(ws) and ws[i + length].raw[:1].isupper() and not _is_number(ws[i + length].word):
            length += 1
        if length == 0 or (length == 1 and ws[i].sentence_start) or ws[i + length - 1].word in _ORGANISATION_ENDINGS:
            return -length  # skipped whole (0 when there is no capital here)
        named = any(w.word not in FUNCTION_WORDS and w.word not in _SECTOR_WORDS and w.word not in MONTHS
                    and w.word not in WEEKDAYS and w.word not in self._lower and not w.raw.isupper()
                    and not (w.sentence_start and w.word in _OPENERS)
                    for w in ws[i:i + length])
        return length if named else -length

    @staticmethod
    def _english(word: str) -> bool:
        """A word that opens many English sentences, whatever the corpus says."""
        return word in _OPENERS

    def _commonplace_item(self, item: tuple[str, ...]) -> bool:
        return item in self._common_items or item in self._public_items

    # -- searching a public text ---------------------------------------------------------------

    def find(self, text: str) -> list[tuple[int, Shared]]:
        """(position of a confidential text, what is shared) for each confidential text `text` shares with."""
        if not self.texts:
            return []
        # The answer depends on the text alone (the gate does not change once made), and a public file
        # repeats its texts in row after row ("[c]", "30 (tolerance 5)", a section's name).
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = self._find(text)
        return list(found)

    def _find(self, text: str) -> list[tuple[int, Shared]]:
        # The words alone first (most texts of a public file share nothing worth judging); where they are
        # and which open a sentence only for a text that does.
        plain = _fold_all(text)
        size = len(plain)
        candidates: set[int] = set()
        for i, word in enumerate(plain):
            if word in self._run_starts:
                for n in (3, BOILERPLATE_N):
                    if i + n <= size:
                        candidates.update(self._runs.get(tuple(plain[i:i + n]), ()))
            if word in self._item_starts:
                for n in (1, 2):
                    if i + n <= size:
                        candidates.update(self._item_index.get(tuple(plain[i:i + n]), ()))
        if not candidates:
            return []
        ws = words(text)
        plain = [w.word for w in ws]
        found: list[tuple[int, Shared]] = []
        for position in sorted(candidates):
            shared = self._judge(position, ws, plain, text)
            if shared is not None:
                found.append((position, shared))
        return found

    def _secret_words(self, position: int) -> tuple[list[str], dict[str, list[int]]]:
        """A confidential text's words and where each stands, worked out once however many texts it is judged
        against."""
        kept = self._secrets.get(position)
        if kept is None:
            plain = [w.word for w in self.texts[position][3]]
            kept = self._secrets[position] = (plain, _positions(plain))
        return kept

    def _judge(self, position: int, ws: list[_Word], plain: list[str], text: str) -> Shared | None:
        """What `text` shares with one confidential text: every leak in it (passages first), else a warning."""
        ref, what, _, secret = self.texts[position]
        secret_plain, secret_at = self._secret_words(position)
        leaks: list[tuple[int, int, str]] = []  # spans of the public text's words, and why each is a leak
        best: Shared | None = None
        for start, end, s_start, _ in _common_runs(plain, secret_plain, secret_at):
            for a, b, sa in self._residue(plain, start, end, s_start, program=what != "commentary"):
                length = b - a
                content = sum(1 for w in plain[a:b] if is_content(w))
                whole_sentence = (secret[sa].sentence_start and (sa + length == len(secret)
                                                                or secret[sa + length].sentence_start))
                figures = any(_is_number(w) and not self._published(ref, w) for w in plain[a:b])
                if length >= PASSAGE_WORDS or (whole_sentence and length >= SENTENCE_WORDS
                                               and content >= SENTENCE_CONTENT) or \
                        (what != "commentary" and figures and length >= 3):
                    leaks.append((a, b, "a passage"))
                elif best is None and length >= WARNING_WORDS and content >= WARNING_CONTENT:
                    best = Shared(_quote(text, ws, a, b), False, "shared wording")
        for item, why in self._items[position]:
            at = _find_run(plain, item)
            if at is not None and not any(a <= at < b for a, b, _ in leaks):
                leaks.append((at, at + len(item), why))
        if leaks:
            leaks.sort()
            return Shared("; ".join(_quote(text, ws, a, b) for a, b, _ in leaks), True, leaks[0][2])
        return best

    def _residue(self, plain: list[str], start: int, end: int, s_start: int,
                 program: bool = False) -> list[tuple[int, int, int]]:
        """The parts of a shared run not covered by boilerplate: (start, end, start in the confidential text).

        With `program` (a text the program wrote), three words it publishes anywhere are covered too.
        """
        covered = [False] * (end - start)
        for n, common in ((BOILERPLATE_N, self._boilerplate), *(((3, self._public_triples),) if program else ())):
            for i in range(start, end - n + 1):
                if tuple(plain[i:i + n]) in common:
                    for j in range(i, i + n):
                        covered[j - start] = True
        parts: list[tuple[int, int, int]] = []
        i = start
        while i < end:
            if covered[i - start]:
                i += 1
                continue
            j = i
            while j < end and not covered[j - start]:
                j += 1
            parts.append((i, j, s_start + (i - start)))
            i = j
        return parts

    def holder(self, text: str, owner: str | None = None) -> str | None:
        """The indicator whose commentary `text` is, or holds: the one the officer must change."""
        plain = " ".join(_fold_all(text))
        if len(plain) < 10:
            return None
        # The text holds a whole commentary (a cell, a paragraph), or is a long part of one (a run, a comment).
        if self._said is None:
            self._said = {ref: " ".join(_fold_all(text)) for ref, text in self.commentary.items()}
        held = [ref for ref, c in self._said.items() if c and (c in plain or (len(plain) >= 40 and plain in c))]
        if owner in held:
            return owner
        return held[0] if held else None


_COMMON_NUMBERS = frozenset({"one", "both", "half", "twice"})  # words first, figures rarely: "one of the"
_OPENERS = _set("""the this these there their we our it its in on at as a an performance overall work data
following despite although however further additional all each every both staff recruitment placement placements
caseloads caseload timeliness numbers figures of for from to during since after before while whilst with without
plans young children families schools school one two three four five six seven eight nine ten""")


def figure_words(text: str, label: str) -> str:
    """The words of `text` that give the figure a label names ("2 of 66 for Oct 2019", "value for Oct 2019 (15)").

    The figure and what it counts, up to the end of the clause: "2 of 66 plans", "fifteen episodes".
    """
    wanted = set()
    for number in re.findall(r"\d[\d,]*(?:\.\d+)?", label):
        with contextlib.suppress(InvalidOperation):
            wanted.add(Decimal(number.replace(",", "")).normalize())
    said = words(text)
    for i, w in enumerate(said):
        value = _value(w.word)
        if value is not None and value in wanted:
            end = i + 1
            while end < len(said) and end - i < 4 and not said[end].sentence_start and \
                    not re.search(r"[,;:.]", text[said[end - 1].end:said[end].start]):
                end += 1
            return _quote(text, said, i, end)
    return ""


def _value(word: str) -> Decimal | None:
    if word in NUMBER_WORDS:
        return Decimal(str(NUMBER_WORDS[word])).normalize()
    try:
        return Decimal(word.replace(",", "").rstrip("%")).normalize()
    except InvalidOperation:
        return None


def _runs(plain: list[str], n: int) -> Iterable[tuple[str, ...]]:
    return (tuple(plain[i:i + n]) for i in range(len(plain) - n + 1))


def _fold_all(text: str) -> list[str]:
    """`[w.word for w in words(text)]`, without working out where each word is."""
    return [raw.casefold().replace("’", "'") for raw in _TOKEN.findall(text)]


def _all_runs(texts: Iterable[list[str]], longest: int) -> set[tuple[str, ...]]:
    """Every run of one to `longest` words of the texts."""
    return {run for plain in texts for n in range(1, longest + 1) for run in _runs(plain, n)}


def _runs_among(plain: list[str], wanted: set[tuple[str, ...]], longest: int) -> set[tuple[str, ...]]:
    """The runs of one to `longest` words of `plain` that are in `wanted`, as `_runs` would give them.

    `wanted` holds every beginning of each of its runs (as `_all_runs` makes it), so a run whose
    beginning is not wanted cannot be, and is never built.
    """
    found: set[tuple[str, ...]] = set()
    size = len(plain)
    for i, word in enumerate(plain):
        run: tuple[str, ...] = (word,)
        if run in wanted:
            found.add(run)
            for n in range(2, min(longest, size - i) + 1):
                run = tuple(plain[i:i + n])
                if run not in wanted:
                    break
                found.add(run)
    return found


def _find_run(plain: list[str], run: tuple[str, ...]) -> int | None:
    n = len(run)
    for i in range(len(plain) - n + 1):
        if tuple(plain[i:i + n]) == run:
            return i
    return None


def _positions(words: list[str]) -> dict[str, list[int]]:
    at: dict[str, list[int]] = defaultdict(list)
    for j, word in enumerate(words):
        at[word].append(j)
    return at


def _common_runs(a: list[str], b: list[str], at: Mapping[str, list[int]] | None = None,
                 ) -> list[tuple[int, int, int, int]]:
    """Maximal runs of words in both lists, of two words or more: (start, end in a, start, end in b).

    `at` is where each word of `b` stands, when the caller keeps it for `b`'s many comparisons."""
    if at is None:
        at = _positions(b)
    runs: list[tuple[int, int, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for i, word in enumerate(a):
        for j in at.get(word, ()):
            if (i, j) in seen or (i and j and a[i - 1] == b[j - 1]):
                continue  # not the start of a maximal run
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                seen.add((i + k, j + k))
                k += 1
            if k >= 2:
                runs.append((i, i + k, j, j + k))
    runs.sort(key=lambda r: r[0] - r[1])  # longest first
    return runs


def _quote(text: str, ws: list[_Word], start: int, end: int) -> str:
    return " ".join(text[ws[start].start:ws[end - 1].end].split())
