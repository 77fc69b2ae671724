"""Event time: find the time expressions in a sentence and resolve them against the article date.

``find_time_expressions`` scans a sentence with compiled patterns built from the words in
``data/time_expressions.yaml``; ``resolve`` turns one expression into a ``records.TimeRef`` (a period
with a precision and the name of the rule that produced it); ``fallback`` dates an event that has no
time words. The rules, with examples, are in ``docs/time.md``; every rule name this module returns is
listed there.

Which expression belongs to which event, and the tense of its clause, are decided by the caller
(``detente.events``); anaphora ("two days later", "that month") are resolved against the last time the
text mentioned (``resolve_text``, ``anchor_before``). Without a parse, ``guess_tense`` reads the
tense from the words of the clause (``detente when``, the gold scorer ``evaluate_gold``).
``dateparser`` is used only by ``resolve`` for a string none of the patterns reads (and as the
baseline of ``evaluate_gold``), never while scanning sentences (it costs milliseconds per call).
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable, Iterator

import yaml

from .records import TimeRef
from .resources import packaged_yaml

TENSES: tuple[str, ...] = ("past", "present", "future")

# Kinds of expression that name a stretch of the calendar; only these join into spans.
CALENDAR_KINDS: frozenset[str] = frozenset({
    "date", "month-day", "month", "month-year", "year", "year-range", "decade", "part-of-year",
    "season", "weekday", "fiscal-year",
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
    season, weekday, day, relative, window, duration-ago, from-now, in-units, fiscal-year, anaphoric
    ("two days later", "that day": counted from the last mentioned time), span, and (only when
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
    tense_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fiscal_year_start: int = 10  # the month fiscal year N begins in, in year N - 1 (US: October)
    not_past_ed: frozenset[str] = frozenset()

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
        tense_cues={tense: tuple(str(w).lower() for w in words)
                    for tense, words in raw.get("tense_cues", {}).items() if tense in TENSES},
        fiscal_year_start=int(raw.get("fiscal_year_start", 10)),
        not_past_ed=frozenset(str(w).lower() for w in raw.get("tense_cues", {}).get("not_past_ed", ())),
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


def _accept_fiscal_year(hit: _Hit, vocab: Vocabulary) -> bool:
    """"FY24", "fiscal year 2025": a four-digit fiscal year must be a plausible year."""
    if _NUMBER_LIKE_BEFORE.search(hit.before()):
        return False
    digits = hit.group("fy")
    return len(digits) == 2 or vocab.year_range[0] <= int(digits) <= vocab.year_range[1]


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
    "fiscal-year": ("fiscal",), "fiscal-year-relative": ("fiscal",), "fiscal-quarter": ("quarter", "fiscal"),
    "quarter-bare": ("quarter",), "anaphoric-count": ("unit", "anaphor"), "anaphoric-same": ("anaphor",),
    "anaphoric-that": ("anaphor",), "anaphoric-unit-before": ("anaphor",),
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
        r"(?P<digit>\d)|(?P<fiscal>\b[Ff]iscal\b|\bFISCAL\b|(?-i:\bFY))"
        rf"|\b(?:(?P<month>{_alternatives(months, case_sensitive=True)})"
        rf"|(?P<weekday>{_alternatives(weekdays, case_sensitive=True)})"
        rf"|(?P<season>{_alternatives(vocab.seasons)})"
        r"|(?P<day>yesterday|today|tomorrow|tonight|night|morning|afternoon|evening)"
        r"|(?P<unit>days?|weeks?|weekends?|months?|years?|decades?)"
        r"|(?P<ago>ago)|(?P<now>now|hence)|(?P<recent>recent)"
        r"|(?P<anaphor>later|earlier|before|after|prior|same|following|previous|preceding|next|that)"
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
    fiscal_word = r"(?:fiscal(?:\s+years?)?|(?-i:FY))"
    day_units = r"(?P<aunit>day|week|month|year|morning|afternoon|evening|night|weekend)"

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
                rf"{weekday_prefix}(?P<month>{month_any})\s*{day_md}"
                r"(?:,?\s+(?P<yearrel>last|this|next)\s+year)?", _accept_month_day),
        pattern("month-day-day-first", "month-day",
                rf"{weekday_prefix}{day_dm}(?P<month>{month_any})", _accept_month_day),
        pattern("month-year", "month-year",
                rf"(?:(?P<part>{part})[\s-]+)?(?P<month>{month_any}),?\s+(?:of\s+)?{year_ref}",
                _accept_month_year),
        pattern("month", "month",
                rf"(?:(?P<rel>last|next|this|this\s+past|this\s+last)\s+)?(?:(?P<part>{part})[\s-]*)?"
                rf"(?P<month>{month_full})", _accept_month),
        pattern("weekday", "weekday",
                rf"(?:(?P<rel>last|next|this|this\s+past)\s+)?(?P<weekday>{weekday})"
                r"(?:\s+(?P<daypart>morning|afternoon|evening|night))?"
                r"(?:,?\s+(?:of\s+)?(?P<weekrel>last|next|this)\s+week)?", _accept_weekday),
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
                rf"(?:the\s+)?(?P<ordinal>{quarter_words}|last)\s+(?P<qunit>quarter|half)\s+(?:of\s+)?{year_ref_or_the}",
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
                rf"the\s+(?P<rel>next|coming)\s+(?!day\b)(?:{count}\s+)?{units}", _not_inside_a_number),
        pattern("window-recent", "window",
                rf"recent\s+(?P<unit>days|weeks|months|years|decades)"),
        pattern("ago", "duration-ago",
                rf"(?:(?P<approx>about|around|nearly|almost|roughly|just|only|barely|over|more\s+than)\s+)?"
                rf"(?:{count}\s+)?{units}\s+ago(?:\s+(?P<agotoday>today|this\s+week|this\s+month))?",
                _not_inside_a_number),
        pattern("fiscal-year", "fiscal-year",
                rf"(?:the\s+)?{fiscal_word}\s*(?P<fy>\d{{4}}|\d{{2}})(?!\d)", _accept_fiscal_year),
        pattern("fiscal-year-relative", "fiscal-year",
                r"(?P<fyrel>this|last|next|the\s+current|current|the\s+coming|the\s+next|the\s+last)\s+fiscal\s+year"),
        pattern("fiscal-quarter", "part-of-year",
                rf"(?:the\s+)?(?P<ordinal>{quarter_words}|last)\s+quarter\s+of\s+(?:the\s+)?"
                rf"(?:(?P<fyrel>this|next|last|current|coming)\s+)?(?:fiscal(?:\s+year)?|(?-i:FY))"
                r"(?:\s*(?P<fy>\d{4}|\d{2})(?!\d))?"),
        pattern("quarter-bare", "relative",
                rf"(?:the\s+)?(?P<ordinal>{quarter_words}|last|past|previous|next|this|current|coming)\s+"
                r"(?P<qunit>quarter)(?!\s+(?:of|century|mile|note|notes|final|finals)\b)(?![\w-])"),
        pattern("anaphoric-count", "anaphoric",
                rf"(?:(?P<approx>about|around|nearly|almost|roughly|just|only|barely|some|less\s+than|more\s+than)\s+)?"
                rf"(?:{count}[\s-]+)?{units}\s+(?P<dir>later|earlier|before|after|prior)"
                r"(?!\s+(?:than|to|that)\b)", _not_inside_a_number),
        pattern("anaphoric-same", "anaphoric",
                rf"the\s+(?:(?P<which>same|following|previous|preceding|prior)\s+{day_units}"
                r"|(?P<whichnext>next)\s+(?P<nunit>day|morning|afternoon|evening|night))"),
        pattern("anaphoric-that", "anaphoric",
                r"(?-i:that|That)\s+(?P<aunit>day|week|month|year|morning|afternoon|evening|night)(?!\s+(?:of|when)\b)"),
        pattern("anaphoric-unit-before", "anaphoric",
                r"the\s+(?P<aunit>day|week|month|year|night|morning|evening)\s+(?P<dir>before|after)"),
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


_FISCAL_BEFORE = re.compile(r"(?:fiscal\s+years?|(?-i:FY)s?)\s*(?:(?:of\s+)?)$", re.IGNORECASE)
_FISCAL_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*(?:and|or|to|through|until|-|–))\s*$", re.IGNORECASE)


def _mark_fiscal_years(expressions: list[TimeExpression], text: str) -> None:
    """A year right after "fiscal year(s)" ("fiscal year 2021 through 2023": the year pattern took
    "2021 through 2023") or listed after a fiscal year ("fiscal years 2022 and 2023") is a fiscal year."""
    previous = None
    for expression in expressions:
        if expression.pattern in {"year", "year-range"}:
            before = text[max(0, expression.start - 20):expression.start]
            gap = text[previous.end:expression.start] if previous is not None else ""
            listed = previous is not None and previous.kind == "fiscal-year" and (
                _FISCAL_LIST_GAP.match(gap) or (not gap.strip() and expression.preposition in {"through", "to", "until"}))
            if _FISCAL_BEFORE.search(before) or listed:
                expression.details["fiscal"] = "1"
                expression.kind = "fiscal-year"
        if expression.kind == "anaphoric" and "dir" in expression.details and \
                expression.details["dir"].lower() in {"before", "after"} and \
                re.match(r"\s+[\w“\"‘'(]", text[expression.end:expression.end + 2]):
            expression.details["event_after"] = "1"  # "two months after the vote"
        previous = expression


def _join_spans(expressions: list[TimeExpression], text: str) -> list[TimeExpression]:
    """Joins "from X to Y", "X-Y", "between X and Y" and "late X and early Y" into spans."""
    _mark_fiscal_years(expressions, text)
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


# All arithmetic stays inside the calendar Python knows (0001-01-01 .. 9999-12-31): a period that
# would run past either edge stops at it, so an article dated 0001-01-01 or 9999-12-31 resolves
# "last year" or "next week" to the stretch that exists instead of failing.


def _day(year: int, month: int, day: int) -> date:
    """The date, the day clipped to the month's length and the year to 1..9999 (the calendar's edges)."""
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _plus(day: date, days: int) -> date:
    """``day`` moved by ``days`` days, stopping at the calendar's first or last day."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _years_around(year: int, before: int, after: int) -> range:
    """The years from ``year - before`` to ``year + after`` that the calendar holds."""
    return range(max(date.min.year, year - before), min(date.max.year, year + after) + 1)


def _month_end(year: int, month: int) -> date:
    return _day(year, month, 31)


def _month_period(year: int, month: int) -> tuple[date, date]:
    return _day(year, month, 1), _month_end(year, month)


def _year_period(year: int) -> tuple[date, date]:
    return _day(year, 1, 1), _day(year, 12, 31)


def _fiscal_year_period(year: int) -> tuple[date, date]:
    """Fiscal year ``year`` (``fiscal_year_start`` in the data file; the US federal one by default:
    1 October of the year before to 30 September)."""
    first = load_vocabulary().fiscal_year_start
    if first == 1:
        return _year_period(year)
    start = _day(year - 1, first, 1)
    last = _add_months(start, 11)
    return start, _month_end(last.year, last.month)


def _week_period(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``day``."""
    monday = _plus(day, -day.weekday())
    return monday, _plus(monday, 6)


def _add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of month clipped to the month's length."""
    year, month0 = divmod(day.month - 1 + months, 12)
    return _day(day.year + year, month0 + 1, day.day)


def _shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` units (negative: back in time)."""
    length = load_vocabulary().units[unit]
    if "days" in length:
        return _plus(day, amount * length["days"])
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
    return _day(day.year - 2, 1, 1), _day(day.year + 2, 12, 31)


def _season_period(season: str, year: int) -> tuple[date, date]:
    """The season of ``year``; a winter belongs to the year of its January."""
    first, last = load_vocabulary().seasons[season.lower()]
    if first > last:
        return _day(year - 1, first, 1), _month_end(year, last)
    return _day(year, first, 1), _month_end(year, last)


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
    middle = _plus(start, (end - start).days // 2)
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
    return f"{how}-{base}" if how in {"last", "next", "this", "this-past"} else f"{base}-{how}"


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
        return _day(start.year, start.month, first), _day(start.year, start.month, min(last, end.day))
    if scale == "year":
        first, last = spec["year_months"]
        return _day(start.year, first, 1), _month_end(start.year, last)
    if scale == "decade":
        first, last = spec["decade_years"]
        return _day(start.year + first, 1, 1), _day(start.year + last, 12, 31)
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
    if "yearrel" in details:  # "October 7 last year"
        year = published.year + {"last": -1, "this": 0, "next": 1}[details["yearrel"].lower()]
        try:
            return _Period(date(year, month, first_day), date(year, month, last_day),
                           f"month-day-of-{details['yearrel'].lower()}-year")
        except ValueError:
            raise _NotATime("invalid-date") from None
    if "listed_year" in details:
        year = int(details["listed_year"])
        try:
            return _Period(date(year, month, first_day), date(year, month, last_day), "month-day-listed-year")
        except ValueError:
            raise _NotATime("invalid-date") from None
    instances = []
    for year in _years_around(published.year, 8, 8):
        try:
            instances.append((date(year, month, first_day), date(year, month, last_day)))
        except ValueError:
            continue
    if "weekday" in details:
        weekday = vocab.weekdays[details["weekday"].title()]
        matching = [i for i in instances if i[0].weekday() == weekday]
        instances = matching or instances
    elif "prep" not in details and "words_alone" not in details and rel is None and tense != "future":
        # A date used as a name ("the March 3 bombing", "January 6 looms large") or a dateline is
        # the one that has happened, not the next one -- or one at most two days ahead: a dateline
        # written where it is already tomorrow ("SEOUL, Dec. 14 --" in an article dated 13 December).
        ahead = [i for i in instances if published < i[0] <= _plus(published, 2)]
        (start, end), _ = (ahead[0], None) if ahead else _choose(instances, published, "past", None)
        return _Period(start, end, "month-day-named")
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
    rel = " ".join(rel.lower().split()).replace("this last", "this past") if rel else None
    if "listed_year" in details:
        start, end = _narrow(_month_period(int(details["listed_year"]), month), details.get("part"), "month")
        return _Period(start, end, _with_part("month-name-listed-year", details.get("part")))
    published = _require(published)
    if rel == "this":
        period, how = _month_period(published.year, month), "this"
    elif rel == "last":
        # "last October", like "last year", names last year's October: written in November 2023
        # it is October 2022 (the one just gone is "in October" or "this past October").
        period, how = _month_period(published.year - 1, month), "last"
    elif rel == "this past":
        instances = [_month_period(year, month) for year in _years_around(published.year, 2, 2)]
        period, _ = _choose(instances, published, tense, "last")
        how = "this-past"
    else:
        instances = [_month_period(year, month) for year in _years_around(published.year, 2, 2)]
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
    day = _plus(published, offset)
    return _Period(day, day, _DAY_RULES[offset])


def _resolve_weekday(details, published, tense) -> _Period:
    published = _require(published)
    weekday = load_vocabulary().weekdays[details["weekday"].title()]
    rel = details.get("rel")
    rel = " ".join(rel.lower().split()) if rel else None
    weekrel = details.get("weekrel", "").lower()
    if weekrel:  # "Thursday of next week", "Monday this week"
        monday = _plus(_week_period(published)[0], 7 * {"last": -1, "this": 0, "next": 1}[weekrel])
        day = _plus(monday, weekday)
        return _Period(day, day, f"weekday-of-{weekrel}-week")
    if rel == "this":
        monday, _ = _week_period(published)
        day = _plus(monday, weekday)
        return _Period(day, day, "this-weekday")
    if rel is None and weekday == published.weekday() and tense != "present" and "daypart" not in details:
        # "met on Thursday" written on a Thursday is the Thursday before ("today" would say today);
        # "resume on Thursday" is the Thursday after. ("on Monday morning" may well be today.)
        day = _plus(published, -7 if tense == "past" else 7)
        return _Period(day, day, f"weekday-{tense}-week")
    instances = []
    for offset in range(-14, 15):
        day = _plus(published, offset)
        if day.weekday() == weekday:
            instances.append((day, day))
    (day, _), how = _choose(instances, published, tense, rel)
    return _Period(day, day, _named_rule("weekday", how))


def _resolve_year(details, published, tense) -> _Period:
    if "fiscal" in details:  # "fiscal years 2022 and 2023", "fiscal year 2021 through 2023"
        start, end = _fiscal_year_period(int(details["year"]))
        return _Period(start, end, "fiscal-year")
    start, end = _year_period(int(details["year"]))
    return _Period(start, end, "explicit-year")


def _resolve_year_range(details, published, tense) -> _Period:
    first, second = details["year"], details["year2"]
    last = int(first[:2] + second) if len(second) == 2 else int(second)
    if "fiscal" in details:
        return _Period(_fiscal_year_period(int(first))[0], _fiscal_year_period(last)[1], "fiscal-year-range")
    return _Period(_day(int(first), 1, 1), _day(last, 12, 31), "year-range")


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
    month_start = _add_months(_day(published.year, published.month, 1), {"this": 0, "last": -1, "next": 1}[rel])
    start, end = _narrow(_month_period(month_start.year, month_start.month), details["part"], "month")
    return _Period(start, end, _with_part(f"{rel}-month", details["part"]))


def _resolve_quarter(details, published, tense) -> _Period:
    year, how = _year_from_ref(details, published)
    if "qcode" in details:
        unit = "half" if details["qcode"][0].upper() == "H" else "quarter"
        number = int(details["qcode"][1])
    else:
        unit = details["qunit"].lower()
        words = details["ordinal"].lower()
        number = (4 if unit == "quarter" else 2) if words == "last" else load_vocabulary().quarters[words]
    months = 6 if unit == "half" else 3
    if number > 12 // months:
        raise _NotATime("invalid-date")
    first_month = (number - 1) * months + 1
    start = _day(year, first_month, 1)
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
    instances = [_season_period(season, year) for year in _years_around(published.year, 2, 2)]
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
        return _Period(this_start, max(this_start, _plus(published, -1)), f"earlier-this-{unit}")
    if rel == "later this":
        return _Period(min(this_end, _plus(published, 1)), this_end, f"later-this-{unit}")
    step = {"last": -1, "this": 0, "next": 1}[rel]
    start, end = _unit_period(_shift(this_start, step, unit), unit)
    return _Period(start, end, f"{rel}-{unit}")


def _resolve_weekend(rel: str, published: date, tense: str) -> _Period:
    """Saturday and Sunday: "this weekend" is the one of the article's week (or, said in the past
    tense on a weekday, the one just gone); "last"/"next" are a week before or after it."""
    monday, _ = _week_period(published)
    saturday = _plus(monday, 5)
    if rel in {"earlier this", "later this"}:
        rel = "this"
    if rel in {"this", "the"}:
        if tense == "past" and published < saturday:
            saturday = _plus(saturday, -7)
        name = "this-weekend" if rel == "this" else f"weekend-{tense}"
    elif rel == "last":
        saturday = _plus(saturday, -7)
        name = "last-weekend"
    else:
        saturday = _plus(saturday, 7)
        name = "next-weekend"
    return _Period(saturday, _plus(saturday, 1), name)


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
        return _Period(_plus(published, 1), max(_plus(published, 1), _shift(published, amount, unit)), "coming-window")
    rule = "recent-window" if rel == "recent" else "past-window"
    return _Period(min(published, _plus(_shift(published, -amount, unit), 1)), published, rule)


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


_APPROXIMATELY_LESS = frozenset({"nearly", "almost", "just under"})


def _resolve_ago(details, published, tense) -> _Period:
    """"two weeks ago": the unit holding the day that many units back. A year ago is the month it
    names ("a year ago" in April 2024 is April 2023), more years ago the year; "nearly/almost N
    years ago" counts half a unit less; "N years ago today" is that very day ("this week": that week)."""
    published = _require(published)
    vocab = load_vocabulary()
    unit = _singular(details["unit"])
    fewest, most = vocab.count_range(details.get("count"))
    if fewest != most or unit not in {"year", "month", "decade"} and "agotoday" not in details:
        return _counted_period(details, published, -1, "{unit}s-ago", "some-{unit}s-ago")
    day = _shift(published, -fewest, unit)
    if (details.get("approx") or "").lower() in _APPROXIMATELY_LESS:
        day = _add_months(day, vocab.units[unit]["months"] // 2)
    today = " ".join((details.get("agotoday") or "").lower().split())
    if today:
        start, end = _unit_period(day, {"today": "day", "this week": "week", "this month": "month"}[today])
        return _Period(start, end, f"{unit}s-ago-{today.replace(' ', '-')}")
    if unit == "year" and fewest == 1:
        start, end = _month_period(day.year, day.month)
        return _Period(start, end, "years-ago-month")
    start, end = _unit_period(day, unit)
    return _Period(start, end, f"{unit}s-ago")


def _resolve_from_now(details, published, tense) -> _Period:
    return _counted_period(details, _require(published), 1, "{unit}s-from-now", "some-{unit}s-from-now")


def _resolve_in_units(details, published, tense) -> _Period:
    within = details["prep"].lower() == "within"
    # "in five years" is a time only ahead ("will open in five years"); "within a month" unless it
    # tells of the past ("within a year, the rebels had taken the city").
    if tense != "future" and not (within and tense == "present"):
        raise _NotATime("duration-in-units")
    published = _require(published)
    if within:
        vocab = load_vocabulary()
        unit = _singular(details["unit"])
        amount = vocab.count_range(details["count"])[1]
        return _Period(published, max(published, _plus(_shift(published, amount, unit), -1)), "within-window")
    return _counted_period(details, published, 1, "in-{unit}s-future", "in-some-{unit}s-future")


def _resolve_duration(details, published, tense) -> _Period:
    raise _NotATime("duration")


def _fiscal_number(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _current_fiscal_year(day: date) -> int:
    """The fiscal year holding ``day`` (US: fiscal 2025 began on 1 October 2024)."""
    first = load_vocabulary().fiscal_year_start
    return day.year + (1 if first > 1 and day.month >= first else 0)


_FISCAL_STEPS = {"this": 0, "current": 0, "the current": 0, "last": -1, "the last": -1, "next": 1,
                 "the next": 1, "coming": 1, "the coming": 1}


def _resolve_fiscal_year(details, published, tense) -> _Period:
    """"fiscal 2025", "FY25": the US federal fiscal year, 1 October 2024 to 30 September 2025."""
    if "fy" in details:
        start, end = _fiscal_year_period(_fiscal_number(details["fy"]))
        return _Period(start, end, "fiscal-year")
    rel = " ".join(details["fyrel"].lower().split())
    year = _current_fiscal_year(_require(published)) + _FISCAL_STEPS[rel]
    start, end = _fiscal_year_period(year)
    return _Period(start, end, f"{rel.replace('the ', '')}-fiscal-year")


def _quarter_number(words: str) -> int:
    words = words.lower()
    return 4 if words == "last" else load_vocabulary().quarters[words]


def _resolve_fiscal_quarter(details, published, tense) -> _Period:
    """"the first quarter of fiscal 2024" = October-December 2023; "of the fiscal year" takes the
    fiscal year as the tense says."""
    number = _quarter_number(details["ordinal"])

    def quarter_of(year: int) -> tuple[date, date]:
        start = _add_months(_fiscal_year_period(year)[0], 3 * (number - 1))
        return start, _month_end(_add_months(start, 2).year, _add_months(start, 2).month)

    if "fy" in details:
        start, end = quarter_of(_fiscal_number(details["fy"]))
        return _Period(start, end, "fiscal-quarter")
    published = _require(published)
    current = _current_fiscal_year(published)
    if "fyrel" in details:
        start, end = quarter_of(current + _FISCAL_STEPS[details["fyrel"].lower()])
        return _Period(start, end, f"fiscal-quarter-of-{details['fyrel'].lower()}-fiscal-year")
    (start, end), how = _choose([quarter_of(year) for year in range(current - 1, current + 2)], published, tense, None)
    return _Period(start, end, f"fiscal-quarter-{how}")


_QUARTER_REL = {"last": "last", "past": "last", "previous": "last", "next": "next", "coming": "next",
                "this": "this", "current": "this"}


def _resolve_quarter_bare(details, published, tense) -> _Period:
    """"the last quarter" = the latest quarter over before the article; "the second quarter" is the
    second calendar quarter the tense points to; "this quarter" holds the article date."""
    published = _require(published)
    words = details["ordinal"].lower()
    rel = _QUARTER_REL.get(words)
    instances = []
    for year in _years_around(published.year, 2, 2):
        for number in range(1, 5):
            if rel is None and number != load_vocabulary().quarters[words]:
                continue
            start = _day(year, 3 * number - 2, 1)
            instances.append((start, _month_end(year, 3 * number)))
    (start, end), how = _choose(instances, published, tense, rel)
    return _Period(start, end, f"{how}-quarter" if rel else f"quarter-name-{how}")


# Anaphora: "two days later", "the same day", "that month", "the year before" are counted from the last
# time the text mentioned (the ``anchor``), or from the article date when there is none.

_ANAPHORIC_UNIT = {"morning": "day", "afternoon": "day", "evening": "day", "night": "day", "weekend": "week"}
_FINER_UNIT = {"day": "day", "week": "week", "month": "month", "year": "month", "decade": "year"}


def _anchor_period(anchor: tuple[date, date] | None, published: date | None) -> tuple[date, date]:
    if anchor is not None:
        return anchor
    day = _require(published)
    return day, day


def _unit_of(period: tuple[date, date], unit: str) -> tuple[date, date]:
    """The ``unit`` holding a period's first day, unless the period is longer than the unit."""
    start, end = period
    length = (end - start).days + 1
    if length > {"day": 1, "week": 7, "month": 31, "year": 366}.get(unit, 3660):
        return period
    return _unit_period(start, unit)


def _shift_period(period: tuple[date, date], amount: int, unit: str) -> tuple[date, date]:
    start, end = period
    if unit == "week" and start == end - timedelta(days=6) and start.weekday() == 0:
        return _week_period(_shift(start, amount, unit))
    if (start, end) == _month_period(start.year, start.month):
        moved = _shift(start, amount, unit)
        return _month_period(moved.year, moved.month) if unit != "day" and unit != "week" else (moved, moved)
    return _shift(start, amount, unit), _shift(end, amount, unit)


def _resolve_anaphoric_count(details, published, tense, anchor=None) -> _Period:
    """"two days later", "a year earlier": the last mentioned time moved by the count. "two months
    after the vote" relates the time to an event, not to a time: it is the time of its clause (the
    time mentioned just before it in the sentence, else the article date, at a unit finer than the
    count)."""
    unit = _singular(details["unit"])
    base = _anchor_period(anchor, published)
    direction = -1 if details["dir"].lower() in {"earlier", "before", "prior"} else 1
    if details.get("event_after"):
        if anchor is None:
            return _Period(*_unit_period(base[0], _FINER_UNIT[unit]), "relative-to-event")
        return _Period(base[0], base[1], "relative-to-event")
    fewest, most = load_vocabulary().count_range(details.get("count") or "one")
    if unit == "day" and base[0] != base[1]:
        # "one day earlier" than a weekend or a stretch of days: counted from its first (or, for
        # "later", its last) day.
        edge = base[0] if direction < 0 else base[1]
        base = (edge, edge)
    near = _shift_period(base, direction * fewest, unit)
    far = _shift_period(base, direction * most, unit)
    start, end = (far[0], near[1]) if direction < 0 else (near[0], far[1])
    rule = "later" if direction > 0 else "earlier"
    return _Period(start, end, f"{unit}s-{rule}" if fewest == most else f"some-{unit}s-{rule}")


def _resolve_anaphoric_same(details, published, tense, anchor=None) -> _Period:
    """"the same day", "the following week", "the previous year", "the next morning"."""
    which = (details.get("which") or details.get("whichnext") or "").lower()
    word = (details.get("aunit") or details.get("nunit")).lower()
    unit = _ANAPHORIC_UNIT.get(word, word)
    base = _anchor_period(anchor, published)
    if which == "same":
        start, end = _unit_of(base, unit)
        return _Period(start, end, f"same-{unit}")
    step = 1 if which in {"following", "next"} else -1
    start, end = _unit_of(base, unit)
    if (end - start).days + 1 > {"day": 1, "week": 7, "month": 31, "year": 366}[unit]:
        start, end = _shift(start, step, unit), _shift(end, step, unit)
    else:
        start, end = _unit_period(_shift(start, step, unit), unit)
    return _Period(start, end, f"{'following' if step > 0 else 'previous'}-{unit}")


def _resolve_anaphoric_that(details, published, tense, anchor=None) -> _Period:
    """"that day", "that month", "that evening": the unit of the last mentioned time."""
    word = details["aunit"].lower()
    unit = _ANAPHORIC_UNIT.get(word, word)
    start, end = _unit_of(_anchor_period(anchor, published), unit)
    return _Period(start, end, f"that-{unit}")


def _resolve_anaphoric_unit_before(details, published, tense, anchor=None) -> _Period:
    """"the day before", "the night before", "the week after", "the year before": one unit from the
    last mentioned time ("the year before the vote": as "two months after the vote")."""
    word = details["aunit"].lower()
    unit = _ANAPHORIC_UNIT.get(word, word)
    base = _anchor_period(anchor, published)
    if details.get("event_after"):
        if anchor is None:
            return _Period(*_unit_period(base[0], _FINER_UNIT[unit]), "relative-to-event")
        return _Period(base[0], base[1], "relative-to-event")
    step = -1 if details["dir"].lower() == "before" else 1
    start, end = _unit_of(base, unit)
    if (end - start).days + 1 > {"day": 1, "week": 7, "month": 31, "year": 366}[unit]:
        start, end = _shift(start, step, unit), _shift(end, step, unit)
    else:
        start, end = _unit_period(_shift(start, step, unit), unit)
    return _Period(start, end, f"{unit}-{details['dir'].lower()}")


_ANAPHORIC_RESOLVERS = {"anaphoric-count", "anaphoric-same", "anaphoric-that", "anaphoric-unit-before"}


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
    "fiscal-year": _resolve_fiscal_year,
    "fiscal-year-relative": _resolve_fiscal_year,
    "fiscal-quarter": _resolve_fiscal_quarter,
    "quarter-bare": _resolve_quarter_bare,
    "anaphoric-count": _resolve_anaphoric_count,
    "anaphoric-same": _resolve_anaphoric_same,
    "anaphoric-that": _resolve_anaphoric_that,
    "anaphoric-unit-before": _resolve_anaphoric_unit_before,
}


def _period_of(expression: TimeExpression, published: date | None, tense: str,
               anchor: tuple[date, date] | None = None) -> _Period:
    """The period an expression names, before any since/before/after is applied."""
    if expression.pattern == "span":
        return _span_period(expression, published, tense)
    if expression.pattern in _ANAPHORIC_RESOLVERS:
        return _RESOLVERS[expression.pattern](expression.details, published, tense, anchor)
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
        return (None, _plus(period.start, -1)), f"before-{period.rule}"
    if preposition == "after":
        start = _plus(period.end, 1)
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
                expression.details["words_alone"] = "1"  # no text around: no named-date reading
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


ARTICLE_ANCHOR = "article"


def anchor_label(start: int, end: int, text: str) -> str:
    """How ``TimeRef.anchor`` names an earlier mention: ``mention:START-END:words``."""
    return f"mention:{start}-{end}:{' '.join(text.split())}"


def _anchor_of(anchor) -> tuple[tuple[date, date] | None, str | None]:
    """The period and the label of an anchor given to ``resolve`` (a Resolved, a TimeRef or None)."""
    if anchor is None:
        return None, None
    time = anchor.time if isinstance(anchor, Resolved) else anchor
    if time.start is None or time.end is None:
        return None, None
    if isinstance(anchor, Resolved):
        label = anchor_label(anchor.expression.start, anchor.expression.end, anchor.expression.text)
    else:
        label = f"mention:{' '.join((time.text or time.value or '').split())}"
    return (time.start, time.end), label


def resolve(expression: str | TimeExpression, published: date | None, tense: str = "past",
            anchor: "Resolved | TimeRef | None" = None) -> TimeRef:
    """The period an expression names, relative to the article's publication date.

    ``tense`` ("past", "present" or "future") is the tense of the clause the expression belongs to;
    it picks among the recurring times a name can mean ("in November", "on Tuesday"). ``anchor`` is
    the last time the text mentioned before the expression (a ``Resolved`` from ``resolve_text``, or
    a TimeRef): "two days later", "the same day", "that month" count from it, or from the article
    date without one. ``TimeRef.anchor`` says what the result was resolved against: "article", an
    earlier mention (``mention:START-END:words``) or None for a date written out in full.
    Absolute expressions resolve without a publication date; relative ones then give a TimeRef with
    no value and rule "relative-without-article-date". Words that are no time give precision "none"
    with rule "not-a-time" (or "duration", "duration-in-units", "invalid-date").
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {', '.join(TENSES)}, not {tense!r}")
    try:
        return _resolve(expression, published, tense, anchor)
    except (OverflowError, ValueError):  # a safety net: the arithmetic above clamps to the calendar
        text = expression if isinstance(expression, str) else expression.text
        return TimeRef(None, "none", text=text, rule="outside-calendar")


def _resolve(expression: str | TimeExpression, published: date | None, tense: str, anchor) -> TimeRef:
    if isinstance(expression, str):
        text = expression
        found = _expression_for(text)
        if found is None:
            parsed = _dateparser_ref(text, published, tense)
            return parsed or TimeRef(None, "none", text=text, rule="not-a-time")
    else:
        found, text = expression, expression.text
    anchor_period, anchor_text = _anchor_of(anchor) if found.pattern in _ANAPHORIC_RESOLVERS else (None, None)
    try:
        period = _period_of(found, published, tense, anchor_period)
        (start, end), rule = _apply_preposition(period, found.preposition, published, tense)
    except _NeedsArticleDate:
        return TimeRef(None, "none", text=text, rule=RELATIVE_WITHOUT_DATE)
    except _NotATime as reason:
        return TimeRef(None, "none", text=text, rule=reason.rule)
    label = anchor_text or (ARTICLE_ANCHOR if _needs_article(found, tense) else None)
    if start is None or end is None:
        return TimeRef(None, "none", start, end, text, rule, anchor=label)
    value, precision = file_period(start, end)
    return TimeRef(value, precision, start, end, text, rule, anchor=label)


def _needs_article(expression: TimeExpression, tense: str) -> bool:
    """Whether an expression is read against the article date (False: a date written in full)."""
    try:
        period = _period_of(expression, None, tense, None)
        _apply_preposition(period, expression.preposition, None, tense)
    except _NeedsArticleDate:
        return True
    except _NotATime:
        return False
    return False


def fallback(published: date | None) -> TimeRef:
    """When an event has no time words: the article's month, or unknown without an article date."""
    if published is None:
        return TimeRef.unknown()
    start, end = _month_period(published.year, published.month)
    return TimeRef(f"{published.year:04d}-{published.month:02d}", "month", start, end, None, "article-month",
                   anchor=ARTICLE_ANCHOR)


# --------------------------------------------------------------------------------------------------
# Tense without a parse


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]*_]*\s+(?=[*_]*\s*[\"'“‘(\[]?[A-Z0-9])|\n\s*\n"
                           r"|\n\s*(?:[-*•]|\d{1,2}\.)\s+")
_ABBREVIATION_BEFORE = re.compile(
    r"(?:(?<!\w)(?:[A-Z]\.)+|(?<!\w)(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gen|Gov|Lt|Col|Jr|Sr|No|Jan|Feb|Mar|Apr|Aug|Sept|"
    r"Sep|Oct|Nov|Dec|Mt|Ft|vs|Prof|Amb|Sec|Adm|Gen|Maj|Sgt|Capt)\.)$")


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every break between sentences of ``text``, in order."""
    return [(match.start(), match.end()) for match in _SENTENCE_END.finditer(text)
            if not _ABBREVIATION_BEFORE.search(text[max(0, match.start() - 12):match.start()])]
    # ("U.S. President", "Mr. Smith": no sentence ends there)


def sentence_bounds(text: str, start: int, end: int | None = None,
                    breaks: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The start and end offsets of the sentence of ``text`` that holds ``start`` (``breaks``: the
    text's ``sentence_breaks``, when already known)."""
    end = start if end is None else end
    breaks = sentence_breaks(text) if breaks is None else breaks
    position = bisect.bisect_right(breaks, (start, len(text) + 1))
    lo = 0
    for index in range(position - 1, -1, -1):
        if breaks[index][1] <= start:
            lo = breaks[index][1]
            break
    hi = len(text)
    for index in range(max(0, position - 1), len(breaks)):
        if breaks[index][0] >= end:
            hi = breaks[index][0]
            break
    return lo, hi


@lru_cache(maxsize=1)
def _tense_cue_regex() -> re.Pattern:
    cues = load_vocabulary().tense_cues
    groups = []
    for tense in ("future", "past", "present"):  # "is planned" before "is"
        words = cues.get(tense, ())
        if words:
            body = "|".join(r"\s+".join(re.escape(w).replace("'", "['’]") for w in word.split())
                            for word in sorted(words, key=len, reverse=True))
            groups.append(rf"(?P<{tense}>(?<![\w'’])(?:{body})(?![\w]))")
    groups.append(r"(?P<ed>(?<![\w'’])[A-Za-z]{3,}ed(?!\w))")
    return re.compile("|".join(groups), re.IGNORECASE)


_AUXILIARY_BEFORE = re.compile(r"(?<![\w'’])(?:be|been|being|is|are|am|to|will|would|should|could|can|may|might|must)\s+$",
                               re.IGNORECASE)
_VERB_FOLLOWER = re.compile(
    r"\s*(?:[,.;:]|\s(?:the|a|an|to|in|on|at|with|by|for|from|his|her|its|their|our|my|your|that|this|these|"
    r"those|it|them|him|us|me|new|over|up|out|back|off|into|about|after|before|during|last|yesterday|today|"
    r"earlier|more|some|several|two|three|\d)\b|\s(?-i:[A-Z]))", re.IGNORECASE)  # "met Xi", "resumed Monday"


_CLAUSE_SEPARATORS = (";", " — ", " – ", ": ")


def guess_tense(text: str, start: int, end: int, breaks: list[tuple[int, int]] | None = None) -> str:
    """past, present or future for the words ``text[start:end]``, read from the words of their
    sentence without a parse: the tense cue nearest the expression decides ("will", "is set to" ->
    future; "was", "met", a verb in -ed -> past; "is" -> present), a future auxiliary earlier in the
    same clause wins ("will travel to Paris and Rome on Tuesday"), a cue after the words counts at
    double its distance unless they open the sentence; no cue at all -> present (the
    nearest instance). Extraction uses the parse instead (``events.clause_tense``). ``breaks``: the
    text's ``sentence_breaks``, when already known."""
    lo, hi = sentence_bounds(text, start, end, breaks)
    # Only the clause: "Talks resume Thursday; two days later they met" gives "met" no say.
    lo = max([lo] + [text.rfind(sep, lo, start) + len(sep) for sep in _CLAUSE_SEPARATORS if text.rfind(sep, lo, start) >= 0])
    hi = min([hi] + [text.find(sep, end, hi) for sep in _CLAUSE_SEPARATORS if text.find(sep, end, hi) >= 0])
    vocab = load_vocabulary()
    found: list[tuple[int, str, int]] = []
    for match in _tense_cue_regex().finditer(text, lo, hi):
        if match.start() < end and match.end() > start:
            continue  # the expression's own words ("last week") are no cue for it
        tense = match.lastgroup
        if tense == "ed":
            # A verb in -ed, not an adjective ("sustained dialogue") nor a participle after an
            # auxiliary ("should be included", "is expected"): it has an object or a phrase after it.
            if match.group(0).lower() in vocab.not_past_ed or _AUXILIARY_BEFORE.search(text, lo, match.start()) \
                    or not _VERB_FOLLOWER.match(text, match.end()):
                continue
            tense = "past"
        # The governing verb mostly comes first ("met in May"); a cue after the words counts double
        # unless they open the sentence ("In May, ministers met").
        distance = start - match.end() if match.end() <= start else (match.start() - end) * (1 if start - lo < 3 else 2)
        found.append((distance, tense, match.start()))
    if not found:
        return "present"
    clause_start = max(text.rfind(sep, lo, start) for sep in (";", " — ", ":", "? ")) if start > lo else lo
    for distance, tense, where in sorted(found):
        if tense == "future" and clause_start <= where < start:
            return "future"
    return min(found)[1]


# --------------------------------------------------------------------------------------------------
# A whole text


@dataclass
class Resolved:
    """One time expression of a text (offsets into the text) and what it resolved to."""

    expression: TimeExpression
    time: TimeRef
    tense: str


def is_anaphoric(expression: TimeExpression) -> bool:
    """Whether an expression counts from the last mentioned time ("two days later", "that day")."""
    return expression.pattern in _ANAPHORIC_RESOLVERS


def can_anchor(time: TimeRef) -> bool:
    """Whether a resolved time can be "the last time the text mentioned" for later anaphora: a
    bounded period of at most a year, not a stretch up to the article ("over the past year",
    "since 2019") nor one ahead of it ("in the coming weeks")."""
    if time.start is None or time.end is None or time.precision == "none":
        return False
    return not (time.rule.endswith("-window") or time.rule.startswith(("since-", "before-", "after-")))


def _anchor_for(expression: TimeExpression, earlier: "Resolved | None", sentence_start: int) -> "Resolved | None":
    """The anchor ``expression`` is resolved against, given the last time mentioned before it: that
    time, except that "two months after the vote" takes only a time of its own sentence ("In
    October, two months after the vote, ...")."""
    if earlier is None or not is_anaphoric(expression):
        return None
    if expression.details.get("event_after") and earlier.expression.start < sentence_start:
        return None
    return earlier


def resolve_text(text: str, published: date | None, tense: str | None = None) -> list[Resolved]:
    """Every time expression of ``text`` in order, each resolved with its tense (``tense``, or
    guessed from its sentence by ``guess_tense``) and, for anaphora, the last time mentioned before
    it (``can_anchor``) as its anchor."""
    out: list[Resolved] = []
    last: Resolved | None = None
    breaks = sentence_breaks(text)
    for expression in find_time_expressions(text):
        own_tense = tense or guess_tense(text, expression.start, expression.end, breaks)
        sentence_start = sentence_bounds(text, expression.start, expression.end, breaks)[0]
        time = resolve(expression, published, own_tense, _anchor_for(expression, last, sentence_start))
        out.append(Resolved(expression, time, own_tense))
        if can_anchor(time):
            last = out[-1]
    return out


def anchor_before(resolved: list[Resolved], expression: TimeExpression, offset: int,
                  sentence_start: int | None = None) -> Resolved | None:
    """The anchor of an anaphoric ``expression`` that starts at ``offset`` of the text ``resolved``
    came from (``resolve_text``): the last time mentioned before it; for "two months after the vote",
    only one of its own sentence (starting at ``sentence_start``). None for other expressions."""
    if not is_anaphoric(expression):
        return None
    earlier = last_mention_before(resolved, offset)
    if earlier is not None and expression.details.get("event_after") and sentence_start is not None \
            and earlier.expression.start < sentence_start:
        return None
    return earlier


def last_mention_before(resolved: list[Resolved], offset: int) -> Resolved | None:
    """The last time of ``resolve_text``'s list that ends at or before ``offset`` and can anchor."""
    best = None
    for item in resolved:
        if item.expression.end > offset:
            break
        if can_anchor(item.time):
            best = item
    return best


# --------------------------------------------------------------------------------------------------
# Scoring against a gold of time expressions (tests/gold/time/*.yaml; see docs/time.md)


def _gold_period(value: str) -> tuple[date, date]:
    """The period a gold value names: YYYY, YYYY-MM, YYYY-MM-DD or START..END."""
    if ".." in value:
        first, last = value.split("..")
        return _gold_period(first)[0], _gold_period(last)[1]
    if len(value) == 4:
        return _year_period(int(value))
    if len(value) == 7:
        return _month_period(int(value[:4]), int(value[5:]))
    day = date.fromisoformat(value)
    return day, day


def gold_match(time: TimeRef, values: list[str], published: date) -> bool:
    """Whether a resolved time is one of the gold ``values``: the same filed value (YYYY, YYYY-MM,
    YYYY-MM-DD), the same period (START..END), or, for ``past``/``future`` (a vague window), a
    bounded period on that side of the article date."""
    for value in values:
        if value in {"past", "future"}:
            if time.start is None or time.end is None:
                continue
            if value == "past" and time.end <= published and time.start < published:
                return True
            if value == "future" and time.start >= published and time.end > published:
                return True
        elif ".." in value:
            if (time.start, time.end) == _gold_period(value):
                return True
        elif time.value == value:
            return True
    return False


def _dateparser_match(words: str, values: list[str], published: date) -> bool:
    """The baseline: dateparser reads the words (leading preposition dropped) against the article
    date; right when its date lies in the gold period (at the gold's precision), or on the right side
    of the article date for a vague window. Generous to dateparser: it names no period of its own."""
    import dateparser  # slow to import; only the baseline needs it

    core = re.sub(rf"^(?:{_alternatives(load_vocabulary().prepositions)})\s+", "", " ".join(words.split()),
                  flags=re.IGNORECASE)
    base = datetime(published.year, published.month, published.day)
    try:
        parsed = dateparser.parse(core, languages=["en"], settings={"RELATIVE_BASE": base})
    except Exception:  # dateparser raises assorted errors on odd input
        parsed = None
    if parsed is None:
        return False
    day = parsed.date()
    for value in values:
        if value == "past" and day < published or value == "future" and day > published:
            return True
        if value not in {"past", "future"}:
            first, last = _gold_period(value)
            if first <= day <= last:
                return True
    return False


def _read_gold_text(path: str) -> str:
    text = open(path, encoding="utf-8").read()
    if text.startswith("---\n"):
        closing = text.find("\n---\n", 4)
        if closing >= 0:
            text = text[closing + 5:]
    return text


def evaluate_gold(path: str, resolvers: tuple[str, ...] = ("detente", "dateparser")) -> dict:
    """Score the time resolver (and dateparser, the baseline) on a gold file of time expressions.

    Each gold expression names a file (relative to the gold file), its article date, its span and its
    correct value(s). detente resolves the whole text (``resolve_text``) and is scored on the
    expression found at the gold span (the one overlapping it most); with none found there, the gold
    words themselves go to ``resolve``. Returns ``{"items": [...], "scores": {resolver: {group:
    (right, total)}}}`` with groups all, calendar, relative, cls:<class>, and each of these per split.
    """
    import os

    gold = yaml.safe_load(open(path, encoding="utf-8"))["expressions"]
    base = os.path.dirname(os.path.abspath(path))
    by_file: dict[tuple[str, str], list[dict]] = {}
    for item in gold:
        by_file.setdefault((item["file"], str(item["published"])), []).append(item)
    items = []
    for (name, published_text), entries in by_file.items():
        text = _read_gold_text(os.path.join(base, name))
        published = date.fromisoformat(published_text)
        resolved = resolve_text(text, published) if "detente" in resolvers else []
        for item in entries:
            values = item["value"] if isinstance(item["value"], list) else [str(item["value"])]
            values = [str(v) for v in values]
            row = {"id": item["id"], "split": item["split"], "type": item["type"], "cls": item["cls"],
                   "text": item["text"], "values": values, "published": published_text}
            if "detente" in resolvers:
                start, end = int(item["start"]), int(item["end"])
                overlapping = [(min(end, r.expression.end) - max(start, r.expression.start), r) for r in resolved
                               if r.expression.start < end and start < r.expression.end]
                if overlapping:
                    hit = max(overlapping, key=lambda o: o[0])[1]
                    time, rule = hit.time, hit.time.rule
                else:
                    time = resolve(text[start:end], published, guess_tense(text, start, end))
                    rule = "unfound:" + time.rule
                row["detente"] = gold_match(time, values, published)
                row["detente_value"] = time.value if time.value else (
                    f"{time.start}..{time.end}" if time.start or time.end else None)
                row["detente_rule"] = rule
            if "dateparser" in resolvers:
                row["dateparser"] = _dateparser_match(item["text"], values, published)
            items.append(row)
    scores: dict[str, dict[str, list[int]]] = {}
    for resolver in resolvers:
        table: dict[str, list[int]] = {}
        for row in items:
            for group in ("all", row["type"], f"cls:{row['cls']}"):
                for key in (group, f"{row['split']}:{group}"):
                    cell = table.setdefault(key, [0, 0])
                    cell[0] += int(row[resolver])
                    cell[1] += 1
        scores[resolver] = {key: tuple(cell) for key, cell in table.items()}
    return {"items": sorted(items, key=lambda r: r["id"]), "scores": scores}


def format_gold_report(report: dict) -> str:
    """The scores of ``evaluate_gold`` as a table: one row per group, dev/test/all per resolver."""
    scores = report["scores"]
    resolvers = list(scores)
    groups = sorted({key.split(":", 1)[1] if key.startswith(("dev:", "test:")) else key
                     for key in next(iter(scores.values()))},
                    key=lambda g: (g != "all", g.startswith("cls:"), g))
    header = f"{'group':<22}" + "".join(f"{r + ' ' + s:>22}" for r in resolvers for s in ("dev", "test", "all"))
    lines = [header]
    for group in groups:
        cells = []
        for resolver in resolvers:
            for split in ("dev", "test", ""):
                right, total = scores[resolver].get(f"{split}:{group}" if split else group, (0, 0))
                cells.append(f"{right / total:.3f} ({right}/{total})" if total else "-")
        lines.append(f"{group:<22}" + "".join(f"{c:>22}" for c in cells))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# `detente when`: what one expression or one sentence resolves to


def when(text: str, published: date | None, tense: str | None = None) -> list[dict]:
    """Every time expression of ``text`` (one expression, or a sentence holding several) resolved
    against ``published``: a list of dicts with the words, their offsets, value, period, precision,
    rule, anchor and the tense used (``tense``, or read from the sentence). Raises ValueError for an
    unknown tense or when ``text`` holds no time expression."""
    if tense is not None and tense not in TENSES:
        raise ValueError(f"--tense must be one of {', '.join(TENSES)}, not {tense!r}")
    if not text.strip():
        raise ValueError("no text given")
    found = resolve_text(text, published, tense)
    if not found:
        own_tense = tense or "past"
        time = resolve(text, published, own_tense)
        if time.rule == "not-a-time":
            raise ValueError(f"no time expression in {' '.join(text.split())[:80]!r}")
        found = [Resolved(TimeExpression(0, len(text), text, "written-date"), time, own_tense)]
    rows = []
    for item in found:
        time = item.time
        rows.append({
            "text": item.expression.text, "start": item.expression.start, "end": item.expression.end,
            "value": time.value, "precision": time.precision,
            "period_start": time.start.isoformat() if time.start else None,
            "period_end": time.end.isoformat() if time.end else None,
            "rule": time.rule, "anchor": time.anchor, "tense": item.tense,
        })
    return rows
