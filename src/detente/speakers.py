"""Whose voice "I" and "we" are in a transcript's turns: the speaker label resolved to an actor.

The order (docs/extraction.md, "Speakers"): inside a turn the speaker decides, outside every turn the
document's voice (its web domain, data/voices.yaml). A speaker is

1. a person the actor dictionary knows, by the name in the label ("MR. SMITH" → the dictionary's
   Smith; "PRIME MINISTER ROSSI" → Rossi, preferring a Rossi whose office has that title), with the
   country and sector of the office held on the article's date — except that an honorific and a
   surname on a government's site ("MS. LEE") is not a namesake of another country;
2. else a titled label ("PRIME MINISTER ROSSI") whose name the document's title gives with a country
   ("Remarks by President Biden and Prime Minister Rossi of Italy"): that country's government;
3. else, for a label that names the publisher's own people (kinds own, moderator, honorific, or a
   home title such as SECRETARY or GOVERNOR; data/speakers.yaml), the document's voice;
4. else no one: reporters' questions, audience members, interpreters, visiting leaders the
   dictionary does not know. "We" in their turns has no country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Callable, Sequence

from .actordict import ActorDictionary, Person
from .records import Actor
from .turns import Label, Turn, TurnIndex, classify_label, normalize_label, speaker_rules

# Words that make "I" the speaker as a person; the other first-person words are their government.
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})


@lru_cache(maxsize=1)
def address_cues() -> dict[str, tuple[str, ...]]:
    """The ``address`` lists of data/speakers.yaml: vocatives, the room's "you", joint "we"."""
    import yaml

    data = yaml.safe_load(resources.files("detente.data").joinpath("speakers.yaml").read_text(encoding="utf-8"))
    address = data.get("address") or {}
    return {key: tuple(str(v).lower() for v in address.get(key) or ()) for key in ("vocatives", "room", "joint_we", "acts")}


@dataclass(frozen=True)
class Speaker:
    """Who speaks in one turn: a country (None: no voice), a sector, and the person if known."""

    label: str
    country: str | None
    sector: str | None = None
    actor_id: str | None = None
    resolved_by: str = "none"  # dictionary, title, document, or none


def _name_index(dictionary: ActorDictionary) -> dict[str, list[Person]]:
    """People by upper-cased full name, alias and surname (built once per dictionary)."""
    cached = getattr(dictionary, "_speaker_index", None)
    if cached is not None:
        return cached
    index: dict[str, list[Person]] = {}
    for person in dictionary.people.values():
        for text in {person.name, *person.aliases, *([person.surname] if person.surname else [])}:
            index.setdefault(normalize_label(text), []).append(person)
    try:
        dictionary._speaker_index = index  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return index


def _has_title(person: Person, title: str) -> bool:
    words = title.lower()
    return any(words in (r.title or "").lower() for r in person.roles)


def _person_speaker(label: str, kind: Label, dictionary: ActorDictionary, published: date | None) -> Speaker | None:
    """The dictionary person a label names, or None (unknown, or several people of different countries)."""
    index = _name_index(dictionary)
    people = index.get(normalize_label(label)) or index.get(kind.name) or []
    if not people:
        return None
    if kind.title:
        titled = [p for p in people if _has_title(p, kind.title)]
        if not titled and len(people) > 1:
            return None
        people, keep_id = (titled, True) if titled else (people, False)
    else:
        keep_id = True
    roles = [(p, p.role_on(published)) for p in people]
    roles = [(p, r) for p, r in roles if r is not None]
    in_term = [(p, r) for p, r in roles if r.in_term]
    roles = in_term or roles
    countries = {r.country for _, r in roles}
    if len(countries) != 1:
        return None
    person, role = roles[0]
    one = len({p.id for p, _ in roles}) == 1
    return Speaker(label, role.country, role.sector, person.id if one and keep_id else None, "dictionary")


def _titled_speaker(label: str, kind: Label, named_in_title: dict[str, Speaker]) -> Speaker | None:
    """The visitor a transcript's title names ("Remarks by President Biden and Prime Minister Rossi of
    Italy"), for a titled label with a word of that name ("PRIME MINISTER ROSSI"); None if no word
    matches or the words match people of different countries."""
    if kind.kind != "titled" or not kind.name:
        return None
    found = {named_in_title[w].country: named_in_title[w] for w in kind.name.split() if w in named_in_title}
    if len(found) != 1:
        return None
    person = next(iter(found.values()))
    return Speaker(label, person.country, person.sector, person.actor_id, "title")


def resolve_speaker(label: str, dictionary: ActorDictionary, voice: str | None,
                    published: date | None = None, named_in_title: dict[str, Speaker] | None = None) -> Speaker:
    """The speaker a turn's label names (see the module docstring for the order of the rules)."""
    rules = speaker_rules()
    kind = classify_label(label, rules) if label != "Q" else Label("question")
    if kind is None or kind.kind in ("question", "no_voice"):
        return Speaker(label, None)
    if kind.kind in ("honorific", "titled", "name") and kind.name:
        found = _person_speaker(label, kind, dictionary, published) or \
            _titled_speaker(label, kind, named_in_title or {})
        # "MS. LEE" on a government's site is its own staff, not a foreign leader who shares the
        # surname: the publisher labels visiting leaders by title
        foreign_namesake = kind.kind == "honorific" and voice and found is not None and \
            found.country != voice and normalize_label(label) not in _name_index(dictionary)
        if found is not None and not foreign_namesake:
            return found
    own = kind.kind in ("own", "moderator", "honorific") or (
        kind.kind == "titled" and rules.titles.get(kind.title, ("GOV", False))[1])
    if own and voice:
        sector = rules.titles[kind.title][0] if kind.kind == "titled" else "GOV"
        return Speaker(label, voice, sector, None, "document")
    return Speaker(label, None)


class SpeakerVoices:
    """The speaker of every turn of one document, looked up by character offset."""

    def __init__(self, turns: Sequence[Turn | tuple], dictionary: ActorDictionary, voice: str | None,
                 published: date | None = None, named_in_title: dict[str, Speaker] | None = None):
        self.index = TurnIndex(turns)
        cache: dict[str, Speaker] = {}
        self.speakers: list[Speaker] = []
        for turn in self.index.turns:
            if turn.speaker not in cache:
                cache[turn.speaker] = resolve_speaker(turn.speaker, dictionary, voice, published, named_in_title)
            self.speakers.append(cache[turn.speaker])
        self.addressees = [self._addressee(i) for i in range(len(self.speakers))]

    def _addressee(self, i: int) -> Speaker | None:
        """Whom a statement turn addresses as "you": in remarks by leaders of two countries, the
        nearest other speaker of another country (the turn before first). Answers (to a
        reporter), questions and speakers with no voice address no one we know."""
        turn, speaker = self.index.turns[i], self.speakers[i]
        if turn.role != "statement" or speaker.country is None:
            return None
        order = sorted((j for j in range(len(self.speakers)) if j != i), key=lambda j: (abs(j - i), j > i))
        for j in order:
            other = self.speakers[j]
            if other.country and other.country != speaker.country and self.index.turns[j].role != "moderator":
                return other
        return None

    def __bool__(self) -> bool:
        return bool(self.index)

    def turn_at(self, char: int) -> tuple[Turn, Speaker] | None:
        """The turn containing ``char`` and its speaker, or None."""
        i = self.index.position(char)
        return None if i is None else (self.index.turns[i], self.speakers[i])

    def first_person(self, word: str, start: int, end: int, document_voice: str | None,
                     sentence: Callable[[], str] = lambda: "") -> list[Actor] | None:
        """The actors "I"/"we" at ``[start, end)`` stand for; None when no turn covers it (the
        caller then uses the document's voice), [] when the speaker has no voice. "We" in a
        sentence that says so ("we stand together", "you and I") is the speaker and the leader
        addressed (see ``_addressee``)."""
        i = self.index.position(start)
        if i is None:
            return None
        speaker = self.speakers[i]
        if speaker.country is None:
            return []
        singular = word.lower() in FIRST_PERSON_SINGULAR
        out = [Actor(text=word, country=speaker.country, sector=speaker.sector or "GOV",
                     actor_id=speaker.actor_id if singular else None, resolved_by="voice", start=start, end=end)]
        addressee = self.addressees[i]
        if not singular and addressee is not None and any(cue in sentence().lower() for cue in address_cues()["joint_we"]):
            out.append(Actor(text=word, country=addressee.country, sector=addressee.sector or "GOV",
                             resolved_by="voice", start=start, end=end))
        return out

    def speaker_and_addressee(self, start: int, end: int) -> tuple[Actor, Actor] | None:
        """The speaker of the statement turn at ``start`` and the leader they address, or None (both
        placed at ``[start, end)``, the words that say the act)."""
        i = self.index.position(start)
        if i is None or self.addressees[i] is None or self.speakers[i].country is None:
            return None
        speaker, addressee = self.speakers[i], self.addressees[i]
        return (Actor(text=speaker.label, country=speaker.country, sector=speaker.sector or "GOV",
                      actor_id=speaker.actor_id, resolved_by="voice", start=start, end=end),
                Actor(text=addressee.label, country=addressee.country, sector=addressee.sector or "GOV",
                      actor_id=addressee.actor_id, resolved_by="voice", start=start, end=end))

    def second_person(self, word: str, start: int, end: int,
                      sentence: Callable[[], str] = lambda: "") -> list[Actor] | None:
        """The leader "you" addresses in a statement turn, [] if none; None outside every turn.

        Only in a sentence where the speaker says "I", "me" or "my" to them ("I want to thank you",
        "thank you for welcoming me") or a vocative ("Mr. President"); "you'll see", "you all" speak
        to the press or the room (data/speakers.yaml, ``address``)."""
        i = self.index.position(start)
        if i is None:
            return None
        addressee = self.addressees[i]
        if addressee is None:
            return []
        said = sentence().lower()
        words = re.findall(r"[^\W\d_]+", said)  # "I’m" is "i", "m"
        cues = address_cues()
        if not (FIRST_PERSON_SINGULAR & set(words) or any(v in said for v in cues["vocatives"])) or \
                any(f" {cue} " in f" {' '.join(words)} " for cue in cues["room"]):
            return []
        return [Actor(text=word, country=addressee.country, sector=addressee.sector or "GOV",
                      actor_id=addressee.actor_id, resolved_by="voice", start=start, end=end)]
