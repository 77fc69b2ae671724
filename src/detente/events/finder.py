"""The events of one parsed document: triggers, their clauses, typed pairs, merged mentions."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from .. import timeref
from ..actors import DocActors
from ..records import Actor, EventMention, QUAD_CLASS, TimeRef
from ..turns import TurnIndex
from .arguments import (COOPERATIVE_QUADS, MEETING_JOINING_VERBS, PROPOSAL_NOUNS, REFLEXIVE_PRONOUNS, RELATION_NOUNS,
                        ArgumentFinder, Clause, partner_of_last_talk, same_thing_before)
from .candidates import Detects, EventTyper, RelationCandidate, TypeDecision
from .lexicon import Lexicon, rule_words
from .merge import merge_mentions
from .modality import clause_tense, noun_modality, verb_modality
from .pairs import (ONE_SIDED_TYPES, UNKNOWN_SOURCE_TYPES, alone_types, attack_stands_alone, civilian_types, code_pair,
                    distinct_sides, one_sided_clause, partner_country, police_country, population_of, same_referent,
                    type_fits_pair, victim_country)
from .structure import (StructureRules, doer_second, mention_heads, pair_link, structural_triggers,
                        structure_rules, unlisted_trigger)
from .syntax import _distinct_countries, coactor_words
from .timing import CONTEXT_TIME_RULES, SentenceTimes, _DocumentTimes, _carries_event, _perfect, _undated_time
from .triggers import (LIGHT_VERBS, Trigger, _is_reply, _is_travel, breaks_truce, demand_reporter, demand_triggers,
                       find_triggers, fires_weapon, is_demand)


# Types of force: a light verb of one carries a noun of another ("launched cyber warfare" is the coercion).
FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
# Replies that back or accept: they answer a request or an offer, never an attack.
FRIENDLY_REPLY_TYPES = frozenset({"SUPPORT", "AGREE"})
# Event types whose words report a stance about another event: that inner event is their content.
SPEECH_ACT_TYPES = frozenset({"AGREE", "REQUEST", "THREATEN", "ACCUSE", "REJECT"})
# Prepositions that set the scene of a speech act rather than give its content: "*In* a call with X,
# Y urged him to ...", "*during* talks, Z demanded ..." name an event of their own.
SETTING_PREPS = rule_words("setting_preps")
# What a concern or a condemnation is about, or for: the happening it judges, told as fact ("alarm at
# X's missile tests", "condemned Russia for its war"), unlike what an accusation claims (CLAIM_VERBS:
# "accused X of ...").
DEED_PREPS = rule_words("deed_preps")
ATTEMPT_VERBS = rule_words("attempt_verbs")
ATTEMPTED_ACTS = rule_words("attempted_acts")
CLAIM_VERBS = rule_words("claim_verbs")
JOINED_BODIES = rule_words("joined_bodies")
# Types where "A and B did it" (no object) means they did it with each other.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "ASSAULT", "SUPPORT"})
# What a joint "we" does among its own members: "our cooperation", "we met". "We reaffirm our
# commitment to denuclearisation" is each author's support for it, not support for one another.
FIRST_PERSON_SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
# What "we" do with the one the speaker just talked to: "I spoke with X. We agreed to ..."
TALKED_TOGETHER_TYPES = FIRST_PERSON_SYMMETRIC_TYPES | {"AGREE"}
# Modifiers that say how sure, not which trip: "upcoming visits" may be the dyad's, "a foreign trip" not.
MODALITY_WORDS = rule_words("modality_words")


# What two sides who meet may do together in the same breath ("met with X and agreed to ...").
PARTNERED_TYPES = frozenset({"AGREE", "SUPPORT", "COOPERATE"})


@dataclass
class EventFinder:
    """Finds the events of one parsed document."""

    lexicon: Lexicon
    typer: EventTyper
    # The learned detector (``model.EventDetector``): with it, verbs the lexicon does not list become
    # candidates too (``structure``); without it (the rule-only path) only lexicon triggers do.
    detector: Detects | None = None
    rules: StructureRules = field(default_factory=structure_rules)

    def clauses(self, doc: Doc, actors: DocActors, published: date | None,
                paragraphs: Sequence[tuple[int, int]] = (), turns: Sequence[tuple] = ()) -> list[tuple[int, Span, Clause]]:
        """Every trigger of ``doc`` with its actors, modality and time, before typing; none in a
        transcript's questions and speaker labels (``turns``: ``Document.turns``)."""
        turn_index = TurnIndex(turns)
        finder = ArgumentFinder(actors, self.lexicon)
        out: list[tuple[int, Span, Clause]] = []
        paragraph_time: dict[int, tuple[int, TimeRef, frozenset[str]]] = {}  # (sentence, time, quad classes)
        mentions = _DocumentTimes(doc.text, published)  # the text's times, for "two days later", "that day"
        paragraph_starts = [start for start, _ in paragraphs]
        for sent_index, sent in enumerate(doc.sents):
            asks = bool(turn_index) and asks_nothing(turn_index, sent)
            if asks and turn_index.in_label(sent.end_char - 1):
                finder.transparent.add(sent_index)
            triggers = [] if asks else find_triggers(sent, self.lexicon) + demand_triggers(sent)
            heads = {t.head.i: t for t in triggers}
            taken = {w.i for t in triggers for w in t.words}  # the words the rules read
            unlisted = [] if asks or self.detector is None else structural_triggers(
                sent, self.lexicon, self.rules, taken)
            finder.start_sentence(sent)
            found = []
            finder.current_events = []
            for trigger in triggers:
                if self._is_content_of_other(trigger, heads):
                    continue
                clause = self._clause(trigger, finder, sent_index)
                if clause is not None:
                    found.append(clause)
                    finder.current_events.append((sent_index, clause))
            finder.current_events = []
            found = [c for c in found if c.targets or _is_travel(c.trigger) or self._again(c, finder.events_so_far)
                     or _recipient_kind(c) or self._with_partner(c, found)
                     or (c.trigger.pos == "VERB" and self._answer(c, out, sent_index))
                     or one_sided_clause(c.trigger, c.sources)]
            linked = [c for c in (None if self._is_content_of_other(trigger, heads) else
                                  self._unlisted_clause(trigger, finder, sent_index) for trigger in unlisted)
                      if c is not None]
            if self.detector is not None and not asks:
                # a lexicon verb whose own rules found no pair is a prior, not a gate: the detector may
                # still read the mentions it links ("rejected an offer from X", "a car bomb killed Y")
                # (an act kept with no one named may still have its recipient in a mention the rules missed:
                # "returned 12 skulls that date back to A.D. 640 to Peru")
                kept = {c.trigger.head.i for c in found if c.targets or not alone_types(c.trigger)}
                released = {w.i for t in triggers if t.pos == "VERB" and t.head.i not in kept and not fires_weapon(t)
                            for w in t.words}
                linked += self._mention_pairs(sent, finder, sent_index, found + linked, taken - released)
            found += linked[:self.rules.max_per_sentence]
            # and every event noun of the sentence, with actors or not: "condolences for the losses of
            # the attack on September 11, 2001" are not dated by the attack's date
            eventful = {t.head.i: t for t in triggers if t.pos == "NOUN"} | {c.trigger.head.i: c.trigger for c in found}
            times = SentenceTimes.find(sent)
            paragraph = _paragraph_of(sent.start_char, paragraphs, paragraph_starts)
            finder.add_events(sent_index, [c for c in found if not c.unlisted])  # the rules' memory: theirs only
            before = paragraph_time.get(paragraph)
            for clause in found:
                quads = frozenset(QUAD_CLASS[s.event_type] for s in clause.trigger.senses if s.event_type)
                # "Last year, A made the trip to C. B also visited D.": the sentence just before, same kind
                inherit = before[1] if before and before[0] == sent_index - 1 and before[2] & quads else None
                self._date(clause, times, eventful, published, inherit, mentions)
                if clause.time is not None and clause.time.rule not in CONTEXT_TIME_RULES and clause.tense == "past":
                    paragraph_time[paragraph] = (sent_index, clause.time, quads)
                if clause.modality == "reported" and clause.time is not None and clause.time.start and \
                        published and clause.time.start > published:
                    if _told_as_past(clause):
                        clause.time = None  # "welcomed Italy's G7 Presidency next year": the noun's date
                    else:
                        clause.modality, clause.cue = "planned", clause.time.text
                out.append((sent_index, sent, clause))
            finder.end_sentence(sent_index)
        return _fill_destinations(out, actors.main_dyad())

    @staticmethod
    def _again(clause: Clause, earlier: list[tuple[int, "Clause"]]) -> bool:
        """Give an event noun with no target the target of the same doer's earlier event named by the
        same word ("Canada announced a package for Ukraine ... Ottawa delivered a similar package last
        year"); False if there is none."""
        if clause.trigger.pos != "NOUN":
            return False
        countries = {s.country for s in clause.sources}
        for _, other in reversed(earlier):
            if other.trigger.head.lemma_.lower() == clause.trigger.head.lemma_.lower() and other.targets and \
                    countries & {s.country for s in other.sources}:
                clause.targets = _from_context(other.targets)
                clause.confidence = min(clause.confidence, 0.55)
                return True
        return False

    @staticmethod
    def _with_partner(clause: Clause, found: list[Clause]) -> bool:
        """Give a cooperative verb with no target the partner of the meeting it is coordinated with
        ("met with Kenyan officials and agreed to follow up": agreed with them); False if there is none."""
        verb = clause.trigger.head
        if clause.trigger.pos != "VERB" or verb.dep_ != "conj" or \
                not {s.event_type for s in clause.trigger.senses} & PARTNERED_TYPES:
            return False
        countries = {s.country for s in clause.sources}
        for other in found:
            if other is not clause and other.trigger.head.i == verb.head.i and other.targets and \
                    any(s.event_type == "CONSULT" for s in other.trigger.senses) and \
                    countries == {s.country for s in other.sources}:
                clause.targets = _from_context(other.targets)
                clause.confidence = min(clause.confidence, 0.6)
                return True
        return False

    @staticmethod
    def _answer(clause: Clause, earlier: list[tuple[int, Span, Clause]], sent_index: int) -> bool:
        """Give a reply with no target the actor that last acted on its source (within three
        sentences); False if there is none."""
        if {s.event_type for s in clause.trigger.senses} == {"MOBILIZE"} and any(
                c.dep_ == "prep" and c.lower_ in ("to", "into", "toward", "towards") for c in clause.trigger.head.children):
            return False  # "moved air defence batteries to the border": forces go where the text says
        if any(c.dep_ == "dobj" and any(p.dep_ == "prep" and p.lower_ in ("to", "for") for p in c.children)
               for c in clause.trigger.head.children):
            return False  # "reaffirmed the commitment to defending our allies": its object says whom it is for
        if any(c.dep_ == "dobj" and c.lower_ in REFLEXIVE_PRONOUNS for c in clause.trigger.head.children):
            return False  # "Israel's right to defend itself": it acts on itself, answering no one
        countries = {s.country for s in clause.sources}
        friendly = {s.event_type for s in clause.trigger.senses} <= FRIENDLY_REPLY_TYPES
        for idx, _, other in reversed(earlier):
            if sent_index - idx > 3:
                break
            if friendly and ((other.unlisted and sent_index - idx > 2) or any(
                    QUAD_CLASS[s.event_type] == "MX" for s in other.trigger.senses if s.event_type)):
                # "reaffirm their determination to ..." after "Russia's war": no one backs the attacker; and a
                # pair of mentions the detector has yet to judge is weak evidence, not looked for far back
                continue
            if any(t.country in countries for t in other.targets):
                actors = [s for s in other.sources if s.country not in countries]
                if actors:
                    clause.targets = _from_context(actors[:1])
                    clause.confidence = min(clause.confidence, 0.55)
                    return True
        return False

    def _clause(self, trigger: Trigger, finder: ArgumentFinder, sent_index: int) -> Clause | None:
        """The trigger's actors and modality, or None when it has no source (or no target and no trip)."""
        governor, relation = None, ""
        if is_demand(trigger):
            return self._demand(trigger, finder, sent_index)
        if trigger.pos == "VERB":
            sources, targets, confidence = finder.verb_arguments(trigger, sent_index)
            modality, cue = verb_modality(trigger.head, self.lexicon)
            tense = clause_tense(trigger.head)
        else:
            sources, targets, confidence = finder.noun_arguments(trigger, sent_index)
            governor, relation = finder.governing_verb(trigger.head)
            modality, cue = noun_modality(trigger.head, governor, relation, self.lexicon)
            tense = clause_tense(governor) if governor is not None else "present"
        if modality == "hypothetical" and trigger.senses[0].event_type in ATTEMPTED_ACTS:
            modality, cue = _attempt_told(trigger.head, modality, cue, self.lexicon)
        if trigger.pos == "VERB" and trigger.lemma in MEETING_JOINING_VERBS:
            # "joined the President at the White House" meets him; "to join NATO" is membership
            targets = [t for t in targets if t.sector != "IGO"]
        verb = trigger.head if trigger.pos == "VERB" else governor
        jointly = not targets and (any(s.together for s in trigger.senses) or
                                   any(s.event_type in SYMMETRIC_TYPES for s in trigger.senses))
        if sources and (targets or jointly) and verb is not None and sources is not targets and \
                (verb is trigger.head or _subject_of(verb, sources)):
            # "Joined by Canada and Australia, the United States imposed sanctions on Iran": they act too
            # (a new list only when someone joins: "sources is targets" marks a reciprocal reading)
            own = {w.i for w in trigger.words} - {verb.i}  # "Working together with Congress": the act's partner
            coactors = [w for w in coactor_words(verb) if w.head.i not in own and w.head.head.i not in own]
            # ("Together with the G7, we are banning ...": a co-actor the parse also offers as a target)
            spans = [(w.left_edge.idx, w.right_edge.idx + len(w.right_edge)) for w in coactors]
            targets = [t for t in targets if not any(a <= t.start < b for a, b in spans)]
            joined = [a for a in finder.resolve(coactors, sent_index)
                      if a.country and all(a.country != o.country for o in sources + targets)]
            if joined:
                sources = sources + _distinct_countries(joined)
        if not sources and targets and trigger.pos == "NOUN" and \
                {s.event_type for s in trigger.senses} <= UNKNOWN_SOURCE_TYPES and \
                any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in trigger.head.children) and \
                trigger.head.dep_ != "conj" and not relation.startswith(("prep:with", "prep:in", "prep:by")) and \
                _specific(trigger.head):
            # (not "X responded with artillery fire on Y": X's means; not one of a list that an owner heads)
            # "the recent rocket attacks against Iraqi personnel": an attack no one is named for
            # (not a bare plural, "efforts to monitor attacks on health workers": attacks in general)
            sources, confidence = [_unknown_doer(trigger.head)], min(confidence, 0.55)
        if not sources and targets and _agentless_attack(trigger):
            # "a U.S. Capitol Police officer was killed": an attack by someone the text does not name
            sources, confidence = [_unknown_doer(trigger.head)], min(confidence, 0.55)
        if not sources and targets and _agentless_release(trigger):
            # "Eighteen Italian fishermen have been freed": released by someone the text does not name;
            # "Iranian officials said the tanker would be released": by those who hold it and say so
            reporter = demand_reporter(trigger.head)
            holders = [a for a in finder.resolve([reporter], sent_index) if a.country and
                       all(a.country != t.country for t in targets)] if reporter is not None else []
            sources, confidence = holders or [_unknown_doer(trigger.head)], min(confidence, 0.55)
        if not sources and targets and _states_item(trigger, governor):
            # a fact sheet's item with no verb ("Full blocking sanctions on Russia's VTB Bank"): the
            # issuer's own measure
            voice = finder.actors.voice_at(trigger.head)
            if voice is not None and not {s.event_type for s in trigger.senses} & OTHERS_ITEM_TYPES:
                sources = [voice]
                targets = [t for t in targets if not same_referent(t, voice)]
                confidence = 0.5
        if not sources:
            spoken = finder.actors.addressed_act(trigger.head)  # "Thanks for this hospitality"
            if spoken is not None:
                sources, targets = [spoken[0]], [t for t in targets if t.country != spoken[0].country] or [spoken[1]]
                confidence = min(confidence, 0.6)
        if alone_types(trigger) and modality == "reported" and trigger.head.dep_ == "xcomp" and \
                trigger.head.head.tag_ != "VB" and "AGREE" in self.lexicon.types_for(trigger.head.head.lemma_):
            modality = "planned"  # "agreed to resign", "offered to step down": not yet gone
        if modality in ("planned", "expected"):
            tense = "future"
        reciprocal = bool(sources) and sources is targets  # named together: "a Modi-Putin meeting"
        if any(s.together for s in trigger.senses):
            # "A and B agree that ...": a sense for coordinated subjects acting with no target
            paired = not targets and len(distinct_sides(sources)) >= 2 and not _joined_group(sources, finder)
            alone = [s for s in trigger.senses if not s.together]
            kept = [s for s in trigger.senses if s.together] + alone if paired else alone
            if not kept:
                return None  # (the trigger keeps its senses: later rules still read it)
            trigger.senses = kept
        if sources and not targets:
            targets = [t for t in same_thing_before(trigger, finder.events_so_far)  # "contributed to the fund"
                       if t.country not in {s.country for s in sources}]
            confidence = min(confidence, 0.55) if targets else confidence
        if sources and not targets and {s.event_type for s in trigger.senses} & TALKED_TOGETHER_TYPES:
            # "I spoke with President X. We agreed to ...": the speaker and the one spoken with
            targets = partner_of_last_talk(sources, finder.events_so_far, sent_index)
            confidence = min(confidence, 0.55) if targets else confidence
        if sources and not targets:
            # one country's two bodies meet or talk (not "the President and Democrats are committed")
            # (and those who agree or work together: "Sudan's army and the Rapid Support Forces agreed to a ceasefire")
            # (bodies, not the public: "President Biden, American families and autoworkers agree: ...")
            distinct = distinct_sides(sources) if any(s.event_type == "CONSULT" for s in trigger.senses) or (
                trigger.senses[0].together and all(s.sector not in (None, "CVL") for s in sources)) \
                else _distinct_countries(sources)
            symmetric = FIRST_PERSON_SYMMETRIC_TYPES if all(s.resolved_by == "voice" for s in sources) \
                else SYMMETRIC_TYPES
            if len(distinct) >= 2 and not _joined_group(distinct, finder) and (trigger.senses[0].together or
                                                      any(s.event_type in symmetric for s in trigger.senses)) and \
                    not _acts_on_a_thing(trigger, self.lexicon):
                sources, targets, reciprocal = distinct, distinct, True  # every pair, once (see find)
        if sources and not targets:
            targets = [p for p in (population_of(trigger, s) for s in sources[:1]) if p is not None]
        if sources and not targets and trigger.pos == "NOUN" and "ASSAULT" in trigger.types:
            targets = [d for d in finder.defenders(trigger.head, sent_index)
                       if d.country and d.country not in {s.country for s in sources}]
        if not sources or (not targets and not _is_travel(trigger) and not _is_reply(trigger)
                           and trigger.pos != "NOUN" and not one_sided_clause(trigger, sources)):
            return None
        return Clause(trigger, sources, targets, modality, cue, None, tense, confidence, reciprocal,
                      governor, relation)

    def _demand(self, trigger: Trigger, finder: ArgumentFinder, sent_index: int) -> Clause | None:
        """The speaker (a turn's, else the document's voice) demands of the subject of "X must ...";
        none when the subject is the speaker's own government ("the United States must lead")."""
        verb = trigger.head.head if trigger.head.dep_ == "aux" else trigger.head  # "must" / "needs to"
        reporter = demand_reporter(verb)
        if reporter is not None:  # "The President reiterated that Hamas must ...": the President demands
            speaker = next((a for a in finder.resolve([reporter], sent_index) if a.country and not a.unknown), None)
        else:
            speaker = finder.actors.voice_at(trigger.head)
        if speaker is None:
            return None
        subjects = [a for a in finder.resolve([c for c in verb.children if c.dep_ == "nsubj"], sent_index)
                    if a.country and not a.unknown]
        targets = [a for a in subjects if not (a.country == speaker.country and a.sector in (None, "GOV"))]
        if not targets or len(targets) != len(subjects):
            return None
        modality, cue = verb_modality(verb, self.lexicon)
        if modality == "recommended":
            modality, cue = "reported", None  # the demand is made; what it asks is still to come
        if modality not in ("reported", "negated", "hypothetical"):
            return None
        return Clause(trigger, [speaker], targets, modality, cue, None, "present", 0.6)

    def _unlisted_clause(self, trigger: Trigger, finder: ArgumentFinder, sent_index: int) -> Clause | None:
        """The source and target of a verb the lexicon does not list, or None unless it links two
        different actors (the detector decides the rest)."""
        sources, targets, confidence = finder.verb_arguments(trigger, sent_index)
        countries = {s.country for s in sources}
        targets = [t for t in targets if not t.unknown and t.country is not None and t.country not in countries
                   and not any(same_referent(s, t) for s in sources)]  # "A and B must meet their obligations"
        sources = [s for s in sources if not s.unknown]
        if not sources or not targets:
            return None
        modality, cue = verb_modality(trigger.head, self.lexicon)
        tense = "future" if modality in ("planned", "expected") else clause_tense(trigger.head)
        return Clause(trigger, sources, targets, modality, cue, None, tense, confidence, unlisted=True)

    def _mention_pairs(self, sent: Span, finder: ArgumentFinder, sent_index: int,
                       found: list[Clause], taken: set[int]) -> list[Clause]:
        """A candidate for each pair of actor mentions of different countries in ``sent`` that no
        clause links yet, nearest pairs first, with the word that links them as trigger."""
        if not any(self._states_something(t) and t.i not in taken for t in sent):
            return []  # no word that could link a pair: resolving every mention would find nothing
        acting_with = {w.i for t in sent if t.pos_ in ("VERB", "AUX") for w in coactor_words(t)}
        heads = [h for h in mention_heads(sent, self.rules) if h.i not in acting_with]  # "Joined by A, B ..."
        if len(heads) < 2:
            return []
        mentions: list[tuple[Token, Actor]] = []
        named: dict[int, set[str | None]] = {}  # head -> every country it names ("their": A and B)
        for tok in heads:
            resolved = finder.resolve([tok], sent_index)
            named[tok.i] = {a.country for a in resolved}
            for actor in resolved:
                if actor.country is None or actor.unknown or any(
                        m.country == actor.country and m.start == actor.start for _, m in mentions):
                    continue
                mentions.append((tok, actor))
        linked = {frozenset((s.country, t.country)) for c in found for s in c.sources for t in c.targets}
        pairs = []
        for i, (head_a, a) in enumerate(mentions):
            for head_b, b in mentions[i + 1:]:
                key = frozenset((a.country, b.country))
                if a.country == b.country or key in linked or (a.start < b.end and b.start < a.end) or \
                        a.country in named[head_b.i] or b.country in named[head_a.i]:
                    # one country (pairs of one country's sectors from structure were wrong on 5 of 5
                    # undocumented White House texts), a pair already linked, one phrase naming both ("we")
                    continue
                word = pair_link(head_a, head_b, self.lexicon, taken)
                if word is None:
                    continue  # co-actors, one inside the other, or linked by a word the rules read
                linked.add(key)  # one candidate per pair of countries in a sentence
                if doer_second(head_a, head_b):
                    a, b = b, a  # "civilians were killed as forces shelled ...": the doer is the source
                pairs.append((abs(head_a.i - head_b.i), word, a, b))
        pairs.sort(key=lambda p: p[0])
        out = []
        for _, word, a, b in pairs[:self.rules.max_per_sentence]:
            if not self._states_something(word):
                continue  # only a verb that states something links two mentions ("is", "think" do not)
            trigger = unlisted_trigger(word)
            modality, cue = verb_modality(word, self.lexicon)
            tense = "future" if modality in ("planned", "expected") else clause_tense(word)
            out.append(Clause(trigger, [a], [b], modality, cue, None, tense, 0.6, unlisted=True))
        return out

    def _states_something(self, word: Token) -> bool:
        """Whether ``word`` may link a pair of mentions: a verb, not one of ``not_events``, not a
        reporting verb (``pair_link`` excludes those)."""
        return word.pos_ == "VERB" and word.lemma_.lower() not in self.rules.not_events and \
            word.norm_.lower() not in self.rules.not_events and word.lemma_.lower() not in self.lexicon.reporting_verbs

    def _date(self, clause: Clause, times: "SentenceTimes", eventful: dict[int, Trigger],
              published: date | None, paragraph_time: TimeRef | None,
              mentions: "_DocumentTimes | None" = None) -> None:
        """Set ``clause.time``: the time words attached to the event, else the sentence's free time
        words (bare past references), else the paragraph's last past time (past events)."""
        trigger = clause.trigger
        own_type = {x.event_type for x in trigger.senses}
        others = frozenset(i for i, t in eventful.items()
                           if i != trigger.head.i and not own_type & {x.event_type for x in t.senses})
        climb = trigger.pos == "VERB" or (
            clause.governor is not None and _carries_event(clause.governor, clause.relation, self.lexicon))
        expr = times.for_trigger(trigger.head, clause.governor, others, climb)
        context_rule = None
        if expr is None and trigger.pos == "NOUN" and clause.modality == "reported" and clause.tense != "future":
            expr, context_rule = times.nearest_free(trigger.head, others), "sentence-context"
        if expr is not None:
            anchor = mentions.anchor(expr, trigger.head.sent.start_char) if mentions is not None else None
            time = timeref.resolve(expr, published, "past" if context_rule else clause.tense, anchor)
            if time.rule not in timeref.NO_TIME_RULES and (time.value or time.start or not context_rule):
                if context_rule:
                    time.rule = context_rule
                if time.start is None and time.end is not None and published is not None and \
                        clause.tense == "future" and published <= time.end:
                    time.start = published  # "will send X before winter": not before it is announced
                clause.time = time
                return
        if clause.tense == "past" and paragraph_time is not None and not _perfect(clause):
            p = paragraph_time
            clause.time = TimeRef(p.value, p.precision, p.start, p.end, p.text, "paragraph-context",
                                  anchor=f"mention:{p.text}" if p.text else p.anchor)

    def _abstract(self, doc: Doc, target: Actor) -> bool:
        """Whether a target names no body and nothing physical ("China's trade", "the U.S. plan")."""
        if target.sector is not None or target.actor_id is not None or target.start < 0:
            return False
        span = doc.char_span(target.start, target.end, alignment_mode="expand")
        if span is None or target.resolved_by in ("dictionary", "metonym", "voice", "document-dyad"):
            return False
        return span.root.lemma_.lower() not in self.lexicon.physical_targets and span.root.pos_ == "NOUN"

    def _is_content_of_other(self, trigger: Trigger, triggers: dict[int, Trigger]) -> bool:
        """Whether a trigger is part of another event rather than one of its own.

        A verb with an event noun as object makes one event with it: a light or cancelling verb
        gives way to the noun ("made the trip", "canceled the visit"), any other verb is the event
        and the noun its matter ("eased restrictions", "condemned the attack"). An event that is
        only what a speech act says ("agreed to further talks", "urged X to release") is its content.
        """
        head = trigger.head
        if trigger.pos == "VERB":
            lemma = head.lemma_.lower()
            nouns = [triggers[c.i] for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c.i in triggers]
            noun_types = {s.event_type for n in nouns for s in n.senses}
            verb_type = trigger.senses[0].event_type
            carrier = lemma in LIGHT_VERBS and (
                not self.lexicon.lookup("VERB", lemma)                      # "made the trip"
                or verb_type in noun_types                                  # "launched an attack"
                or (verb_type in FORCE_TYPES and noun_types & FORCE_TYPES))  # "launched cyber warfare"
            # "expressed deep regret that X ...", "offered his condolences": a verb the noun lists as
            # its carrier gives way to it
            carrier = carrier or any(lemma in s.light + s.carriers for n in nouns for s in n.senses)
            answered = lemma in self.lexicon.measures.response_verbs and nouns and all(
                n.head.lemma_.lower() in PROPOSAL_NOUNS for n in nouns)  # "accepted X's invitation"
            refused = self.lexicon.governor(lemma) == "negated" and "REJECT" in {s.event_type for s in trigger.senses} \
                and noun_types & {"CONSULT", "COOPERATE", "AGREE", "AID"}
            if nouns and not answered and not refused and (
                    carrier or self.lexicon.governor(lemma) in ("negated", "planned", "expected")):
                return True  # the noun is the event; "rejected the criticism" keeps its own
            if self.lexicon.hosts(lemma) and any(
                    p.dep_ == "prep" and p.lower_ == "for" and any(
                        o.i in triggers and any(s.event_type == "CONSULT" for s in triggers[o.i].senses)
                        for o in p.children if o.dep_ == "pobj") for p in head.children):
                return True  # "welcomed X for a meeting": the meeting is the event

        if trigger.pos == "NOUN" and head.dep_ in ("dobj", "nsubjpass") and breaks_truce(head.head):
            return True  # "violated the ceasefire": the attack, not the truce
        if trigger.pos == "NOUN" and head.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in \
                self.lexicon.measures.flows and head.head.i in triggers and any(
                    s.event_type == "SANCTION" for s in triggers[head.head.i].senses):
            return True  # "reduced humanitarian aid to Liberia": the cut, not the aid
        if trigger.pos == "NOUN" and head.dep_ in ("dobj", "nsubjpass") and head.head.i in triggers and \
                head.head.lemma_.lower() in self.lexicon.measures.easing_verbs and \
                not {s.event_type for s in trigger.senses} & {s.event_type for s in triggers[head.head.i].senses}:
            return True  # "lifted the blockade of Qatar": the lifting, not a new blockade
        if head.dep_ == "pobj" and head.head.lower_ == "for" and head.head.head.i in triggers and \
                triggers[head.head.head.i].pos == "VERB" and not (
                    {s.event_type for s in triggers[head.head.head.i].senses} & {s.event_type for s in trigger.senses}) \
                and not self.lexicon.hosts(head.head.head.lemma_) \
                and triggers[head.head.head.i].senses[0].event_type != "ACCUSE":
            # "recalled its ambassador for consultations"; "left for X for meetings" is one visit (but
            # "condemned Russia for its war against Ukraine" tells the deed as fact)
            return True
        if alone_types(trigger) and head.dep_ == "xcomp" and head.head.i in triggers and \
                triggers[head.head.i].senses[0].event_type == "AGREE":
            return False  # "agreed to resign": a promise to no one, so the resignation is the event
        cur = trigger.head
        path: list[str] = []
        deed_prep = trigger.head.head.lower_ if trigger.head.dep_ == "pobj" else ""  # the phrase's preposition
        for _ in range(3):
            head = cur.head
            if head is cur or cur.dep_ not in ("xcomp", "ccomp", "pobj", "prep", "pcomp", "acl", "dobj"):
                return False  # coordination ("rejected X and accused Y") is two events
            path.append(cur.dep_)
            if head.i in triggers and head.i != trigger.head.i:
                other = triggers[head.i]
                if path == ["pobj", "prep"] and cur.lower_ in SETTING_PREPS:
                    return False  # "In a call with X, Y urged ...": the scene, not what was urged
                # a path through a clause or phrase, not a plain object ("condemned the attack")
                if path[:2] == ["pobj", "prep"] and deed_prep in DEED_PREPS and \
                        other.senses[0].event_type == "ACCUSE" and other.lemma not in CLAIM_VERBS:
                    # "concern about Russia's build-up of forces", "condemned Russia for its war against
                    # Ukraine", "hold Putin accountable for his war": the deed is told as fact
                    return False
                if other.senses[0].event_type in SPEECH_ACT_TYPES and path != ["dobj"] and \
                        self.lexicon.governor(other.lemma) != "negated":
                    return True
            cur = head
        return False

    def _hosting_types(self, trigger: Trigger, actors: DocActors) -> tuple[str, ...] | None:
        """"welcomed Zelenskyy to the White House", "will receive Modi in Washington": a host verb
        whose guest comes to a place is a visit alone, not also the welcome's support; one whose
        guest joins a body ("welcomed Sweden to NATO", "to the alliance") is no visit."""
        if not _hosted(trigger):
            return None
        for prep in trigger.head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "in", "at"):
                places = [c for c in prep.children if c.dep_ == "pobj"]
                if any((span := actors.span_at(p)) is not None and span.kind in PLACE_KINDS for p in places):
                    return tuple(dict.fromkeys(s.event_type for s in trigger.senses if s.host))
                if prep.lower_ == "to" and any(p.lemma_.lower() in JOINED_BODIES or (
                        (span := actors.span_at(p)) is not None and span.kind == "organization") for p in places):
                    return tuple(dict.fromkeys(s.event_type for s in trigger.senses if not s.host)) or None
        return None

    def find(self, doc: Doc, actors: DocActors, doc_id: str, published: date | None,
             paragraphs: Sequence[tuple[int, int]] = (), turns: Sequence[tuple] = ()) -> list[EventMention]:
        """The events of ``doc``, one per happening (mentions of one event merged)."""
        clauses = self.clauses(doc, actors, published, paragraphs, turns)
        turn_index = TurnIndex(turns)
        candidates: list[RelationCandidate] = []
        slots: list[tuple[int, Span, Clause, Actor, Actor]] = []
        for sent_index, sent, clause in clauses:
            base = sent.start_char
            one_sided_done: set[int] = set()
            for i, source in enumerate(clause.sources):
                for j, target in enumerate(clause.targets or [None]):
                    if clause.reciprocal and target is not None and j <= i:
                        continue  # "A, B and C met": A-B, A-C, B-C
                    types = self._hosting_types(clause.trigger, actors) or clause.trigger.types
                    source = police_country(source, target)
                    target = partner_country(actors, sent, source, target, types)
                    named = target
                    ok, target, types = code_pair(source, target, types, alone_types(clause.trigger))
                    if ok and target is None and "ASSAULT" in types and not (
                            attack_stands_alone(clause.trigger) and one_sided_clause(clause.trigger, [source])):
                        types = tuple(t for t in types if t != "ASSAULT")
                        ok = bool(types)
                    if not ok or (target is None and i in one_sided_done):
                        continue
                    if target is None and source.country is None and clause.trigger.pos != "VERB" and not (
                            clause.governor is not None and _subject_of(clause.governor, [source])):
                        # a protest of no known country is one its doers make ("nurses marched", "workers
                        # went on strike"), not a noun of background ("the protesters jailed after the 2021
                        # demonstrations")
                        continue
                    if target is None and named is not None and any(
                            t is not named and t.country and t.country != source.country for t in clause.targets):
                        continue  # "deployed troops to the border with Ukraine": toward Ukraine, not also alone
                    if target is not None and target.country_by in ("phrase", "place") and set(types) <= VERBAL_HOSTILE_TYPES \
                            and _state_of_affairs(doc, target):
                        continue  # "expressed concern over the humanitarian situation in Gaza": no one accused
                    if target is None:
                        one_sided_done.add(i)
                    else:
                        target = victim_country(actors, sent, source, target, types)
                    types = civilian_types(source, types)
                    start, end = clause.trigger.span
                    if target is not None and {"ASSAULT", "ACCUSE"} <= set(types) and self._abstract(doc, target):
                        types = ("ACCUSE",) + tuple(t for t in types if t not in ("ACCUSE", "ASSAULT"))  # "attacked China's trade": words, not force
                    candidates.append(RelationCandidate(
                        text=sent.text,
                        source=(max(0, source.start - base), max(0, source.end - base)),
                        target=(max(0, target.start - base), max(0, target.end - base)) if target else None,
                        trigger=clause.trigger.lemma, trigger_span=(start - base, end - base),
                        path=(clause.trigger.lemma,),
                        lexicon_types=types,
                        negated=clause.modality == "negated", modality=clause.modality,
                    ))
                    slots.append((sent_index, sent, clause, source, target))
        decisions = self._decide(candidates, slots)
        mentions: list[EventMention] = []
        text = actors.text
        for (sent_index, sent, clause, source, target), decision in zip(slots, decisions):
            if decision is None or not type_fits_pair(decision.event_type, source, target, alone_types(clause.trigger)):
                continue  # the typer chose a type that needs a target (or a known doer) the text lacks
            if target is not None and target.sector_by == "owner" and QUAD_CLASS[decision.event_type] in COOPERATIVE_QUADS:
                continue  # "deepen collaboration on military planning": a thing an army owns is attacked, not worked with
            if _hosted(clause.trigger) and target is not None and not any(
                    s.host for s in clause.trigger.senses if s.event_type == decision.event_type):
                source, target = target, source  # "welcomed X's pledge": only a host's guest is the doer
            time = clause.time
            if time is None:
                time = _undated_time(clause, published)
            start, end = clause.trigger.span
            mode = next((s.mode for s in clause.trigger.senses if s.event_type == decision.event_type), None)
            mentions.append(EventMention(
                doc_id=doc_id, source=source, target=target, event_type=decision.event_type,
                modality=clause.modality, time=time, sentence_index=sent_index, sentence=sent.text.strip(),
                char_start=sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
                char_end=sent.start_char + len(sent.text.rstrip()),
                trigger=text[start:end], trigger_start=start, trigger_end=end,
                confidence=round(clause.confidence * decision.confidence, 3), mode=mode,
                trigger_pos=_asserting_pos(clause),
                speaker=speaker_of(turn_index, sent.start_char) if turn_index else None,
            ))
            if target is not None and clause.modality == "negated" and decision.event_type in REFUSABLE_TYPES \
                    and _says_it_will_not(clause.trigger, self.lexicon):
                # "Israel will not release the prisoners", "Lebanon will not accept more refugees": a
                # refusal stated now (PLOVER REJECT), besides the act that is not to happen
                mentions.append(replace(mentions[-1], event_type="REJECT", modality="reported", mode=None,
                                        mention_id=""))
        return merge_mentions(_without_tolls_of_told_attacks(_without_targetless_repeats(mentions)))

    def _within_needs(self, decision: TypeDecision, candidate: RelationCandidate, trigger: Trigger) -> TypeDecision:
        """The typer's decision, unless it is a sense of the trigger word whose needs its context does not
        meet ("conducted strikes against Houthi targets": the labour strike needs a verb of striking
        work): then the likeliest of the senses whose needs are met."""
        rejected = set(self.lexicon.types_for(trigger.lemma)) - set(candidate.lexicon_types)
        if decision.event_type not in rejected or not decision.scores:
            return decision
        kept = {t: p for t, p in decision.scores.items() if t not in rejected}
        if not kept:
            return decision
        best = max(kept, key=kept.get)
        return replace(decision, event_type=best, confidence=round(kept[best], 3))

    def _decide(self, candidates: list[RelationCandidate], slots: list[tuple]) -> list[TypeDecision | None]:
        """The type of each candidate: the typer's for lexicon triggers; the detector's for verbs the
        lexicon does not list, or None when it is not sure enough that the pair is an event. A pair the
        detector reads the other way round has its source and target exchanged in ``slots``."""
        decisions: list[TypeDecision | None] = [None] * len(candidates)
        listed = [k for k, slot in enumerate(slots) if not slot[2].unlisted]
        unlisted = [k for k, slot in enumerate(slots) if slot[2].unlisted]
        if listed:
            for k, decision in zip(listed, self.typer.predict([candidates[k] for k in listed])):
                decisions[k] = self._within_needs(decision, candidates[k], slots[k][2].trigger)
        if unlisted and self.detector is not None:
            for k, found in zip(unlisted, self.detector.detect([candidates[k] for k in unlisted])):
                if found.p_event < self.rules.min_event or found.typed.confidence < self.rules.min_type:
                    continue
                decisions[k] = replace(found.typed, confidence=round(found.typed.confidence * found.p_event, 3))
                sent_index, sent, clause, source, target = slots[k]
                if found.direction == "reversed" and not _doer_by_grammar(clause.trigger.head, source):
                    # (an active verb's subject or a passive's agent stays the doer: "the United States
                    # deployed a team to Nigeria", "funds provided by the United States")
                    slots[k] = (sent_index, sent, clause, target, source)
        return decisions


def _subject_of(verb: Token, actors: Sequence[Actor]) -> bool:
    """Whether one of ``actors`` is named inside the subject of ``verb`` (an event noun's doer taken
    from the verb it hangs from, not its own owner: "condemned Russia's attack")."""
    return _named_inside([w for w in verb.children if w.dep_ == "nsubj"], actors)


def _named_inside(phrases: Sequence[Token], actors: Sequence[Actor]) -> bool:
    """Whether one of ``actors`` is named inside the phrase one of ``phrases`` heads."""
    spans = [(w.left_edge.idx, w.right_edge.idx + len(w.right_edge)) for w in phrases]
    return any(start <= a.start and a.end <= end for a in actors for start, end in spans)


def _doer_by_grammar(verb: Token, actor: Actor) -> bool:
    """Whether ``actor`` is named inside the subject of ``verb`` or the agent of its passive ("by X")."""
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return _subject_of(verb, [actor]) or _named_inside(agents, [actor])


def _joined_group(actors: Sequence[Actor], finder: ArgumentFinder) -> bool:
    """Whether co-actors are one mention read as the speaker's leader with a group he met ("met with G7
    Leaders ... Leaders also agreed"): they act together, they do not meet or agree with each other."""
    return len(actors) == 2 and any(a.resolved_by == "voice" for a in actors) and \
        len({(a.start, a.end) for a in actors}) == 1 and \
        any(finder.actors.dictionary.country(a.country) is None for a in actors if a.country)


def _without_targetless_repeats(mentions: list[EventMention]) -> list[EventMention]:
    """Drop an event with no target when its doer's event of the same type on someone is in the same
    sentence: "pounded the enclave on Friday, killing five people" tells one attack, on the people
    killed; "imposed sanctions on Iran, freezing the assets of eleven officials" one sanction."""
    def doer(m: EventMention) -> tuple:
        sector = (m.source.sector,) if m.event_type == "ASSAULT" else ()  # an attack: the same armed body
        return (m.sentence_index, m.event_type, m.source.country) + sector
    struck = {doer(m) for m in mentions if m.target is not None}
    return [m for m in mentions
            if not (m.target is None and m.event_type not in ONE_SIDED_TYPES and doer(m) in struck)]


def _without_tolls_of_told_attacks(mentions: list[EventMention]) -> list[EventMention]:
    """Drop an attack by no one named when an attack with a named doer is told in the same sentence
    or the one before: "Al Shabaab militants attacked an SNA base. 3 soldiers were killed." tells one
    attack and its toll."""
    told = {m.sentence_index for m in mentions
            if m.event_type in UNKNOWN_SOURCE_TYPES and not m.source.unknown}
    return [m for m in mentions if not (m.source.unknown and m.event_type in UNKNOWN_SOURCE_TYPES and
                                        {m.sentence_index, m.sentence_index - 1} & told)]


# Mention kinds that name where a guest is received.
PLACE_KINDS = frozenset({"capital", "institution", "country"})


def _hosted(trigger: Trigger) -> bool:
    """Whether ``verb_arguments`` read the trigger as a host verb, the guest made the doer."""
    return trigger.pos == "VERB" and any(s.host for s in trigger.senses) and trigger.senses[0].host


def _unknown_doer(head: Token) -> Actor:
    """The doer of an attack the text names no one for, placed on the attack's own word."""
    return Actor(text=head.text, resolved_by="unknown", start=head.idx, end=head.idx + len(head.text))


NATURAL_HARMS = rule_words("natural_harms")


def _agentless_attack(trigger: Trigger) -> bool:
    """Whether a verb of force in the passive names its victim and no doer ("two officers were shot
    dead in Lahore", "seven villagers were abducted", "soldiers killed in Jordan"), and no disaster as its cause ("killed in a
    landslide", ``natural_harms``)."""
    head = trigger.head
    if trigger.pos != "VERB" or not {s.event_type for s in trigger.senses} <= UNKNOWN_SOURCE_TYPES:
        return False
    children = list(head.children)
    participle = head.dep_ == "acl" and head.tag_ == "VBN"  # "American soldiers killed in Jordan"
    if not (participle or any(c.dep_ == "nsubjpass" for c in children)) or any(c.dep_ == "agent" for c in children):
        return False
    causes = [o for p in head.subtree if p.dep_ == "prep" and p.lower_ in ("in", "by", "during", "after", "from")
              for o in p.children if o.dep_ == "pobj"]
    return not any(o.lemma_.lower() in NATURAL_HARMS or any(c.lemma_.lower() in NATURAL_HARMS for c in o.children
                                                             if c.dep_ == "compound") for o in causes)


RELEASING_VERBS = rule_words("releasing_verbs")


# Cooperative acts whose refusal, stated as what the doer will not do, is a rejection.
REFUSABLE_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})


def _says_it_will_not(trigger: Trigger, lexicon: Lexicon) -> bool:
    """Whether a verb trigger is negated with an auxiliary of the future (the modality data's planned
    ones, and "would") on its own clause ("will not lift the ban", "won't accept"): a refusal, unlike a
    past act that did not happen ("did not meet")."""
    if trigger.pos != "VERB":
        return False
    children = list(trigger.head.children)
    return any(c.dep_ == "neg" for c in children) and any(
        c.dep_ == "aux" and (lexicon.auxiliaries.get(c.lower_) == "planned" or c.lower_ == "would")
        for c in children)


def _agentless_release(trigger: Trigger) -> bool:
    """Whether a verb of release in the passive names those released and no one who released them
    ("have been freed", "were released from captivity in Libya")."""
    head = trigger.head
    if trigger.pos != "VERB" or head.lemma_.lower() not in RELEASING_VERBS:
        return False
    children = list(head.children)
    return any(c.dep_ == "nsubjpass" for c in children) and not any(c.dep_ == "agent" for c in children)


FRAGMENT_MIN_WORDS = 6
# Types of an item that a government's list tells of others, not of itself ("Threatening care for
# seniors", of a rival's budget): its items are its own measures, aid, agreements and sanctions.
OTHERS_ITEM_TYPES = frozenset({"THREATEN", "ACCUSE", "ASSAULT"})


def _states_item(trigger: Trigger, governor: Token | None) -> bool:
    """Whether the trigger states an item of a list with no doer written, as fact sheets do: a noun
    heading a verbless sentence ("Full blocking sanctions on VTB Bank."), or a verb (or the noun it
    governs) that opens its sentence as a gerund ("Providing $150 million in humanitarian assistance
    to Sudan.", "Launching a new partnership with Kenya.")."""
    if _heading(trigger.head.sent):
        return False
    if trigger.pos == "NOUN" and _heads_fragment(trigger.head):
        return True
    verb = trigger.head if trigger.pos == "VERB" else governor
    return verb is not None and _opening_gerund(verb)


def _heading(sent: Span) -> bool:
    """Whether a sentence is a heading: most of its words capitalised ("Supporting Activists, Workers,
    and Reform-Minded Leaders")."""
    colon = next((t.i for t in sent if t.text == ":"), sent.end)
    # (what follows a colon may be a list of names: "sanctions on Russian elites: Sergei Ivanov, ...")
    words = [t for t in sent if t.i < colon and t.is_alpha and not t.is_stop]
    words = words[1:] if len(words) > 2 else words  # (every sentence's first word is capitalised)
    return bool(words) and sum(t.text[0].isupper() for t in words) * 5 >= len(words) * 3


def _opening_gerund(verb: Token) -> bool:
    while verb.dep_ == "conj" and verb.head.tag_ == "VBG":
        verb = verb.head  # "Providing ... and launching ..."
    if verb.tag_ != "VBG" or verb.dep_ != "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children):
        return False
    first = next((t for t in verb.sent if t.is_alpha), None)
    return first is not None and first.i == verb.i and sum(t.is_alpha for t in verb.sent) >= FRAGMENT_MIN_WORDS


def _heads_fragment(noun: Token) -> bool:
    """Whether an event noun heads a sentence with no verb of its own, as a fact sheet's items do
    ("New debt and equity restrictions on thirteen Russian enterprises."), or is coordinated with
    its head noun."""
    root = noun.sent.root
    if root.pos_ not in ("NOUN", "PROPN", "NUM") or sum(t.is_alpha for t in noun.sent) < FRAGMENT_MIN_WORDS:
        return False  # (a short one is a heading: "Support for Ukraine")
    return noun.i == root.i or (noun.dep_ in ("conj", "appos") and noun.head.i == root.i)


# Determiners that make an attack noun a kind of attack, not one that happened ("any attack on").
GENERIC_DETERMINERS = frozenset({"any", "no", "all", "every", "such", "each", "further", "more"})


def _specific(noun: Token) -> bool:
    """Whether an event noun tells of a happening: "the/these/Saturday's/two attacks", not "attacks" in general."""
    return any((c.dep_ in ("det", "poss") and c.lower_ not in GENERIC_DETERMINERS) or c.dep_ == "nummod"
               for c in noun.children)


def asks_nothing(turns: TurnIndex, sent: Span) -> bool:
    """Whether a sentence of a transcript states no event: a reporter's question ("Q Did the
    minister call Rohan?"), a speaker label, or a stage direction ("(The leaders shake hands.)",
    "[inaudible]"); an answer keeps its own modality rules."""
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    turn = turns.at(start)
    return turn is not None and (turn.role == "question" or start < turn.text_start or
                                 text[:1] in ("(", "[") and text.rstrip(".")[-1:] in (")", "]"))


def speaker_of(turns: TurnIndex, char: int) -> str | None:
    """The speaker label of the turn a sentence starting at ``char`` is in, if any."""
    turn = turns.at(char)
    return turn.speaker if turn is not None else None


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.actor_id or b.actor_id:
        return a.actor_id == b.actor_id
    return (a.country, a.sector) == (b.country, b.sector)


def _actor_key(a: Actor) -> tuple:
    """Equal for two actors exactly when ``_same_actor`` holds."""
    return ("id", a.actor_id) if a.actor_id else ("country", a.country, a.sector)


def _from_context(actors: Iterable[Actor]) -> list[Actor]:
    """Copies of another event's actors, as the actors of an event that names them only by context."""
    return [Actor(text=a.text, country=a.country, sector=a.sector, actor_id=a.actor_id, resolved_by="context",
                  start=a.start, end=a.end) for a in actors]


def _recipient_kind(clause: Clause) -> str | None:
    """"travel" for a trip, "aid" for a named donor's aid given as a noun ("U.S. security assistance"):
    events that always go to someone, whom the document may name elsewhere; else None."""
    if _is_travel(clause.trigger):
        return "travel"
    if clause.trigger.pos == "NOUN" and len({s.country for s in clause.sources}) == 1 and \
            any(s.event_type == "AID" for s in clause.trigger.senses):
        return "aid"  # one donor: "both governments are exploring development financing" gives to no one
    return None


def _fill_destinations(clauses: list[tuple[int, Span, Clause]], dyad: tuple[str, str] | None) -> list[tuple[int, Span, Clause]]:
    """A trip with no destination ("a planned trip by Scholz was canceled") goes where the same
    traveller's nearest trip in the document goes, else, when the traveller's country is one side
    of the document's main dyad, to the other side; trips that stay without one are dropped. Aid
    named as a noun with no recipient ("an additional $375 million in security assistance") goes to
    the same donor's nearest recipient in the document, else nowhere: the main dyad of a fact sheet
    on grants at home is no guide to whom aid goes (it gave "EPA funding" to India)."""
    kinds = [_recipient_kind(c) for _, _, c in clauses]
    known = [(i, c, kind) for (i, _, c), kind in zip(clauses, kinds) if c.targets and kind]
    by_traveller: dict[tuple, list[int]] = {}  # (kind, _actor_key of a source) -> positions in known
    for position, (_, c, kind) in enumerate(known):
        for key in {_actor_key(s) for s in c.sources}:
            by_traveller.setdefault((kind, key), []).append(position)
    out = []
    for (sent_index, sent, clause), kind in zip(clauses, kinds):
        visited_named = kind == "travel" and clause.trigger.pos == "VERB" and any(
            c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in clause.trigger.head.children)
        if visited_named and not clause.targets:
            continue  # "visited AFL-CIO", "the community we're visiting": somewhere named, of no country known
        # (aid given "to 2,000 households" went to them, whom no other sentence names)
        stays_alone = one_sided_clause(clause.trigger, clause.sources) and (
            kind is None or (kind == "aid" and "AID" in alone_types(clause.trigger)))
        if not clause.targets and not stays_alone:
            positions = sorted({p for s in clause.sources for p in by_traveller.get((kind, _actor_key(s)), ())})
            matches = [(abs(known[p][0] - sent_index), known[p][1]) for p in positions]
            if matches:
                _, nearest = min(matches, key=lambda m: m[0])
                clause.targets = _from_context(nearest.targets)
            elif kind == "travel" and dyad and {s.country for s in clause.sources} <= set(dyad) and not any(
                    (c.dep_ == "prep" and c.lower_ in ("to", "in")) or
                    (c.dep_ == "amod" and c.lower_ not in MODALITY_WORDS) or
                    (c.dep_ == "dobj" and c.pos_ == "NOUN")  # "will visit a family farm": somewhere named
                    for c in clause.trigger.head.children):
                other = next(c for c in dyad if c != clause.sources[0].country)
                clause.targets = [Actor(text=other, country=other, resolved_by="document-dyad")]
            else:
                continue
            clause.confidence = min(clause.confidence, 0.6)
        out.append((sent_index, sent, clause))
    return out


def _asserting_pos(clause: Clause) -> str:
    """VERB when the clause asserts the event with a verb of its own or a light verb carrying the
    noun ("have raised our concerns"); ITEM when a noun heads a sentence with no verb, as the items of
    a fact sheet do; NOUN when it only refers to it ("Macron's visit")."""
    if _states_item(clause.trigger, clause.governor):
        return "ITEM"  # "Full blocking sanctions on VTB Bank.": each item of a fact sheet is a measure of its own
    if clause.trigger.pos == "VERB":
        return "VERB"
    governor = clause.governor
    if governor is not None and clause.relation == "object" and governor.lemma_.lower() in LIGHT_VERBS:
        return "VERB"
    return "NOUN"


def _paragraph_of(char: int, paragraphs: Sequence[tuple[int, int]], starts: Sequence[int] | None = None) -> int:
    """The index of the paragraph (sorted, disjoint spans) holding ``char``, or -1; ``starts`` are the
    paragraphs' start offsets, given to look up many characters in O(log n) each."""
    if starts is None:
        starts = [start for start, _ in paragraphs]
    i = bisect_right(starts, char) - 1
    if i >= 0 and paragraphs[i][0] <= char < paragraphs[i][1]:
        return i
    return -1


def _told_as_past(clause: Clause) -> bool:
    """Whether the clause's own verb is in the simple past ("welcomed", "announced"): a later date
    found for it then belongs to what the verb is about, not to the act, which has happened."""
    return clause.trigger.pos == "VERB" and clause.trigger.head.tag_ == "VBD" and clause.tense == "past"


STATE_OF_AFFAIRS_NOUNS = rule_words("state_of_affairs_nouns")
# Types of words against someone: what they are said about must be someone's doing.
VERBAL_HOSTILE_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN"})


def _state_of_affairs(doc: Doc, target: Actor) -> bool:
    """Whether a target found only inside a phrase names a state of affairs ("the humanitarian situation
    in Gaza"), not an actor or an act."""
    span = doc.char_span(target.start, target.end, alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() in STATE_OF_AFFAIRS_NOUNS


def _acts_on_a_thing(trigger: Trigger, lexicon: Lexicon) -> bool:
    """Whether co-subjects act on a thing rather than with each other: "Kenya, Benin and Chad committed
    personnel to the mission", "A and B signed the statement" (not "A and B signed an agreement", "held
    talks": an object that is itself an act between them)."""
    if trigger.pos != "VERB" or any(s.event_type == "CONSULT" for s in trigger.senses):
        return False  # "Japan and Korea discussed trade": talking of a topic is talking together
    if trigger.lemma.startswith("co-"):
        return False  # "A and B will co-develop an interceptor": the thing is made together
    objects = [c for c in trigger.head.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(not lexicon.types_for(o.lemma_) and o.lemma_.lower() not in RELATION_NOUNS for o in objects)


def _attempt_told(word: Token, modality: str, cue: str | None, lexicon: Lexicon) -> tuple[str, str | None]:
    """An attack tried is an attack made ("tried to storm the city", "continue to try to take offensive
    action"; PLOVER and CAMEO 185 code the attempt): the modality of the trying verb itself, when that
    verb is what made the act hypothetical."""
    if any(c.dep_ == "amod" and c.lemma_.lower() in ATTEMPT_VERBS and c.text == cue for c in word.children):
        return "reported", None  # "Russia's attempted annexation of Ukrainian territory"
    for above in word.ancestors:
        if above.lemma_.lower() in ATTEMPT_VERBS and above.text == cue:
            return verb_modality(above, lexicon)
        if above.pos_ == "VERB" and above.dep_ not in ("xcomp", "dobj"):
            break
    return modality, cue
