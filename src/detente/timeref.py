"""Event time: find the time expressions in a sentence and resolve them against the article date.

``find_time_expressions`` scans a sentence with compiled patterns built from the words in
``data/time_expressions.yaml``; ``resolve`` turns one expression into a ``records.TimeRef`` (a period
with a precision and the name of the rule that produced it); ``fallback`` dates an event that has no
time words. The rules, with examples, are in ``docs/time.md``; every rule name this module returns is
listed there.

Which expression belongs to which event, and the tense of its clause, are decided by the caller
(``events.py``). ``dateparser`` is used only by ``resolve`` for a string none of the patterns reads,
never while scanning sentences (it costs milliseconds per call).
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable, Iterator


from .records import TimeRef
from .resources import packaged_yaml

TENSES: tuple[str, ...] = ("past", "present", "future")

# Kinds of expression that name a stretch of the calendar; only these join into spans.
CALENDAR_KINDS: frozenset[str] = frozenset({
    "date", "month-day", "month", "month-year", "year", "year-range", "decade", "part-of-year",
    "season", "weekday",
})
# The kind of "for five years": found only on request, and never a time.
DURATION_KIND = "duration"

RELATIVE_WITHOUT_DATE = "relative-without-article-date"

# Rules of a TimeRef that names no period at all: date such an event as if it had no time words
# (``fallback``). Any other TimeRef with precision "none" is a real period too long or too open to
# file under a year ("in recent years", "since 2019", "before 2020"): keep it rather than replace it
# with the article's month.
NO_TIME_RULES: frozenset[str] = frozenset({
    "duration", "duration-in-units", "not-a-time", "invalid-date", RELATIVE_WITHOUT_DATE,
})


# --------------------------------------------------------------------------------------------------
# Records


@dataclass
class TimeExpression:
    """Words in a text that say when something happened, with their character span and kind.

    ``kind`` is one of: date, month-day, month, month-year, year, year-range, decade, part-of-year,
    season, weekday, day, relative, window, duration-ago, from-now, in-units, span, and (only when
    asked for) duration, which is not a time at all.
    """

    start: int
    end: int
    text: str
    kind: str
    # The pattern that matched and the pieces it read (month, day, year, prep, part, ...).
    pattern: str = field(default="", repr=False, compare=False)
    details: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # For a span: the expressions at its two ends.
    components: tuple["TimeExpression", ...] = field(default=(), repr=False, compare=False)

    @property
    def is_time(self) -> bool:
        """False for durations ("for five years"), which say how long, not when."""
        return self.kind != DURATION_KIND

    @property
    def preposition(self) -> str | None:
        """The preposition the expression starts with ("in", "since", ...), lower case, if any."""
        prep = self.details.get("prep")
        return " ".join(prep.lower().split()) if prep else None


@dataclass(frozen=True)
class _Period:
    """A resolved stretch of days and the rule that produced it."""

    start: date
    end: date
    rule: str


class _NeedsArticleDate(Exception):
    """The expression is relative and there is no article date to count from."""


class _NotATime(Exception):
    """The words matched a pattern but name no time (a duration, an impossible date)."""

    def __init__(self, rule: str):
        super().__init__(rule)
        self.rule = rule


# --------------------------------------------------------------------------------------------------
# Vocabulary (data/time_expressions.yaml)


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``data/time_expressions.yaml`` in the shape the patterns need."""

    months: dict[str, int]
    month_abbreviations: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    weekday_name_prefixes: frozenset[str]
    number_words: dict[str, int]
    vague_counts: dict[str, tuple[int, int]]
    units: dict[str, dict[str, int]]
    seasons: dict[str, tuple[int, int]]
    parts: dict[str, dict]
    part_phrases: dict[str, str]
    quarters: dict[str, int]
    recent_window: dict[str, int]
    coming_window: dict[str, int]
    prepositions: tuple[str, ...]
    year_prepositions: frozenset[str]
    not_a_year_after: frozenset[str]
    year_range: tuple[int, int]

    def month_number(self, name: str) -> int:
        """1-12 for a month name or abbreviation in any letter case, with or without a full stop."""
        key = name.rstrip(".").title()
        return self.months.get(key) or self.month_abbreviations[key]

    def part_name(self, words: str) -> str:
        """early, mid or late for "early", "mid", "the end of", ... in any letter case."""
        key = " ".join(words.lower().replace("-", " ").split())
        return self.part_phrases.get(key, key)

    def count_range(self, words: str | None) -> tuple[int, int]:
        """How many units a count means, as (fewest, most): "two" -> (2, 2), "a few" -> (2, 4)."""
        key = " ".join((words or "").lower().split())
        if key in self.vague_counts:
            return self.vague_counts[key]
        if key.isdigit():
            return int(key), int(key)
        total = sum(self.number_words[piece] for piece in re.split(r"[\s-]+", key))
        return total, total


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The time words that ship with detente."""
    raw = packaged_yaml("time_expressions.yaml")
    return Vocabulary(
        months=dict(raw["months"]),
        month_abbreviations=dict(raw["month_abbreviations"]),
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        weekdays=dict(raw["weekdays"]),
        weekday_name_prefixes=frozenset(word.lower() for word in raw["weekday_name_prefixes"]),
        number_words={str(k).lower(): int(v) for k, v in raw["number_words"].items()},
        vague_counts={str(k).lower(): (int(v[0]), int(v[1])) for k, v in raw["vague_counts"].items()},
        units=dict(raw["units"]),
        seasons={k: (int(v[0]), int(v[1])) for k, v in raw["seasons"].items()},
        parts=dict(raw["parts"]),
        part_phrases={str(k).lower(): v for k, v in raw["part_phrases"].items()},
        quarters={str(k).lower(): int(v) for k, v in raw["quarters"].items()},
        recent_window=dict(raw["recent_window"]),
        coming_window=dict(raw["coming_window"]),
        prepositions=tuple(str(p).lower() for p in raw["prepositions"]),
        year_prepositions=frozenset(str(p).lower() for p in raw["year_prepositions"]),
        not_a_year_after=frozenset(str(w).lower() for w in raw["not_a_year_after"]),
        year_range=(int(raw["year_range"][0]), int(raw["year_range"][1])),
    )


# --------------------------------------------------------------------------------------------------
# Patterns


def _alternatives(words, case_sensitive: bool = False) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of white space."""
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(piece) for piece in word.split()) for word in ordered)
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


@dataclass(frozen=True)
class _Hit:
    """A pattern's match in a text, with the preposition found just in front of it."""

    text: str
    match: re.Match
    start: int  # where the expression starts: its preposition, if it has one
    prep: str | None

    def group(self, name: str) -> str | None:
        return self.match.groupdict().get(name)

    def before(self, width: int = 40) -> str:
        """Up to ``width`` characters of text in front of the expression."""
        return self.text[max(0, self.start - width):self.start]

    def after(self, width: int = 40) -> str:
        """Up to ``width`` characters of text after the expression."""
        end = self.match.end()
        return self.text[end:end + width]


@dataclass(frozen=True)
class _Pattern:
    """One way of writing a time: a compiled regex, the kind it yields, and a check of its context."""

    name: str
    kind: str
    regex: re.Pattern
    accept: Callable[[_Hit, Vocabulary], bool] | None = None
    durations_only: bool = False
    cues: frozenset[str] = frozenset()  # cue classes (see _cue_regex) the words must all contain


_NUMBER_LIKE_BEFORE = re.compile(r"[\d$€£¥#.,/\-]$")
_YEAR_AFTER_BAD = re.compile(r"^(?:[\w%]|[.,]\d|-[A-Za-z])")
_YEAR_FOLLOWED_BY_PUNCTUATION = re.compile(r"^\s*(?:[.,;:!?)\]\"'”’]|—|–|$)")
_YEAR_RANGE_AFTER = re.compile(r"^\s*(?:-|–|—|to|through|until|and|or)\s+\d{4}(?!\d)", re.I)
_YEAR_RANGE_BEFORE = re.compile(r"\d{4},?\s+(?:and|or|to|through|until|-|–)\s*$", re.I)
_WORD_BEFORE = re.compile(r"([\w.]+)\s*$")


def _year_is_plausible(hit: _Hit, vocab: Vocabulary) -> bool:
    low, high = vocab.year_range
    return low <= int(hit.group("year")) <= high


def _accept_bare_year(hit: _Hit, vocab: Vocabulary) -> bool:
    """A four-digit number is a year after a preposition, before punctuation, or in a range."""
    if not _year_is_plausible(hit, vocab):
        return False
    before, after = hit.before(), hit.after()
    if _NUMBER_LIKE_BEFORE.search(before) or _YEAR_AFTER_BAD.match(after):
        return False
    if hit.group("theyear") or (hit.prep and " ".join(hit.prep.lower().split()) in vocab.year_prepositions):
        return True
    word = _WORD_BEFORE.search(before)
    if word and word.group(1).lower() in vocab.not_a_year_after:
        return False
    if before.endswith("("):
        return True
    before_year = hit.text[max(0, hit.match.start() - 40):hit.match.start()]
    return bool(_YEAR_FOLLOWED_BY_PUNCTUATION.match(after) or _YEAR_RANGE_AFTER.match(after)
                or _YEAR_RANGE_BEFORE.search(before_year))


def _accept_year_range(hit: _Hit, vocab: Vocabulary) -> bool:
    if not _year_is_plausible(hit, vocab) or _NUMBER_LIKE_BEFORE.search(hit.before()):
        return False
    if _YEAR_AFTER_BAD.match(hit.after()):
        return False
    first, second = hit.group("year"), hit.group("year2")
    last = int(first[:2] + second) if len(second) == 2 else int(second)
    return int(first) < last <= vocab.year_range[1]


def _not_inside_a_number(hit: _Hit, vocab: Vocabulary) -> bool:
    """Digits at the start are not the tail of a larger number ("2,000 years", "$1990s")."""
    return not _NUMBER_LIKE_BEFORE.search(hit.before())


def _day_fits(hit: _Hit, vocab: Vocabulary) -> bool:
    """The day (and end day of a range) can occur in the month (February 29 allowed)."""
    month = vocab.month_number(hit.group("month"))
    longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    days = [int(hit.group("day"))]
    if hit.group("day2"):
        days.append(int(hit.group("day2")))
        if days[1] <= days[0]:
            return False
    return all(1 <= day <= longest for day in days)


def _accept_full_date(hit: _Hit, vocab: Vocabulary) -> bool:
    if not _day_fits(hit, vocab):
        return False
    try:
        date(int(hit.group("year")), vocab.month_number(hit.group("month")), int(hit.group("day")))
    except ValueError:
        return False
    return not _YEAR_AFTER_BAD.match(hit.after())


def _accept_month_day(hit: _Hit, vocab: Vocabulary) -> bool:
    return _day_fits(hit, vocab) and not re.match(r"^(?:[.,]?\d|%)", hit.after())


def _accept_iso_date(hit: _Hit, vocab: Vocabulary) -> bool:
    try:
        date(int(hit.group("year")), int(hit.group("mnum")), int(hit.group("day")))
    except ValueError:
        return False
    return _not_inside_a_number(hit, vocab)


def _accept_month_year(hit: _Hit, vocab: Vocabulary) -> bool:
    if hit.group("year") and not _year_is_plausible(hit, vocab):
        return False
    return not _YEAR_AFTER_BAD.match(hit.after())


_MONTH_FOLLOWED_BY_MONTH = r"^\s*(?:(?:-|–|—)\s*|(?:to|through|until|and|or)\s+)"
_CAPITALISED_WORD_AFTER = re.compile(r"^\s+[A-Z][a-z]")


def _accept_month(hit: _Hit, vocab: Vocabulary) -> bool:
    """A month name alone needs a time word in front, unless it is unambiguous and not a first name."""
    if hit.prep or hit.group("rel") or hit.group("part"):
        return True
    after = hit.after()
    if re.match(_MONTH_FOLLOWED_BY_MONTH + _month_names_regex(), after):
        return True
    if hit.group("month").title() in vocab.ambiguous_months:
        return False
    return not _CAPITALISED_WORD_AFTER.match(after)


_NOT_A_PARTICULAR_DAY = frozenset({"a", "an", "every", "each", "one", "that", "the", "same", "any"})


def _accept_weekday(hit: _Hit, vocab: Vocabulary) -> bool:
    """A particular day: not part of a name ("Good Friday") nor any such day ("on a Friday")."""
    if hit.group("rel") or hit.prep:
        return True
    word = _WORD_BEFORE.search(hit.before())
    if not word:
        return True
    before = word.group(1).lower()
    return before not in _NOT_A_PARTICULAR_DAY and before not in vocab.weekday_name_prefixes


_SEASON_PREPOSITIONS = frozenset({"in", "during", "by", "since", "until", "till", "through", "throughout",
                                  "over", "for", "before", "after", "into", "from", "to", "as of"})


def _accept_season(hit: _Hit, vocab: Vocabulary) -> bool:
    """A season word is a time after a time word, with a year, or after in/during/by/...."""
    if hit.group("rel") or hit.group("part") or hit.group("year") or hit.group("yearrel"):
        return True
    return bool(hit.prep) and " ".join(hit.prep.lower().split()) in _SEASON_PREPOSITIONS


@lru_cache(maxsize=1)
def _month_names_regex() -> str:
    """Full month names as written in text (Title or UPPER case)."""
    months = load_vocabulary().months
    names = list(months) + [name.upper() for name in months]
    return _alternatives(names, case_sensitive=True) + r"(?!\w)"


# Scanning a sentence with every pattern costs too much; one pass of _cue_regex first finds which
# kinds of cue word the sentence holds, and only patterns whose cues are all there are tried.
_PATTERN_CUES: dict[str, frozenset[str]] = {name: frozenset(cues) for name, cues in {
    "date-month-first": ("month", "digit"), "date-day-first": ("month", "digit"), "date-iso": ("digit",),
    "month-day-month-first": ("month", "digit"), "month-day-day-first": ("month", "digit"),
    "month-year": ("month",), "month": ("month",), "weekday": ("weekday",), "year": ("digit",),
    "year-range": ("digit",), "decade": ("digit",), "part-of-year": ("part",), "part-of-month": ("part", "unit"),
    "quarter": ("quarter",), "quarter-code": ("quarter",), "season": ("season",), "deictic-day": ("day",),
    "relative-unit": ("unit",), "weekend": ("unit",), "window-past": ("unit",), "window-coming": ("unit",),
    "window-recent": ("recent", "unit"), "ago": ("ago", "unit"), "from-now": ("now", "unit"),
    "in-units": ("unit",), "duration": ("unit",), "duration-bare": ("unit",),
}.items()}


@lru_cache(maxsize=1)
def _cue_regex() -> re.Pattern:
    """One regex whose named groups say which kinds of time word a text holds."""
    vocab = load_vocabulary()
    months = list(vocab.months) + list(vocab.month_abbreviations)
    months += [name.upper() for name in months]
    weekdays = list(vocab.weekdays) + [name.upper() for name in vocab.weekdays]
    parts = {word for phrase in list(vocab.parts) + list(vocab.part_phrases) for word in phrase.split()[-2:-1] or [phrase]}
    return re.compile(
        r"(?P<digit>\d)"
        rf"|\b(?:(?P<month>{_alternatives(months, case_sensitive=True)})"
        rf"|(?P<weekday>{_alternatives(weekdays, case_sensitive=True)})"
        rf"|(?P<season>{_alternatives(vocab.seasons)})"
        r"|(?P<day>yesterday|today|tomorrow|tonight|night|morning|afternoon|evening)"
        r"|(?P<unit>days?|weeks?|weekends?|months?|years?|decades?)"
        r"|(?P<ago>ago)|(?P<now>now|hence)|(?P<recent>recent)"
        r"|(?P<quarter>quarter|half|(?-i:[QH][1-4]))"
        rf"|(?P<part>{_alternatives(parts)}))\b",
        re.IGNORECASE,
    )


def _cues_in(text: str) -> set[str]:
    """The kinds of time word ``text`` holds (digit, month, weekday, unit, ...)."""
    return {match.lastgroup for match in _cue_regex().finditer(text)}


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    """Every pattern, compiled once."""
    vocab = load_vocabulary()
    full_names = list(vocab.months) + [name.upper() for name in vocab.months]
    abbreviations = list(vocab.month_abbreviations) + [name.upper() for name in vocab.month_abbreviations]
    month_full = _alternatives(full_names, case_sensitive=True) + r"(?!\w)"
    month_any = (f"(?:{_alternatives(full_names, case_sensitive=True)}(?!\\w)"
                 f"|{_alternatives(abbreviations, case_sensitive=True)}(?:\\.|(?!\\w)))")
    weekday_names = list(vocab.weekdays) + [name.upper() for name in vocab.weekdays]
    weekday = _alternatives(weekday_names, case_sensitive=True) + r"(?!\w)"
    start = r"(?<![\w$€£¥#@/])"
    end = r"(?!\w)"
    ordinal = r"(?:st|nd|rd|th)?"
    dash = r"\s*(?:-|–|—)\s*"
    part = _alternatives(list(vocab.parts) + list(vocab.part_phrases))
    ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    tens = [word for word, value in vocab.number_words.items() if value >= 20 and value % 10 == 0 and value < 100]
    number = (rf"(?:\d{{1,3}}|{_alternatives(tens)}(?:[\s-]{_alternatives(ones)})?"
              rf"|{_alternatives(vocab.number_words)})")
    vague = _alternatives([word for word in vocab.vague_counts if word])
    count = rf"(?P<count>{vague}|{number})"
    units = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
    year = r"(?P<year>\d{4})"
    year_ref = rf"(?:{year}|(?P<yearrel>this|last|next)\s+year)"
    year_ref_or_the = rf"(?:{year}|(?P<yearrel>this|last|next|the)\s+year)"
    season_words = _alternatives(vocab.seasons)
    quarter_words = _alternatives(vocab.quarters)
    weekday_prefix = rf"(?:(?P<weekday>{weekday}),?\s+)?"

    def pattern(name: str, kind: str, body: str, accept=None, durations_only: bool = False) -> _Pattern:
        regex = re.compile(start + body + end, re.IGNORECASE)
        return _Pattern(name, kind, regex, accept, durations_only, _PATTERN_CUES[name])

    day_md = rf"(?P<day>\d{{1,2}}){ordinal}(?:(?:{dash}|\s+(?:to|through)\s+)(?P<day2>\d{{1,2}}){ordinal})?"
    day_dm = rf"(?:the\s+)?(?P<day>\d{{1,2}}){ordinal}(?:{dash}(?P<day2>\d{{1,2}}){ordinal})?\s+(?:of\s+)?"
    return (
        pattern("date-month-first", "date",
                rf"{weekday_prefix}(?P<month>{month_any})\s*{day_md},?\s+{year}", _accept_full_date),
        pattern("date-day-first", "date",
                rf"{weekday_prefix}{day_dm}(?P<month>{month_any}),?\s+{year}", _accept_full_date),
        pattern("date-iso", "date", rf"{year}-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})", _accept_iso_date),
        pattern("month-day-month-first", "month-day",
                rf"{weekday_prefix}(?P<month>{month_any})\s*{day_md}", _accept_month_day),
        pattern("month-day-day-first", "month-day",
                rf"{weekday_prefix}{day_dm}(?P<month>{month_any})", _accept_month_day),
        pattern("month-year", "month-year",
                rf"(?:(?P<part>{part})[\s-]+)?(?P<month>{month_any}),?\s+(?:of\s+)?{year_ref}",
                _accept_month_year),
        pattern("month", "month",
                rf"(?:(?P<rel>last|next|this|this\s+past)\s+)?(?:(?P<part>{part})[\s-]*)?"
                rf"(?P<month>{month_full})", _accept_month),
        pattern("weekday", "weekday",
                rf"(?:(?P<rel>last|next|this|this\s+past)\s+)?(?P<weekday>{weekday})"
                r"(?:\s+(?P<daypart>morning|afternoon|evening|night))?", _accept_weekday),
        pattern("year", "year", rf"(?P<theyear>the\s+year\s+)?{year}", _accept_bare_year),
        pattern("year-range", "year-range",
                rf"(?:the\s+)?{year}\s*(?:-|–|—|/)\s*(?P<year2>\d{{4}}|\d{{2}})", _accept_year_range),
        pattern("decade", "decade",
                rf"(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?"
                r"(?:(?P<century>1[89]|20)|['’])(?P<decade>\d)0s", _not_inside_a_number),
        pattern("part-of-year", "part-of-year",
                rf"(?P<part>{part})[\s-]*(?:{year}|(?P<yearrel>this|last|next|the)\s+year)",
                _accept_month_year),
        pattern("part-of-month", "relative",
                rf"(?P<part>{part})[\s-]+(?P<rel>this|last|next|the)\s+(?P<unit>month)"),
        pattern("quarter", "part-of-year",
                rf"(?:the\s+)?(?P<ordinal>{quarter_words})\s+(?P<qunit>quarter|half)\s+(?:of\s+)?{year_ref_or_the}",
                _accept_month_year),
        pattern("quarter-code", "part-of-year",
                rf"(?P<qcode>(?-i:Q[1-4]|H[12]))\s*(?:of\s+)?{year_ref}", _accept_month_year),
        pattern("season", "season",
                rf"(?:(?P<rel>last|next|this|this\s+past|past|coming)\s+)?(?:the\s+)?"
                rf"(?:(?P<part>early|mid|late)[\s-]+)?(?P<season>{season_words})"
                rf"(?:(?:\s+of)?\s+{year_ref}|(?!\s+of\b))", _accept_season),
        pattern("deictic-day", "day",
                rf"(?P<deictic>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|"
                r"today|tomorrow|tonight|last\s+night|(?:earlier|later)\s+today|"
                r"this\s+(?:morning|afternoon|evening))(?:\s+(?:morning|afternoon|evening|night))?"),
        pattern("relative-unit", "relative",
                rf"(?P<rel>last|this|next|(?:earlier|later)\s+this)\s+(?P<unit>week|weekend|month|year)"),
        pattern("weekend", "relative", rf"the\s+(?P<unit>weekend)"),
        pattern("window-past", "window",
                rf"(?:the|this)\s+(?P<rel>last|past|previous)\s+(?:{count}\s+)?{units}", _not_inside_a_number),
        pattern("window-coming", "window",
                rf"the\s+(?P<rel>next|coming)\s+(?:{count}\s+)?{units}", _not_inside_a_number),
        pattern("window-recent", "window",
                rf"recent\s+(?P<unit>days|weeks|months|years|decades)"),
        pattern("ago", "duration-ago",
                rf"(?:(?P<approx>about|around|nearly|almost|roughly|just|only|barely)\s+)?"
                rf"(?:{count}\s+)?{units}\s+ago", _not_inside_a_number),
        pattern("from-now", "from-now",
                rf"(?:{count}\s+)?{units}\s+(?:from\s+now|hence)", _not_inside_a_number),
        pattern("in-units", "in-units",
                rf"(?P<prep>in|within)\s+(?:(?:another|a\s+further)\s+)?{count}\s+{units}"
                r"(?:['’]?\s+time)?", _not_inside_a_number),
        pattern("duration", DURATION_KIND,
                r"(?:(?P<dprep>for|more\s+than|over|nearly|almost|about|around|some|at\s+least|less\s+than|"
                rf"fewer\s+than|up\s+to|under)\s+)?{count}\s+{units}"
                r"(?!\s+(?:ago|from\s+now|hence|later|earlier|before|after|time)\b)", _not_inside_a_number,
                durations_only=True),
        pattern("duration-bare", DURATION_KIND,
                r"(?P<dprep>for)\s+(?P<unit>days|weeks|months|years|decades)", durations_only=True),
    )


# --------------------------------------------------------------------------------------------------
# Finding expressions


# Checks that only ask whether the words around a match make it a time; resolve() skips them when it
# is handed the bare words ("2021", "May"), keeping only the part that says whether it is valid.
# A full date with an impossible day ("February 30, 2023") is then let through too, so that resolve()
# can say "invalid-date".
_CONTEXT_ONLY_CHECKS = {_accept_bare_year: _year_is_plausible, _accept_month: None, _accept_season: None,
                        _accept_full_date: None}


@lru_cache(maxsize=1)
def _preposition_before() -> re.Pattern:
    """A preposition ending right where a match starts."""
    return re.compile(rf"(?<![\w$€£¥#@/])({_alternatives(load_vocabulary().prepositions)})\s+$", re.IGNORECASE)


def _candidates(text: str, include_durations: bool, check_context: bool) -> Iterator[TimeExpression]:
    """Every match of every pattern whose checks pass, overlapping ones included."""
    vocab = load_vocabulary()
    cues = _cues_in(text)
    if not cues:
        return
    preposition = _preposition_before()
    for pattern in _patterns():
        if (pattern.durations_only and not include_durations) or not pattern.cues <= cues:
            continue
        check = pattern.accept
        if not check_context and check in _CONTEXT_ONLY_CHECKS:
            check = _CONTEXT_ONLY_CHECKS[check]
        own_preposition = "prep" in pattern.regex.groupindex or pattern.durations_only
        for match in pattern.regex.finditer(text):
            start, prep = match.start(), match.groupdict().get("prep")
            if not own_preposition:
                found = preposition.search(text, max(0, start - 24), start)
                if found:
                    start, prep = found.start(), found.group(1)
            if check is not None and not check(_Hit(text, match, start, prep), vocab):
                continue
            details = {key: value for key, value in match.groupdict().items() if value is not None}
            if prep:
                details["prep"] = prep
            yield TimeExpression(start, match.end(), text[start:match.end()], pattern.kind,
                                 pattern=pattern.name, details=details)


def _longest_first(candidates: list[TimeExpression]) -> list[TimeExpression]:
    """Non-overlapping expressions, longer ones winning (the earlier one on a tie), in text order."""
    starts: list[int] = []  # starts of the chosen expressions, sorted
    chosen: list[TimeExpression] = []  # in the same order
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        position = bisect.bisect_left(starts, candidate.start)
        if position > 0 and chosen[position - 1].end > candidate.start:
            continue
        if position < len(starts) and starts[position] < candidate.end:
            continue
        starts.insert(position, candidate.start)
        chosen.insert(position, candidate)
    return chosen


_SPAN_CONNECTORS = {"-", "–", "—", "to", "until", "till", "through", "and"}


def _joined_as_span(first: TimeExpression, second: TimeExpression, text: str) -> bool:
    """Two calendar expressions written as one stretch: "from March to May 2023", "late 2022 and early 2023"."""
    if first.kind not in CALENDAR_KINDS or second.kind not in CALENDAR_KINDS:
        return False
    if first.preposition in {"since", "before", "after"}:
        return False
    gap = text[first.end:second.start].strip().lower()
    connector = gap or (second.preposition or "")
    if gap and second.preposition:
        return False
    if connector not in _SPAN_CONNECTORS:
        return False
    if connector == "and":
        both_parts = "part" in first.details and "part" in second.details
        return first.preposition == "between" or both_parts
    return True


_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*(?:and|or))\s*$", re.IGNORECASE)
_YEARLESS_PATTERNS = {"month", "month-day-month-first", "month-day-day-first"}


def _explicit_year_and_month(expression: TimeExpression) -> tuple[int, int] | None:
    """The year and month an expression states outright (or was given by a list), if it does."""
    details = expression.details
    year = details.get("year") or details.get("listed_year")
    if not year or "month" not in details:
        return None
    return int(year), load_vocabulary().month_number(details["month"])


def _share_listed_years(expressions: list[TimeExpression], text: str) -> None:
    """A month in a list takes the year written at the list's end ("July and September 2020")."""
    for first, second in reversed(list(zip(expressions, expressions[1:]))):
        if first.pattern not in _YEARLESS_PATTERNS or "rel" in first.details:
            continue
        if second.preposition or not _LIST_GAP.match(text[first.end:second.start]):
            continue
        anchor = _explicit_year_and_month(second)
        if anchor is None:
            continue
        year, month = anchor
        if load_vocabulary().month_number(first.details["month"]) > month:
            year -= 1
        first.details["listed_year"] = str(year)


def _join_spans(expressions: list[TimeExpression], text: str) -> list[TimeExpression]:
    """Joins "from X to Y", "X-Y", "between X and Y" and "late X and early Y" into spans."""
    _share_listed_years(expressions, text)
    joined: list[TimeExpression] = []
    for expression in expressions:
        if joined and _joined_as_span(joined[-1], expression, text) and not joined[-1].components:
            first = joined.pop()
            joined.append(TimeExpression(first.start, expression.end, text[first.start:expression.end], "span",
                                         pattern="span", details={k: v for k, v in first.details.items()
                                                                  if k == "prep"},
                                         components=(first, expression)))
        else:
            joined.append(expression)
    return joined


def find_time_expressions(text: str, include_durations: bool = False) -> list[TimeExpression]:
    """The time expressions in ``text``: non-overlapping, the longest match winning, in text order.

    Offsets are into ``text``; an expression includes the preposition in front of it ("in February",
    "since 2019"). Durations ("for five years") are left out unless ``include_durations`` is true,
    in which case they come back with kind "duration".
    """
    return _join_spans(_longest_first(list(_candidates(text, include_durations, True))), text)


# --------------------------------------------------------------------------------------------------
# Calendar arithmetic


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_period(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), _month_end(year, month)


def _year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _week_period(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of month clipped to the month's length."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` units (negative: back in time)."""
    length = load_vocabulary().units[unit]
    if "days" in length:
        return day + timedelta(days=amount * length["days"])
    return _add_months(day, amount * length["months"])


def _unit_period(day: date, unit: str) -> tuple[date, date]:
    """The calendar unit holding ``day``: the day, its week, month or year; for a decade, five years around it."""
    if unit == "day":
        return day, day
    if unit == "week":
        return _week_period(day)
    if unit == "month":
        return _month_period(day.year, day.month)
    if unit == "year":
        return _year_period(day.year)
    return date(day.year - 2, 1, 1), date(day.year + 2, 12, 31)


def _season_period(season: str, year: int) -> tuple[date, date]:
    """The season of ``year``; a winter belongs to the year of its January."""
    first, last = load_vocabulary().seasons[season.lower()]
    if first > last:
        return date(year - 1, first, 1), _month_end(year, last)
    return date(year, first, 1), _month_end(year, last)


def file_period(start: date, end: date) -> tuple[str | None, str]:
    """The calendar unit a period is filed under, as (value, precision).

    The finest of day, month and year that holds the whole period; a period a little too long for a
    month (at most 31 days) or a year (at most 366 days) is filed under the month or year holding its
    middle day. Longer periods get (None, "none").
    """
    if start == end:
        return start.isoformat(), "day"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}", "month"
    length = (end - start).days + 1
    middle = start + timedelta(days=(end - start).days // 2)
    if length <= 31:
        return f"{middle.year:04d}-{middle.month:02d}", "month"
    if start.year == end.year:
        return f"{start.year:04d}", "year"
    if length <= 366:
        return f"{middle.year:04d}", "year"
    return None, "none"


# --------------------------------------------------------------------------------------------------
# Choosing among the recurring instances of a month, day, weekday or season


def _distance(period: tuple[date, date], day: date) -> int:
    start, end = period
    if start <= day <= end:
        return 0
    return (start - day).days if start > day else (day - end).days


def _choose(instances: list[tuple[date, date]], published: date, tense: str, rel: str | None) -> tuple[tuple[date, date], str]:
    """The instance the words mean, and the rule suffix saying how it was chosen.

    No modifier: past -> the latest that has begun by the article date; future -> the earliest not
    over by then; present -> the one holding the article date, else the nearest (ties go to the past).
    "last" -> the latest over before the article date; "next" -> the earliest beginning after it;
    "this" -> the one holding the article date, else as the tense says.
    """
    instances = sorted(instances)

    def nearest() -> tuple[date, date]:
        return min(instances, key=lambda i: (_distance(i, published), i[0]))

    # Each direction falls back to the nearest instance when none lies that way (a weekday and
    # date that match only in other years, e.g. "Tuesday 21 Feb" said in June 2023 of the future).
    if rel in {"last", "this past"}:
        return max((i for i in instances if i[1] < published), default=nearest()), "last"
    if rel == "next":
        return min((i for i in instances if i[0] > published), default=nearest()), "next"
    if rel == "this":
        holding = [i for i in instances if i[0] <= published <= i[1]]
        if holding:
            return holding[0], "this"
        chosen, _ = _choose(instances, published, tense, None)
        return chosen, "this"
    if tense == "past":
        return max((i for i in instances if i[0] <= published), default=nearest()), "past"
    if tense == "future":
        return min((i for i in instances if i[1] >= published), default=nearest()), "future"
    return nearest(), "present"


def _named_rule(base: str, how: str) -> str:
    """"month-name" + "past" -> "month-name-past"; "last" -> "last-month-name"."""
    return f"{how}-{base}" if how in {"last", "next", "this"} else f"{base}-{how}"


# --------------------------------------------------------------------------------------------------
# Resolvers, one per pattern


def _require(published: date | None) -> date:
    if published is None:
        raise _NeedsArticleDate()
    return published


def _narrow(period: tuple[date, date], part: str | None, scale: str) -> tuple[date, date]:
    """The early, middle or late stretch of a month, year, decade or season."""
    if not part:
        return period
    vocab = load_vocabulary()
    name = vocab.part_name(part)
    spec = vocab.parts[name]
    start, end = period
    if scale == "month":
        first, last = spec["month_days"]
        return date(start.year, start.month, first), date(start.year, start.month, min(last, end.day))
    if scale == "year":
        first, last = spec["year_months"]
        return date(start.year, first, 1), _month_end(start.year, last)
    if scale == "decade":
        first, last = spec["decade_years"]
        return date(start.year + first, 1, 1), date(start.year + last, 12, 31)
    month_start = _add_months(start, spec["season_month"] - 1)
    return month_start, _month_end(month_start.year, month_start.month)


def _with_part(rule: str, part: str | None) -> str:
    return f"{load_vocabulary().part_name(part)}-{rule}" if part else rule


def _year_from_ref(details: dict[str, str], published: date | None) -> tuple[int, str]:
    """The year an expression names, and "explicit" or this/last/next."""
    if "year" in details:
        return int(details["year"]), "explicit"
    rel = details["yearrel"].lower()
    base = _require(published).year
    return base + {"this": 0, "the": 0, "last": -1, "next": 1}[rel], ("this" if rel == "the" else rel)


def _resolve_full_date(details, published, tense) -> _Period:
    vocab = load_vocabulary()
    year = int(details["year"])
    month = int(details["mnum"]) if "mnum" in details else vocab.month_number(details["month"])
    try:
        first = date(year, month, int(details["day"]))
        last = date(year, month, int(details.get("day2", details["day"])))
    except ValueError:
        raise _NotATime("invalid-date") from None
    return _Period(first, last, "explicit-date-range" if first != last else "explicit-date")


def _resolve_month_day(details, published, tense, rel=None) -> _Period:
    vocab = load_vocabulary()
    month = vocab.month_number(details["month"])
    first_day, last_day = int(details["day"]), int(details.get("day2", details["day"]))
    if "listed_year" not in details:
        published = _require(published)
    if "listed_year" in details:
        year = int(details["listed_year"])
        try:
            return _Period(date(year, month, first_day), date(year, month, last_day), "month-day-listed-year")
        except ValueError:
            raise _NotATime("invalid-date") from None
    instances = []
    for year in range(published.year - 8, published.year + 9):
        try:
            instances.append((date(year, month, first_day), date(year, month, last_day)))
        except ValueError:
            continue
    if "weekday" in details:
        weekday = vocab.weekdays[details["weekday"].title()]
        matching = [i for i in instances if i[0].weekday() == weekday]
        instances = matching or instances
    (start, end), how = _choose(instances, published, tense, rel)
    return _Period(start, end, f"month-day-{how}")


def _resolve_month_year(details, published, tense) -> _Period:
    year, how = _year_from_ref(details, published)
    start, end = _narrow(_month_period(year, load_vocabulary().month_number(details["month"])),
                         details.get("part"), "month")
    rule = "explicit-month-year" if how == "explicit" else f"month-of-{how}-year"
    return _Period(start, end, _with_part(rule, details.get("part")))


def _resolve_month(details, published, tense) -> _Period:
    month = load_vocabulary().month_number(details["month"])
    rel = details.get("rel")
    rel = " ".join(rel.lower().split()) if rel else None
    if "listed_year" in details:
        start, end = _narrow(_month_period(int(details["listed_year"]), month), details.get("part"), "month")
        return _Period(start, end, _with_part("month-name-listed-year", details.get("part")))
    published = _require(published)
    if rel == "this":
        period, how = _month_period(published.year, month), "this"
    else:
        instances = [_month_period(year, month) for year in range(published.year - 2, published.year + 3)]
        period, how = _choose(instances, published, tense, rel)
    start, end = _narrow(period, details.get("part"), "month")
    return _Period(start, end, _with_part(_named_rule("month-name", how), details.get("part")))


_DAY_OFFSETS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1,
                "the day before yesterday": -2, "the day after tomorrow": 2}
_DAY_RULES = {-2: "day-before-yesterday", -1: "yesterday", 0: "today", 1: "tomorrow", 2: "day-after-tomorrow"}


def _resolve_deictic_day(details, published, tense) -> _Period:
    published = _require(published)
    words = " ".join(details["deictic"].lower().split())
    if words.startswith(("this ", "earlier ", "later ")):
        offset = 0
    else:
        offset = _DAY_OFFSETS[words]
    day = published + timedelta(days=offset)
    return _Period(day, day, _DAY_RULES[offset])


def _resolve_weekday(details, published, tense) -> _Period:
    published = _require(published)
    weekday = load_vocabulary().weekdays[details["weekday"].title()]
    rel = details.get("rel")
    rel = " ".join(rel.lower().split()) if rel else None
    if rel == "this":
        monday, _ = _week_period(published)
        day = monday + timedelta(days=weekday)
        return _Period(day, day, "this-weekday")
    instances = []
    for offset in range(-14, 15):
        day = published + timedelta(days=offset)
        if day.weekday() == weekday:
            instances.append((day, day))
    (day, _), how = _choose(instances, published, tense, rel)
    return _Period(day, day, _named_rule("weekday", how))


def _resolve_year(details, published, tense) -> _Period:
    start, end = _year_period(int(details["year"]))
    return _Period(start, end, "explicit-year")


def _resolve_year_range(details, published, tense) -> _Period:
    first, second = details["year"], details["year2"]
    last = int(first[:2] + second) if len(second) == 2 else int(second)
    return _Period(date(int(first), 1, 1), date(last, 12, 31), "year-range")


def _resolve_decade(details, published, tense) -> _Period:
    digit = int(details["decade"])
    century = int(details["century"]) if "century" in details else (20 if digit <= 2 else 19)
    first_year = century * 100 + digit * 10
    start, end = _narrow((date(first_year, 1, 1), date(first_year + 9, 12, 31)), details.get("part"), "decade")
    return _Period(start, end, _with_part("decade", details.get("part")))


def _resolve_part_of_year(details, published, tense) -> _Period:
    year, how = _year_from_ref(details, published)
    start, end = _narrow(_year_period(year), details["part"], "year")
    rule = "explicit-year" if how == "explicit" else f"{how}-year"
    return _Period(start, end, _with_part(rule, details["part"]))


def _resolve_part_of_month(details, published, tense) -> _Period:
    published = _require(published)
    rel = details["rel"].lower()
    rel = "this" if rel == "the" else rel
    month_start = _add_months(date(published.year, published.month, 1), {"this": 0, "last": -1, "next": 1}[rel])
    start, end = _narrow(_month_period(month_start.year, month_start.month), details["part"], "month")
    return _Period(start, end, _with_part(f"{rel}-month", details["part"]))


def _resolve_quarter(details, published, tense) -> _Period:
    year, how = _year_from_ref(details, published)
    if "qcode" in details:
        unit = "half" if details["qcode"][0].upper() == "H" else "quarter"
        number = int(details["qcode"][1])
    else:
        unit = details["qunit"].lower()
        number = load_vocabulary().quarters[details["ordinal"].lower()]
    months = 6 if unit == "half" else 3
    if number > 12 // months:
        raise _NotATime("invalid-date")
    first_month = (number - 1) * months + 1
    start = date(year, first_month, 1)
    end = _month_end(year, first_month + months - 1)
    rule = "half-year" if unit == "half" else "quarter"
    return _Period(start, end, rule if how == "explicit" else f"{rule}-of-{how}-year")


def _resolve_season(details, published, tense) -> _Period:
    season = details["season"].lower()
    part = details.get("part")
    if "year" in details or "yearrel" in details:
        year, how = _year_from_ref(details, published)
        start, end = _narrow(_season_period(season, year), part, "season")
        rule = "season-year" if how == "explicit" else f"season-of-{how}-year"
        return _Period(start, end, _with_part(rule, part))
    published = _require(published)
    rel = details.get("rel")
    rel = " ".join(rel.lower().split()) if rel else None
    rel = {"past": "last", "coming": "next"}.get(rel, rel)
    instances = [_season_period(season, year) for year in range(published.year - 2, published.year + 3)]
    period, how = _choose(instances, published, tense, rel)
    start, end = _narrow(period, part, "season")
    return _Period(start, end, _with_part(_named_rule("season", how), part))


def _resolve_relative_unit(details, published, tense) -> _Period:
    published = _require(published)
    unit = details["unit"].lower()
    rel = " ".join(details.get("rel", "the").lower().split())
    if unit == "weekend":
        return _resolve_weekend(rel, published, tense)
    this_start, this_end = _unit_period(published, unit)
    if rel == "earlier this":
        return _Period(this_start, max(this_start, published - timedelta(days=1)), f"earlier-this-{unit}")
    if rel == "later this":
        return _Period(min(this_end, published + timedelta(days=1)), this_end, f"later-this-{unit}")
    step = {"last": -1, "this": 0, "next": 1}[rel]
    start, end = _unit_period(_shift(this_start, step, unit), unit)
    return _Period(start, end, f"{rel}-{unit}")


def _resolve_weekend(rel: str, published: date, tense: str) -> _Period:
    """Saturday and Sunday: "this weekend" is the one of the article's week (or, said in the past
    tense on a weekday, the one just gone); "last"/"next" are a week before or after it."""
    monday, _ = _week_period(published)
    saturday = monday + timedelta(days=5)
    if rel in {"earlier this", "later this"}:
        rel = "this"
    if rel in {"this", "the"}:
        if tense == "past" and published < saturday:
            saturday -= timedelta(days=7)
        name = "this-weekend" if rel == "this" else f"weekend-{tense}"
    elif rel == "last":
        saturday -= timedelta(days=7)
        name = "last-weekend"
    else:
        saturday += timedelta(days=7)
        name = "next-weekend"
    return _Period(saturday, saturday + timedelta(days=1), name)


def _resolve_weekend_pattern(details, published, tense) -> _Period:
    return _resolve_weekend("the", _require(published), tense)


def _singular(unit: str) -> str:
    unit = unit.lower()
    return unit[:-1] if unit.endswith("s") else unit


def _resolve_window(details, published, tense) -> _Period:
    published = _require(published)
    vocab = load_vocabulary()
    unit = _singular(details["unit"])
    plural = details["unit"].lower().endswith("s")
    rel = details.get("rel", "recent").lower()
    if "count" in details:
        amount = vocab.count_range(details["count"])[1]
    elif rel == "recent":
        amount = vocab.recent_window[unit]
    elif plural:
        amount = (vocab.coming_window if rel in {"next", "coming"} else vocab.recent_window)[unit]
    else:
        amount = 1
    if rel in {"next", "coming"}:
        return _Period(published + timedelta(days=1), _shift(published, amount, unit), "coming-window")
    rule = "recent-window" if rel == "recent" else "past-window"
    return _Period(_shift(published, -amount, unit) + timedelta(days=1), published, rule)


def _counted_period(details, published: date, direction: int, rule_exact: str, rule_vague: str) -> _Period:
    """The calendar unit ``count`` units before (direction -1) or after (+1) the article date; a vague
    count ("a few", "several", none at all) gives the stretch from its fewest to its most units."""
    vocab = load_vocabulary()
    unit = _singular(details["unit"])
    fewest, most = vocab.count_range(details.get("count"))
    near = _unit_period(_shift(published, direction * fewest, unit), unit)
    far = _unit_period(_shift(published, direction * most, unit), unit)
    start, end = (far[0], near[1]) if direction < 0 else (near[0], far[1])
    rule = (rule_exact if fewest == most else rule_vague).format(unit=unit)
    return _Period(start, end, rule)


def _resolve_ago(details, published, tense) -> _Period:
    return _counted_period(details, _require(published), -1, "{unit}s-ago", "some-{unit}s-ago")


def _resolve_from_now(details, published, tense) -> _Period:
    return _counted_period(details, _require(published), 1, "{unit}s-from-now", "some-{unit}s-from-now")


def _resolve_in_units(details, published, tense) -> _Period:
    if tense != "future":
        raise _NotATime("duration-in-units")
    published = _require(published)
    if details["prep"].lower() == "within":
        vocab = load_vocabulary()
        unit = _singular(details["unit"])
        amount = vocab.count_range(details["count"])[1]
        return _Period(published, _shift(published, amount, unit) - timedelta(days=1), "within-window")
    return _counted_period(details, published, 1, "in-{unit}s-future", "in-some-{unit}s-future")


def _resolve_duration(details, published, tense) -> _Period:
    raise _NotATime("duration")


_RESOLVERS: dict[str, Callable[..., _Period]] = {
    "date-month-first": _resolve_full_date,
    "date-day-first": _resolve_full_date,
    "date-iso": _resolve_full_date,
    "month-day-month-first": _resolve_month_day,
    "month-day-day-first": _resolve_month_day,
    "month-year": _resolve_month_year,
    "month": _resolve_month,
    "weekday": _resolve_weekday,
    "year": _resolve_year,
    "year-range": _resolve_year_range,
    "decade": _resolve_decade,
    "part-of-year": _resolve_part_of_year,
    "part-of-month": _resolve_part_of_month,
    "quarter": _resolve_quarter,
    "quarter-code": _resolve_quarter,
    "season": _resolve_season,
    "deictic-day": _resolve_deictic_day,
    "relative-unit": _resolve_relative_unit,
    "weekend": _resolve_weekend_pattern,
    "window-past": _resolve_window,
    "window-coming": _resolve_window,
    "window-recent": _resolve_window,
    "ago": _resolve_ago,
    "from-now": _resolve_from_now,
    "in-units": _resolve_in_units,
    "duration": _resolve_duration,
    "duration-bare": _resolve_duration,
}


def _period_of(expression: TimeExpression, published: date | None, tense: str) -> _Period:
    """The period an expression names, before any since/before/after is applied."""
    if expression.pattern == "span":
        return _span_period(expression, published, tense)
    return _RESOLVERS[expression.pattern](expression.details, published, tense)


def _span_period(expression: TimeExpression, published: date | None, tense: str) -> _Period:
    """From the start of the first end to the end of the second; the first end is read as the latest
    such time at or before the second's start ("from March to May 2023": March 2023)."""
    first, second = expression.components
    last = _period_of(second, published, tense)
    try:
        opening = _RESOLVERS[first.pattern](first.details, None, tense)
    except _NeedsArticleDate:
        opening = _RESOLVERS[first.pattern](first.details, last.start, "past")
    if opening.start > last.end:
        return opening
    return _Period(opening.start, last.end, "span")


def _apply_preposition(period: _Period, preposition: str | None, published: date | None, tense: str):
    """since X: from X to the article date; before X: up to the day before X; after X: from the day after."""
    if preposition == "since":
        end = _require(published)
        return (period.start, max(end, period.start)), f"since-{period.rule}"
    if preposition == "before":
        return (None, period.start - timedelta(days=1)), f"before-{period.rule}"
    if preposition == "after":
        start = period.end + timedelta(days=1)
        end = published if (published is not None and tense == "past" and published >= start) else None
        return (start, end), f"after-{period.rule}"
    return (period.start, period.end), period.rule


# --------------------------------------------------------------------------------------------------
# Public API


_EDGE_JUNK = " \t\r\n.,;:!?()[]\"'“”‘’"


def _expression_for(text: str) -> TimeExpression | None:
    """The one expression that makes up ``text`` (leading and trailing punctuation aside), if any."""
    stripped = text.strip(_EDGE_JUNK)
    if not stripped:
        return None
    lo = len(text) - len(text.lstrip(_EDGE_JUNK))
    hi = lo + len(stripped)
    for check_context in (True, False):
        found = _join_spans(_longest_first(list(_candidates(text, True, check_context))), text)
        for expression in found:
            if expression.start <= lo and expression.end >= hi:
                return expression
    return None


_DATE_FILLER_WORDS = frozenset({"of", "the", "on", "st", "nd", "rd", "th"})


def _looks_like_a_written_date(text: str) -> bool:
    """Digits with at most month names, weekday names and filler words: what dateparser may read."""
    vocab = load_vocabulary()
    names = {name.lower() for name in (*vocab.months, *vocab.month_abbreviations, *vocab.weekdays)}
    words = re.findall(r"[A-Za-z]+", text)
    return bool(re.search(r"\d", text)) and all(
        word.lower() in names or word.lower() in _DATE_FILLER_WORDS for word in words)


@lru_cache(maxsize=8)
def _date_parser(published: date | None, tense: str):
    from dateparser.date import DateDataParser  # slow to import; only this fallback needs it

    settings = {"PREFER_DATES_FROM": {"past": "past", "future": "future"}.get(tense, "current_period"),
                "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_ref(text: str, published: date | None, tense: str) -> TimeRef | None:
    """An odd written date ("18/06/2023", "Jun-18-2023") read by dateparser, or None.

    Only strings of digits, month and weekday names are tried; without an article date only those
    that carry a four-digit year.
    """
    if not _looks_like_a_written_date(text):
        return None
    if published is None and not re.search(r"(?<!\d)\d{4}(?!\d)", text):
        return None
    try:
        data = _date_parser(published, tense).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; it is only a fallback
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        start, end = _year_period(day.year)
    elif data.period == "month":
        start, end = _month_period(day.year, day.month)
    else:
        start = end = day
    value, precision = file_period(start, end)
    return TimeRef(value, precision, start, end, text, "dateparser")


def resolve(expression: str | TimeExpression, published: date | None, tense: str = "past") -> TimeRef:
    """The period an expression names, relative to the article's publication date.

    ``tense`` ("past", "present" or "future") is the tense of the clause the expression belongs to;
    it picks among the recurring times a name can mean ("in November", "on Tuesday"). Absolute
    expressions resolve without a publication date; relative ones then give a TimeRef with no value
    and rule "relative-without-article-date". Words that are no time give precision "none" with rule
    "not-a-time" (or "duration", "duration-in-units", "invalid-date").
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {', '.join(TENSES)}, not {tense!r}")
    if isinstance(expression, str):
        text = expression
        found = _expression_for(text)
        if found is None:
            parsed = _dateparser_ref(text, published, tense)
            return parsed or TimeRef(None, "none", text=text, rule="not-a-time")
    else:
        found, text = expression, expression.text
    try:
        period = _period_of(found, published, tense)
        (start, end), rule = _apply_preposition(period, found.preposition, published, tense)
    except _NeedsArticleDate:
        return TimeRef(None, "none", text=text, rule=RELATIVE_WITHOUT_DATE)
    except _NotATime as reason:
        return TimeRef(None, "none", text=text, rule=reason.rule)
    if start is None or end is None:
        return TimeRef(None, "none", start, end, text, rule)
    value, precision = file_period(start, end)
    return TimeRef(value, precision, start, end, text, rule)


def fallback(published: date | None) -> TimeRef:
    """When an event has no time words: the article's month, or unknown without an article date."""
    if published is None:
        return TimeRef.unknown()
    start, end = _month_period(published.year, published.month)
    return TimeRef(f"{published.year:04d}-{published.month:02d}", "month", start, end, None, "article-month")
