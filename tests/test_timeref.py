"""Event time: which words are times, and which period each names given the article date and tense.

Unless a row says otherwise the article was published on Thursday 15 June 2023.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.records import TimeRef
from detente.timeref import NO_TIME_RULES, TimeExpression, fallback, file_period, find_time_expressions, resolve

JUNE_15 = date(2023, 6, 15)  # a Thursday

# (words, article date, tense) -> (value, precision, rule)
RESOLVE_TABLE = [
    # days named by date
    ("June 18", JUNE_15, "future", "2023-06-18", "day", "month-day-future"),
    ("June 18", JUNE_15, "past", "2022-06-18", "day", "month-day-past"),
    ("June 18", JUNE_15, "present", "2023-06-18", "day", "month-day-present"),
    ("June 12", JUNE_15, "present", "2023-06-12", "day", "month-day-present"),
    ("on March 3", JUNE_15, "past", "2023-03-03", "day", "month-day-past"),
    ("the 3rd of March", JUNE_15, "past", "2023-03-03", "day", "month-day-past"),
    ("June 18, 2023", JUNE_15, "past", "2023-06-18", "day", "explicit-date"),
    ("18 June 2023", JUNE_15, "past", "2023-06-18", "day", "explicit-date"),
    ("Sept. 9, 2022", JUNE_15, "past", "2022-09-09", "day", "explicit-date"),
    ("2023-06-18", JUNE_15, "past", "2023-06-18", "day", "explicit-date"),
    ("June 24-25, 2023", JUNE_15, "future", "2023-06", "month", "explicit-date-range"),
    # days named relative to the article
    ("on Tuesday", JUNE_15, "past", "2023-06-13", "day", "weekday-past"),
    ("on Tuesday", JUNE_15, "future", "2023-06-20", "day", "weekday-future"),
    ("on Tuesday", JUNE_15, "present", "2023-06-13", "day", "weekday-present"),
    # the article's own weekday: a week back or ahead ("today" would say today), unless present
    ("on Thursday", JUNE_15, "past", "2023-06-08", "day", "weekday-past-week"),
    ("on Thursday", JUNE_15, "future", "2023-06-22", "day", "weekday-future-week"),
    ("on Thursday", JUNE_15, "present", "2023-06-15", "day", "weekday-present"),
    ("last Tuesday", JUNE_15, "past", "2023-06-13", "day", "last-weekday"),
    ("next Monday", JUNE_15, "future", "2023-06-19", "day", "next-weekday"),
    ("this Monday", JUNE_15, "past", "2023-06-12", "day", "this-weekday"),
    ("yesterday", JUNE_15, "past", "2023-06-14", "day", "yesterday"),
    ("last night", JUNE_15, "past", "2023-06-14", "day", "yesterday"),
    ("today", JUNE_15, "present", "2023-06-15", "day", "today"),
    ("this morning", JUNE_15, "past", "2023-06-15", "day", "today"),
    ("tomorrow", JUNE_15, "future", "2023-06-16", "day", "tomorrow"),
    ("the day before yesterday", JUNE_15, "past", "2023-06-13", "day", "day-before-yesterday"),
    ("three days ago", JUNE_15, "past", "2023-06-12", "day", "days-ago"),
    # weekends and weeks (filed under the month of their middle day)
    ("this weekend", JUNE_15, "future", "2023-06", "month", "this-weekend"),
    ("this weekend", JUNE_15, "past", "2023-06", "month", "this-weekend"),
    ("last weekend", JUNE_15, "past", "2023-06", "month", "last-weekend"),
    ("over the weekend", JUNE_15, "past", "2023-06", "month", "weekend-past"),
    ("this week", JUNE_15, "past", "2023-06", "month", "this-week"),
    ("last week", JUNE_15, "past", "2023-06", "month", "last-week"),
    ("next week", JUNE_15, "future", "2023-06", "month", "next-week"),
    ("two weeks ago", JUNE_15, "past", "2023-06", "month", "weeks-ago"),
    ("a few days ago", JUNE_15, "past", "2023-06", "month", "some-days-ago"),
    ("several weeks ago", JUNE_15, "past", "2023", "year", "some-weeks-ago"),
    # months
    ("in February", JUNE_15, "past", "2023-02", "month", "month-name-past"),
    ("in February", JUNE_15, "future", "2024-02", "month", "month-name-future"),
    ("in November", JUNE_15, "past", "2022-11", "month", "month-name-past"),
    ("in November", JUNE_15, "future", "2023-11", "month", "month-name-future"),
    ("in June", JUNE_15, "past", "2023-06", "month", "month-name-past"),
    ("in June", JUNE_15, "future", "2023-06", "month", "month-name-future"),
    ("in August", JUNE_15, "present", "2023-08", "month", "month-name-present"),
    ("last November", JUNE_15, "past", "2022-11", "month", "last-month-name"),
    ("last November", date(2023, 12, 4), "past", "2022-11", "month", "last-month-name"),  # last year's
    ("this past November", date(2023, 12, 4), "past", "2023-11", "month", "this-past-month-name"),
    ("last November", date(2023, 11, 30), "past", "2022-11", "month", "last-month-name"),
    ("next March", JUNE_15, "future", "2024-03", "month", "next-month-name"),
    ("in early June", JUNE_15, "past", "2023-06", "month", "early-month-name-past"),
    ("in mid-May", JUNE_15, "past", "2023-05", "month", "mid-month-name-past"),
    ("by the end of July", JUNE_15, "future", "2023-07", "month", "late-month-name-future"),
    ("March 2022", JUNE_15, "past", "2022-03", "month", "explicit-month-year"),
    ("in late March 2022", JUNE_15, "past", "2022-03", "month", "late-explicit-month-year"),
    ("in June last year", JUNE_15, "past", "2022-06", "month", "month-of-last-year"),
    ("next month", JUNE_15, "future", "2023-07", "month", "next-month"),
    ("last month", JUNE_15, "past", "2023-05", "month", "last-month"),
    ("this month", JUNE_15, "past", "2023-06", "month", "this-month"),
    ("earlier this month", JUNE_15, "past", "2023-06", "month", "earlier-this-month"),
    ("later this month", JUNE_15, "future", "2023-06", "month", "later-this-month"),
    ("early next month", JUNE_15, "future", "2023-07", "month", "early-next-month"),
    ("in the last month", JUNE_15, "past", "2023-05", "month", "past-window"),
    ("three months ago", JUNE_15, "past", "2023-03", "month", "months-ago"),
    # years and parts of years
    ("last year", JUNE_15, "past", "2022", "year", "last-year"),
    ("this year", JUNE_15, "past", "2023", "year", "this-year"),
    ("next year", JUNE_15, "future", "2024", "year", "next-year"),
    ("earlier this year", JUNE_15, "past", "2023", "year", "earlier-this-year"),
    ("in 2021", JUNE_15, "past", "2021", "year", "explicit-year"),
    ("2021", JUNE_15, "past", "2021", "year", "explicit-year"),
    ("mid-2021", JUNE_15, "past", "2021", "year", "mid-explicit-year"),
    ("late last year", JUNE_15, "past", "2022", "year", "late-last-year"),
    ("by the end of the year", JUNE_15, "future", "2023", "year", "late-this-year"),
    ("the first half of 2024", JUNE_15, "future", "2024", "year", "half-year"),
    ("Q3 2023", JUNE_15, "future", "2023", "year", "quarter"),
    ("the third quarter of last year", JUNE_15, "past", "2022", "year", "quarter-of-last-year"),
    ("in late 2022 and early 2023", JUNE_15, "past", "2022", "year", "span"),
    ("a year ago", JUNE_15, "past", "2022-06", "month", "years-ago-month"),
    ("two years ago", JUNE_15, "past", "2021", "year", "years-ago"),
    ("in the coming months", JUNE_15, "future", "2023", "year", "coming-window"),
    # seasons (Northern Hemisphere, meteorological)
    ("in the spring", JUNE_15, "past", "2023", "year", "season-past"),
    ("in the spring", JUNE_15, "future", "2024", "year", "season-future"),
    ("this summer", JUNE_15, "future", "2023", "year", "this-season"),
    ("last summer", JUNE_15, "past", "2022", "year", "last-season"),
    ("in the winter of 2022", JUNE_15, "past", "2022", "year", "season-year"),
    ("this winter", date(2023, 11, 2), "future", "2024", "year", "this-season"),
    # stretches too long for a year: no value, but a period
    ("in recent years", JUNE_15, "past", None, "none", "recent-window"),
    ("years ago", JUNE_15, "past", None, "none", "some-years-ago"),
    ("between 2019 and 2021", JUNE_15, "past", None, "none", "span"),
    ("2019-2021", JUNE_15, "past", None, "none", "year-range"),
    ("the 1990s", JUNE_15, "past", None, "none", "decade"),
    ("since 2019", JUNE_15, "past", None, "none", "since-explicit-year"),
    # the future "in N units" is a time; otherwise it is a duration
    ("in five years", JUNE_15, "future", "2028", "year", "in-years-future"),
    ("in two weeks", JUNE_15, "future", "2023-06", "month", "in-weeks-future"),
    ("in five years", JUNE_15, "present", None, "none", "duration-in-units"),
    ("for five years", JUNE_15, "past", None, "none", "duration"),
    ("for decades", JUNE_15, "past", None, "none", "duration"),
    ("more than 70 years", JUNE_15, "past", None, "none", "duration"),
    # year boundaries
    ("last December", date(2024, 1, 9), "past", "2023-12", "month", "last-month-name"),
    ("in December", date(2024, 1, 9), "past", "2023-12", "month", "month-name-past"),
    ("in January", date(2024, 1, 9), "past", "2024-01", "month", "month-name-past"),
    ("December 30", date(2024, 1, 2), "past", "2023-12-30", "day", "month-day-past"),
    ("January 3", date(2023, 12, 28), "future", "2024-01-03", "day", "month-day-future"),
    ("next month", date(2023, 12, 28), "future", "2024-01", "month", "next-month"),
    ("last week", date(2024, 1, 3), "past", "2023-12", "month", "last-week"),
    ("yesterday", date(2024, 1, 1), "past", "2023-12-31", "day", "yesterday"),
    # leap days
    ("February 29", JUNE_15, "past", "2020-02-29", "day", "month-day-past"),
    ("February 29", JUNE_15, "future", "2024-02-29", "day", "month-day-future"),
    ("February 29, 2024", JUNE_15, "past", "2024-02-29", "day", "explicit-date"),
    ("February 29, 2023", JUNE_15, "past", None, "none", "invalid-date"),
    ("a year ago", date(2024, 2, 29), "past", "2023-02", "month", "years-ago-month"),
    ("one month ago", date(2024, 3, 31), "past", "2024-02", "month", "months-ago"),
    # odd written dates go to dateparser
    ("18/06/2023", JUNE_15, "past", "2023-06-18", "day", "dateparser"),
    # not times at all
    ("the 2024 elections", JUNE_15, "past", None, "none", "not-a-time"),
    ("2,000 troops", JUNE_15, "past", None, "none", "not-a-time"),
    ("bananas", JUNE_15, "past", None, "none", "not-a-time"),
]


@pytest.mark.parametrize("words, published, tense, value, precision, rule", RESOLVE_TABLE)
def test_resolve(words, published, tense, value, precision, rule):
    ref = resolve(words, published, tense)
    assert (ref.value, ref.precision, ref.rule) == (value, precision, rule)
    assert ref.text == words


# (words, article date, tense) -> first and last day of the period
PERIOD_TABLE = [
    ("this week", JUNE_15, "past", date(2023, 6, 12), date(2023, 6, 18)),
    ("this weekend", JUNE_15, "future", date(2023, 6, 17), date(2023, 6, 18)),
    ("this weekend", date(2023, 6, 19), "past", date(2023, 6, 17), date(2023, 6, 18)),
    ("last weekend", date(2023, 6, 17), "past", date(2023, 6, 10), date(2023, 6, 11)),
    ("in early June", JUNE_15, "past", date(2023, 6, 1), date(2023, 6, 10)),
    ("late February 2024", JUNE_15, "past", date(2024, 2, 21), date(2024, 2, 29)),
    ("in late 2022 and early 2023", JUNE_15, "past", date(2022, 9, 1), date(2023, 4, 30)),
    ("in the last month", JUNE_15, "past", date(2023, 5, 16), date(2023, 6, 15)),
    ("earlier this month", JUNE_15, "past", date(2023, 6, 1), date(2023, 6, 14)),
    ("Q3 2023", JUNE_15, "past", date(2023, 7, 1), date(2023, 9, 30)),
    ("in the winter of 2024", JUNE_15, "past", date(2023, 12, 1), date(2024, 2, 29)),
    ("since March", JUNE_15, "past", date(2023, 3, 1), date(2023, 6, 15)),
    ("from March to May 2022", JUNE_15, "past", date(2022, 3, 1), date(2022, 5, 31)),
    ("in the coming months", JUNE_15, "future", date(2023, 6, 16), date(2023, 12, 15)),
    ("two weeks ago", JUNE_15, "past", date(2023, 5, 29), date(2023, 6, 4)),
]


@pytest.mark.parametrize("words, published, tense, first, last", PERIOD_TABLE)
def test_resolved_period(words, published, tense, first, last):
    ref = resolve(words, published, tense)
    assert (ref.start, ref.end) == (first, last)


def test_a_week_across_two_months_is_filed_under_the_month_of_its_thursday():
    ref = resolve("this week", date(2023, 5, 30), "past")  # Monday 29 May .. Sunday 4 June
    assert (ref.value, ref.precision) == ("2023-06", "month")
    assert (ref.start, ref.end) == (date(2023, 5, 29), date(2023, 6, 4))


def test_a_week_across_new_year_is_filed_under_its_thursday():
    ref = resolve("this week", date(2025, 12, 30), "past")
    assert (ref.value, ref.start, ref.end) == ("2026-01", date(2025, 12, 29), date(2026, 1, 4))


def test_before_and_after_give_open_periods():
    before = resolve("before 2020", JUNE_15, "past")
    assert (before.value, before.precision, before.start, before.end) == (None, "none", None, date(2019, 12, 31))
    assert before.rule == "before-explicit-year"
    after = resolve("after March 2023", JUNE_15, "past")
    assert (after.start, after.end, after.rule) == (date(2023, 4, 1), JUNE_15, "after-explicit-month-year")


class TestWithoutArticleDate:
    @pytest.mark.parametrize("words, value", [
        ("June 18, 2023", "2023-06-18"), ("18 June 2023", "2023-06-18"), ("2021", "2021"),
        ("in 2021", "2021"), ("March 2022", "2022-03"), ("mid-2021", "2021"), ("Q3 2023", "2023"),
        ("from March to May 2022", "2022"),
    ])
    def test_absolute_expressions_still_resolve(self, words, value):
        assert resolve(words, None).value == value

    @pytest.mark.parametrize("words", [
        "June 18", "on Tuesday", "yesterday", "last month", "in November", "two weeks ago", "this summer",
        "in the coming months", "since 2019",
    ])
    def test_relative_expressions_have_no_value(self, words):
        ref = resolve(words, None, "past")
        assert ref == TimeRef(value=None, precision="none", text=words, rule="relative-without-article-date")


def test_fallback_is_the_article_month():
    assert fallback(JUNE_15) == TimeRef("2023-06", "month", date(2023, 6, 1), date(2023, 6, 30), None,
                                        "article-month", anchor="article")
    assert fallback(None) == TimeRef.unknown()


def test_an_unknown_tense_is_refused():
    with pytest.raises(ValueError, match="tense"):
        resolve("in May", JUNE_15, "pluperfect")


def test_resolving_a_found_expression_matches_resolving_its_words():
    sentence = "The envoy said on Tuesday that talks would resume in November."
    found = find_time_expressions(sentence)
    assert [expression.text for expression in found] == ["on Tuesday", "in November"]
    for expression in found:
        assert resolve(expression, JUNE_15, "future") == resolve(expression.text, JUNE_15, "future")


# --------------------------------------------------------------------------------------------------
# Finding expressions

# sentence -> [(words, kind)] in text order
FIND_TABLE = [
    ("The foreign minister will fly to Seoul on June 18, after two delays.", [("on June 18", "month-day")]),
    ("In November, the two presidents met on the sidelines of the summit.", [("In November", "month")]),
    ("The visit was called off in February after the drone incident.", [("in February", "month")]),
    ("Talks held on 18 June 2023 in Vienna ended without a deal.", [("on 18 June 2023", "date")]),
    ("Ministers met last November and again this weekend.",
     [("last November", "month"), ("this weekend", "relative")]),
    ("Relations soured in late 2022 and early 2023 over the border.",
     [("in late 2022 and early 2023", "span")]),
    ("The embassy reopened in 2021.", [("in 2021", "year")]),
    ("Fighting resumed several weeks ago near the river.", [("several weeks ago", "duration-ago")]),
    ("Exports have fallen in recent years, officials said yesterday.",
     [("in recent years", "window"), ("yesterday", "day")]),
    ("It was the first such visit in five years.", [("in five years", "in-units")]),
    ("Delegates will meet again in the coming months.", [("in the coming months", "window")]),
    ("Spending rose in the first half of 2024 and in Q3 2023.",
     [("in the first half of 2024", "part-of-year"), ("in Q3 2023", "part-of-year")]),
    ("The ceasefire held from March to May 2022.", [("from March to May 2022", "span")]),
    ("Troops stayed from 2019 to 2021 and left.", [("from 2019 to 2021", "span")]),
    ("Hackers struck in July and September 2020.", [("in July", "month"), ("September 2020", "month-year")]),
    ("The pact of the 1990s was revived by mid-2021.", [("of the 1990s", "decade"), ("by mid-2021", "part-of-year")]),
    ("On a Friday in April 1998 the accord was signed.", [("in April 1998", "month-year")]),
    ("The Good Friday accord still holds.", []),
    ("The fall of the old regime surprised everyone.", []),
    ("They may march on the capital.", []),
]


@pytest.mark.parametrize("sentence, expected", FIND_TABLE)
def test_find_time_expressions(sentence, expected):
    found = find_time_expressions(sentence)
    assert [(expression.text, expression.kind) for expression in found] == expected
    for expression in found:
        assert sentence[expression.start:expression.end] == expression.text


def test_offsets_are_exact():
    sentence = "Envoys met on Tuesday, June 13, and will meet again next month."
    found = find_time_expressions(sentence)
    assert [(e.start, e.end) for e in found] == [(11, 30), (52, 62)]
    assert [e.text for e in found] == ["on Tuesday, June 13", "next month"]


def test_the_longest_reading_wins():
    sentence = "The treaty was signed on June 18, 2023 in the capital."
    (only,) = find_time_expressions(sentence)
    assert only.text == "on June 18, 2023"
    assert only.kind == "date"


@pytest.mark.parametrize("sentence", [
    "The 2024 elections will decide the matter.",
    "About 2,000 troops crossed the border.",
    "The fund was worth $2023 million.",
    "Security Council Resolution 2231 was adopted.",
    "Roughly 1999 soldiers were deployed there.",
    "Tariffs rose 20% on 1,500 products.",
    "The strike began at 1400 GMT.",
    "They deployed around 2000 troops.",
])
def test_numbers_that_are_not_years_are_not_times(sentence):
    assert find_time_expressions(sentence) == []


@pytest.mark.parametrize("sentence, year", [
    ("The agreement dates from 2015.", "2015"),
    ("Sanctions imposed (2019) were lifted.", "2019"),
    ("Ties were cut in 2017, restored in 2019.", "2017"),
])
def test_years_with_a_time_word_or_punctuation_are_times(sentence, year):
    assert any(year in expression.text and expression.kind == "year" for expression in find_time_expressions(sentence))


def test_durations_are_left_out_unless_asked_for():
    sentence = "The two sides fought for five years and the truce lasted more than 70 years."
    assert find_time_expressions(sentence) == []
    found = find_time_expressions(sentence, include_durations=True)
    assert [(e.text, e.kind, e.is_time) for e in found] == [
        ("for five years", "duration", False), ("more than 70 years", "duration", False)]


def test_ago_wins_over_a_duration_reading():
    found = find_time_expressions("The talks collapsed over 70 years ago.", include_durations=True)
    assert [(e.text, e.kind) for e in found] == [("over 70 years ago", "duration-ago")]


def test_preposition_is_reported():
    (expression,) = find_time_expressions("Trade has grown since 2019.")
    assert (expression.text, expression.preposition) == ("since 2019", "since")


def test_text_without_time_words_gives_nothing():
    assert find_time_expressions("The ministers discussed trade and security.") == []
    assert find_time_expressions("") == []


def test_file_period_uses_the_finest_unit_that_holds_the_period():
    assert file_period(date(2023, 6, 5), date(2023, 6, 5)) == ("2023-06-05", "day")
    assert file_period(date(2023, 6, 5), date(2023, 6, 9)) == ("2023-06", "month")
    assert file_period(date(2023, 5, 29), date(2023, 6, 4)) == ("2023-06", "month")
    assert file_period(date(2023, 3, 1), date(2023, 5, 31)) == ("2023", "year")
    assert file_period(date(2021, 12, 1), date(2022, 2, 28)) == ("2022", "year")
    assert file_period(date(2019, 1, 1), date(2021, 12, 31)) == (None, "none")


# --------------------------------------------------------------------------------------------------
# Robustness

_TIMEISH_WORDS = st.sampled_from([
    "in", "on", "last", "next", "this", "June", "May", "March", "Tuesday", "2021", "2,000", "18", "ago",
    "weeks", "years", "early", "mid-", "late", "and", "to", "from", "between", "-", "–", ",", ".", "(", ")",
    "the", "of", "spring", "fall", "weekend", "Q3", "half", "first", "since", "a few", "several", "1990s",
    "'90s", "recent", "coming", "for", "decades", "$", "%", "today", "29", "February", "31",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_TIMEISH_WORDS, max_size=14).map(" ".join)))
def test_finding_never_raises_and_spans_stay_inside_the_text(text):
    found = find_time_expressions(text, include_durations=True)
    previous_end = 0
    for expression in found:
        assert isinstance(expression, TimeExpression)
        assert 0 <= previous_end <= expression.start < expression.end <= len(text)
        assert text[expression.start:expression.end] == expression.text
        previous_end = expression.end
        for tense in ("past", "present", "future"):
            ref = resolve(expression, JUNE_15, tense)
            assert ref.precision in {"day", "month", "year", "none"}
            if ref.start and ref.end:
                assert ref.start <= ref.end


@pytest.mark.parametrize("words, tense, names_a_period", [
    ("for five years", "past", False),
    ("in five years", "present", False),
    ("bananas", "past", False),
    ("February 30, 2023", "past", False),
    ("in recent years", "past", True),
    ("since 2019", "past", True),
    ("before 2020", "past", True),
    ("the 1990s", "past", True),
])
def test_no_time_rules_separate_non_times_from_vague_periods(words, tense, names_a_period):
    ref = resolve(words, JUNE_15, tense)
    assert ref.precision == "none"
    assert (ref.rule not in NO_TIME_RULES) is names_a_period


def test_a_weekday_and_date_that_match_only_in_other_years_still_resolve():
    # Tuesday 21 February fell in 2017 and 2023; said in June 2023 of the future, the nearest is taken.
    ref = resolve("Tuesday 21 Feb", JUNE_15, "future")
    assert ref.value == "2023-02-21"
