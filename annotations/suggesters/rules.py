"""The rule suggester: quotations, reported speech and their speakers, offline and in milliseconds.

``RuleSuggester().suggest(article)`` reads the article's sentences in order and proposes, per
sentence, claims of three kinds (docs/suggestions.md has the full rules and their figures):

- a **quotation** (»…«, „…“, “…”, «…», ‚…‘, "…"), also one that runs over several sentences:
  the words inside the marks, labelled ``opinion`` when they hold an evaluative word
  (»großartigen Fortschritt«), else ``quoted_fact``. A fragment of a few words counts only in a
  sentence that attributes speech; scare quotes (»sogenannte«), titles and names in quotes
  (the platform »Truth Social«) are left alone;
- **reported speech**: Konjunktiv I ("Trump habe zugesagt"), or Konjunktiv II next to a speech
  verb, or an attribution cue ("laut X", "X zufolge", "nach Angaben von X", "wie X mitteilte",
  ", so X"): the reported clause, or the whole sentence when nothing introduces it;
  indicative after a speech verb ("Er sagte, dass er kommt") is not proposed: the guidelines
  make mood the mark of a quoted fact, and an indicative report is the article's own statement;
- **framing words** the article chooses itself ("faktisch", "demonstrativ", "angeblich"),
  outside quotations, as ``editorial_framing`` with a low score.

The speaker is resolved to the fullest name used earlier ("Merz" -> "Friedrich Merz", titles
stripped); a pronoun or an unattributed continuation goes to the last speaker.

Reasons are "<cue>: <matched words>" parts joined by "; ", the cue taken from ``REASON_CUES``
(English, stable), so the Django side can translate the cue and show the words as they are.
"""

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotations.graphemes import boundaries, is_blank
from annotations.suggesters.base import ArticleText, Suggestion
from annotations.suggesters.quotes import Quotation, find_quotations
from annotations.suggesters.reported_speech import (
    Cue,
    Mood,
    Verb,
    attribution_cues,
    backward_attribution,
    konjunktiv,
    speech_verbs,
)
from annotations.suggesters.speakers import NameIndex, colon_speaker, speaker_near
from annotations.suggesters.tokens import Token, tokenize
from annotations.suggesters.words import ENGLISH, GERMAN, Lexicon
from annotations.translatable import gettext_noop

NAME = "rules"
VERSION = "1.0"

# The cue of each reason part; the words after ": " are quoted from the sentence. Marked for
# translation (makemessages collects them): the workspace shows each cue in the reader's language.
QUOTATION = gettext_noop("quotation")
CONTINUED_QUOTATION = gettext_noop("continued quotation")
QUOTED_WORDS = gettext_noop("quoted words")
KONJUNKTIV_I = gettext_noop("Konjunktiv I")
KONJUNKTIV_II = gettext_noop("Konjunktiv II with speech verb")
GUESSED_KONJUNKTIV_I = gettext_noop("Konjunktiv I (guessed) with speech verb")
CHARACTERISING = gettext_noop("characterising verb")
NORMATIVE = gettext_noop("demand")
PREDICTION = gettext_noop("prediction")
SPEECH_VERB = gettext_noop("speech verb")
ATTRIBUTION = gettext_noop("attribution")
EVALUATIVE = gettext_noop("evaluative word")
FRAMING = gettext_noop("framing word")
REASON_CUES = (
    QUOTATION,
    CONTINUED_QUOTATION,
    QUOTED_WORDS,
    KONJUNKTIV_I,
    KONJUNKTIV_II,
    GUESSED_KONJUNKTIV_I,
    CHARACTERISING,
    NORMATIVE,
    PREDICTION,
    SPEECH_VERB,
    ATTRIBUTION,
    EVALUATIVE,
    FRAMING,
)

LANGUAGES: dict[str, Lexicon] = {"de": GERMAN, "en": ENGLISH}

# A quotation of fewer words than this, with no sentence end inside, is a fragment.
FRAGMENT_WORDS = 4
# Scores: how often a suggestion of that kind was accepted as is on the evaluation set, rounded
# (docs/suggestions.md); a missing speaker or a guessed label lowers them.
SCORE_QUOTATION = 0.9
SCORE_FRAGMENT = 0.7
SCORE_KONJUNKTIV_I = 0.8
SCORE_KONJUNKTIV_II = 0.6
SCORE_CUE = 0.7
SCORE_SPEECH_VERB_EN = 0.6
SCORE_ANNOUNCEMENT = 0.5
SCORE_FRAMING = 0.3
NO_SPEAKER_PENALTY = 0.15
OPINION_PENALTY = 0.1
_CLAUSE_ENDS = frozenset(
    ("und", "aber", "sondern", "doch", "während", "wobei", "but", "and", "while")
)
_TERMINAL = ".!?…"
# A few quoted words right after these are the name of a medium or a place, not speech.
_MEDIUM_PREPOSITIONS = frozenset(("gegenüber", "laut", "bei", "im", "auf", "via"))


@dataclass
class _Sentence:
    """What the rules found in one sentence before anything is proposed."""

    text: str
    tokens: Sequence[Token]
    verbs: list[Verb]
    moods: list[tuple[int, Mood]]
    cues: list[Cue]
    speaker: str
    verb_speaker: str  # the speaker found next to a speech verb, if any
    pieces: list[tuple[int, int, Quotation]] = field(default_factory=list)
    backward: tuple[str, str] | None = None  # "Dies sagte X.": X said the sentence before


@dataclass
class _Proposal:
    label: str
    spans: tuple[tuple[int, int], ...]
    speaker: str
    reasons: list[str]
    score: float


class RuleSuggester:
    """Source "rules": German (and English) quotation and reported speech rules."""

    name = NAME
    version = VERSION

    def suggest(self, article: ArticleText) -> list[Suggestion]:
        lexicon = LANGUAGES.get(article.language.split("-")[0].lower())
        if lexicon is None:
            return []  # rules for another language would be noise, not suggestions
        sentences = article.sentences
        german = lexicon is GERMAN
        names = NameIndex(lexicon)
        names.add_sentence(article.title)
        analysed: list[_Sentence] = []
        for text in sentences:
            analysed.append(self._analyse(text, lexicon, names, german=german))
        for quotation in find_quotations(sentences):
            for index in quotation.sentences:
                start, end = quotation.piece(index, len(sentences[index]))
                analysed[index].pieces.append((start, end, quotation))
        proposed = [
            self._propose(index, sentence, analysed, lexicon, german=german)
            for index, sentence in enumerate(analysed)
        ]
        for index, sentence in enumerate(analysed):
            if sentence.backward and index and not proposed[index - 1]:
                speaker, words = sentence.backward
                proposed[index - 1].append(
                    _Proposal("quoted_fact", (), speaker, [f"{ATTRIBUTION}: {words}"], SCORE_CUE)
                )
        suggestions = []
        for index, sentence in enumerate(analysed):
            for proposal in proposed[index]:
                suggestion = _finish(index, sentence.text, proposal)
                if suggestion is not None:
                    suggestions.append(suggestion)
        return suggestions

    def _analyse(self, text: str, lexicon: Lexicon, names: NameIndex, *, german: bool) -> _Sentence:
        tokens = tokenize(text)
        names.add_sentence(text, tokens)
        verbs = speech_verbs(text, tokens, lexicon)
        moods = konjunktiv(tokens, german=german)
        mood_at = {i for i, m in moods if m is Mood.KONJUNKTIV_I}
        backward = backward_attribution(text, tokens, lexicon, names)
        verb_speaker = backward[0] if backward else ""
        for verb in verbs:
            if verb_speaker:
                break
            if verb.speaker_at in mood_at or verb.index in mood_at:
                # "Der Mann habe angegeben, ...": reporting reported, so the reporter speaks.
                verb_speaker = names.last_speaker
            else:
                verb_speaker = speaker_near(text, tokens, verb.speaker_at, lexicon, names)
        cues = attribution_cues(text, tokens, lexicon, names, german=german)
        speaker = verb_speaker or next((c.speaker for c in cues), "")
        if not speaker:
            colon = _colon_before_quotation(text)
            if colon is not None:
                speaker = colon_speaker(text, tokens, colon, lexicon, names)
        if not speaker and mood_at:
            speaker = names.last_speaker  # reported speech goes on: "Trump sei jedenfalls ..."
        if speaker:
            names.last_speaker = speaker
        return _Sentence(text, tokens, verbs, moods, cues, speaker, verb_speaker, backward=backward)

    def _propose(
        self,
        index: int,
        sentence: _Sentence,
        analysed: list[_Sentence],
        lexicon: Lexicon,
        *,
        german: bool,
    ) -> list[_Proposal]:
        text = sentence.text
        attributes = bool(sentence.verbs or sentence.cues or sentence.moods)
        quotes: list[_Proposal] = []
        quoted_ranges: list[tuple[int, int]] = []
        for start, end, quotation in sorted(sentence.pieces, key=lambda p: p[0]):
            quoted_ranges.append((start, end))
            proposal = self._quotation(index, start, end, quotation, sentence, analysed, lexicon)
            if proposal is not None and (attributes or _is_full(text[start:end], quotation)):
                quotes.append(proposal)
        reported = self._reported(sentence, lexicon, german=german, quoted=quoted_ranges)
        proposals: list[_Proposal] = []
        if reported is not None:
            span = reported.spans[0] if reported.spans else (0, len(text))
            if not any(_covers(q.spans, span) for q in quotes):
                # Quotations inside the reported clause are part of it: one claim, not two.
                inside = [q for q in quotes if _within(q.spans, span)]
                for q in inside:
                    reported.reasons.extend(r for r in q.reasons if r not in reported.reasons)
                    reported.score = max(reported.score, q.score - 0.1)
                    if not reported.speaker:
                        reported.speaker = q.speaker
                quotes = [q for q in quotes if q not in inside]
                if any(r.startswith(_OPINION_CUES) for r in reported.reasons):
                    reported.label = "opinion"
                proposals.append(reported)
        proposals.extend(quotes)
        proposals.extend(_framing(text, sentence.tokens, lexicon, quoted_ranges))
        return proposals

    def _quotation(
        self,
        index: int,
        start: int,
        end: int,
        quotation: Quotation,
        sentence: _Sentence,
        analysed: list[_Sentence],
        lexicon: Lexicon,
    ) -> _Proposal | None:
        text = sentence.text
        inner = text[start:end]
        if is_blank(inner):
            return None
        first = index == quotation.start_sentence
        full = _is_full(inner, quotation)
        mark_at = quotation.start if first else 0
        named = _is_title_or_term(text, mark_at, inner, sentence.tokens, lexicon)
        if named and (not full or _is_name_like(inner, quotation, lexicon)):
            return None
        speaker = _quotation_speaker(quotation, analysed)
        mark = quotation.mark
        closer = {"»": "«", "«": "»", "„": "“", "“": "”", "‚": "‘", "‘": "’", "›": "‹", "‹": "›"}
        shown = f"{mark}{_abbreviate(inner.strip())}{closer.get(mark, mark)}"
        cue = CONTINUED_QUOTATION if not first else QUOTATION if full else QUOTED_WORDS
        reasons = [f"{cue}: {shown}"]
        verb = next((v for v in sentence.verbs), None)
        if verb is not None and first:
            reasons.append(f"{SPEECH_VERB}: {verb.words}")
        score = SCORE_QUOTATION if full else SCORE_FRAGMENT
        label = "quoted_fact"
        judgement = _judgement(inner, lexicon) or _prediction(inner, lexicon)
        characterised = next(
            (v for v in sentence.verbs if sentence.tokens[v.index].lower in lexicon.characterising),
            None,
        )
        short = _is_name_like(inner, quotation, lexicon)
        if not judgement and short and characterised is not None:
            judgement = f"{CHARACTERISING}: {characterised.words}"
        if judgement:
            label = "opinion"
            reasons.append(judgement)
            score -= OPINION_PENALTY
        if not speaker:
            score -= NO_SPEAKER_PENALTY
        return _Proposal(label, ((start, end),), speaker, reasons, score)

    def _reported(
        self,
        sentence: _Sentence,
        lexicon: Lexicon,
        *,
        german: bool,
        quoted: list[tuple[int, int]],
    ) -> _Proposal | None:
        text, tokens = sentence.text, sentence.tokens
        outside = [(i, m) for i, m in sentence.moods if not _in_ranges(tokens[i].start, quoted)]
        # A Konjunktiv that is the speech verb's own auxiliary ("Er habe gesagt, ...") marks
        # the frame as reported; the content is the clause after it.
        first = sentence.verbs[:1]
        frame = {v.speaker_at for v in first} | {v.index for v in first}
        strong = [i for i, m in outside if m is Mood.KONJUNKTIV_I and i not in frame]
        framed = any(m is Mood.KONJUNKTIV_I and i in frame for i, m in outside)
        attributed = bool(sentence.verbs or sentence.cues)
        weak = [i for i, m in outside if m is not Mood.KONJUNKTIV_I and attributed]
        reasons: list[str] = []
        mood_at = tokens[(strong or weak)[0]].start if strong or weak else len(text)
        before = [v for v in sentence.verbs if tokens[v.index].start < mood_at]
        verb = before[-1] if before else sentence.verbs[0] if sentence.verbs else None
        if strong:
            moods, score = strong, SCORE_KONJUNKTIV_I
            reasons.append(f"{KONJUNKTIV_I}: {_mood_words(text, tokens, strong)}")
        elif weak:
            moods, score = weak, SCORE_KONJUNKTIV_II
            guessed = all(m is Mood.GUESSED for i, m in outside if i in weak)
            what = GUESSED_KONJUNKTIV_I if guessed else KONJUNKTIV_II
            reasons.append(f"{what}: {_mood_words(text, tokens, weak)}")
        elif framed and verb is not None:
            moods, score = [], SCORE_KONJUNKTIV_I
            reasons.append(f"{KONJUNKTIV_I}: {tokens[verb.speaker_at].text}")
        elif sentence.cues:
            moods, score = [], SCORE_CUE
        elif verb is not None and _announces(text, tokens, verb):
            moods, score = [], SCORE_ANNOUNCEMENT  # "hat angekündigt, ... zu nominieren"
        elif not german and verb is not None and not quoted:
            moods, score = [], SCORE_SPEECH_VERB_EN
        else:
            return None
        if verb is not None:
            reasons.append(f"{SPEECH_VERB}: {verb.words}")
        for cue in sentence.cues:
            reasons.append(f"{ATTRIBUTION}: {cue.words}")
        span = _reported_span(text, tokens, verb, moods, sentence.cues, german=german)
        if span is None:
            return None
        start, end = span if span else (0, len(text))
        if not german and not moods and not sentence.cues and len(text[start:end].split()) < 5:
            return None  # "told the council": an object, not a reported clause
        judgement = _judgement(text[start:end], lexicon)
        label = "quoted_fact"
        if judgement:
            label = "opinion"
            reasons.append(judgement)
            score -= OPINION_PENALTY
        if not sentence.speaker:
            score -= NO_SPEAKER_PENALTY
        spans = (span,) if span else ()
        return _Proposal(label, spans, sentence.speaker, reasons, score)


# Helpers ---------------------------------------------------------------------------------------


def _is_full(inner: str, quotation: Quotation) -> bool:
    """A whole utterance rather than a few quoted words."""
    if quotation.start_sentence != quotation.end_sentence:
        return True
    stripped = inner.strip()
    return len(stripped.split()) >= FRAGMENT_WORDS or stripped[-1:] in _TERMINAL


def _is_title_or_term(
    text: str, mark_at: int, inner: str, tokens: Sequence[Token], lexicon: Lexicon
) -> bool:
    """Scare quotes, titles and names: »sogenannte«, the platform »Truth Social«."""
    before = [t for t in tokens if t.end <= mark_at][-2:]
    if any(t.lower in lexicon.scare_cues or t.lower in lexicon.title_nouns for t in before):
        return True
    if (
        before
        and before[-1].lower in _MEDIUM_PREPOSITIONS
        and not text[before[-1].end : mark_at].strip()
    ):
        return True  # "sagte er gegenüber „heise online“", "auf »Truth Social«"
    words = inner.split()
    if any(w.strip(".,;:!?").lower() in lexicon.scare_cues for w in words):
        return True
    content = [w for w in words if w.lower() not in lexicon.function_words]
    return bool(content) and all(w[:1].isupper() for w in content) and words[0][:1].isupper()


def _quotation_speaker(quotation: Quotation, analysed: list[_Sentence]) -> str:
    """The opening sentence's speaker, else the closing one's (»…«, sagte X), else the one
    before the quotation when the quotation opens its sentence (a quotation set on its own)."""
    opening = analysed[quotation.start_sentence]
    if opening.speaker:
        return opening.speaker
    for index in quotation.sentences:
        if analysed[index].speaker:
            return analysed[index].speaker
    unattributed = not (opening.verbs or opening.cues)
    if quotation.start_sentence and unattributed:
        # A quotation in a sentence that names nobody continues the attributed one before.
        return analysed[quotation.start_sentence - 1].speaker
    return ""


def _reported_span(
    text: str,
    tokens: Sequence[Token],
    verb: Verb | None,
    moods: list[int],
    cues: list[Cue],
    *,
    german: bool,
) -> tuple[int, int] | tuple[()] | None:
    """The reported clause: after the speech verb's comma (or before it when the verb follows),
    up to the end of the clause; () for the whole sentence (no introducing clause)."""
    end = len(text.rstrip())
    while end and text[end - 1] in _TERMINAL:
        end -= 1
    if len(cues) == 1 and cues[0].kind == "wie … mitteilte" and not moods:
        cut = _comma_after(text, cues[0].end, end)
        return _trimmed(text, cut, end) if cut is not None else ()
    if verb is None:
        if len(cues) == 1 and cues[0].kind == "so":
            return _trimmed(text, 0, _comma_before(text, cues[0].start))
        return ()
    verb_at = tokens[verb.index]
    later = [i for i in moods if tokens[i].start > verb_at.end]
    earlier = [i for i in moods if tokens[i].end < verb_at.start]
    if later or (not moods and not german):
        first = tokens[later[0]].start if later else end
        cut = _comma_after(text, verb_at.end, first)
        if cut is None:
            if not german:
                cut = _after_complementiser(text, tokens, verb.index)
            if cut is None:
                return ()
        last = tokens[later[-1]].end if later else cut
        return _trimmed(text, cut, _clause_end(text, tokens, last, end))
    if earlier:
        return _trimmed(text, 0, _comma_before(text, verb_at.start))
    return ()


def _announces(text: str, tokens: Sequence[Token], verb: Verb) -> bool:
    """A speech verb, a comma and an infinitive clause: "hat angekündigt, ... zu nominieren"."""
    at = tokens[verb.index].end
    comma = text.find(",", at)
    if comma < 0 or (text[at:comma].strip(" »«„“”") and "," in text[at:comma]):
        return False
    rest = [t for t in tokens if t.start > comma]
    return len(rest) >= 3 and any(t.lower == "zu" for t in rest[-3:-1])


def _colon_before_quotation(text: str) -> int | None:
    """Offset of a colon directly before an opening quotation mark ("Kessler: „…“")."""
    for mark in '»„“«"':
        at = text.find(f": {mark}")
        if at < 0:
            at = text.find(f":{mark}")
        if at >= 0:
            return at
    return None


def _comma_after(text: str, start: int, limit: int) -> int | None:
    for i in range(start, min(limit, len(text))):
        if text[i] in ",:":
            return i + 1
    return None


def _comma_before(text: str, position: int) -> int:
    for i in range(position - 1, -1, -1):
        if text[i] == ",":
            return i
    return position


def _after_complementiser(text: str, tokens: Sequence[Token], verb: int) -> int | None:
    """English: "X said (that) ..." without a comma; the clause starts after said/that."""
    if verb + 1 >= len(tokens):
        return None
    following = tokens[verb + 1]
    return following.end if following.lower == "that" else tokens[verb].end


def _clause_end(text: str, tokens: Sequence[Token], after: int, end: int) -> int:
    """Where the reported clause ends: a comma before "und", "aber", ... or a semicolon."""
    for token in tokens:
        if token.start <= after:
            continue
        if token.lower in _CLAUSE_ENDS and text[: token.start].rstrip().endswith(","):
            return text.rindex(",", 0, token.start)
        if ";" in text[after : token.start]:
            return text.index(";", after)
    return end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:" + _TERMINAL):
        end -= 1
    return (start, end) if start < end else None


def _within(spans: tuple[tuple[int, int], ...], outer: tuple[int, int]) -> bool:
    return all(outer[0] <= s and e <= outer[1] for s, e in spans)


def _covers(spans: tuple[tuple[int, int], ...], inner: tuple[int, int]) -> bool:
    return any(s <= inner[0] and inner[1] <= e for s, e in spans)


def _in_ranges(offset: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in ranges)


def _mood_words(text: str, tokens: Sequence[Token], indices: list[int]) -> str:
    """The Konjunktiv form and, for an auxiliary, its participle: "habe … zugesagt"."""
    first = tokens[indices[0]]
    words = first.text
    if first.lower in ("habe", "sei", "seien", "hätte", "hätten", "werde", "wäre", "wären"):
        for token in tokens[indices[0] + 1 : indices[0] + 12]:
            participle = token.lower.startswith("ge") or token.lower.endswith(("iert", "sagt"))
            if participle and token.lower.endswith(("t", "en")) and not token.capitalised:
                words = f"{first.text} … {token.text}"
                break
    return words


_OPINION_CUES = (EVALUATIVE, CHARACTERISING, NORMATIVE, PREDICTION)


def _judgement(text: str, lexicon: Lexicon) -> str:
    """Why ``text`` reads as an opinion ("evaluative word: gewaltiger", "demand: müsse"), or ""."""
    lowered = text.lower()
    for phrase in lexicon.opinion_phrases:
        if phrase in lowered:
            return f"{EVALUATIVE}: {text[lowered.index(phrase) :][: len(phrase)]}"
    evaluative = ""
    for token in tokenize(text):
        if token.lower in lexicon.normative:
            return f"{NORMATIVE}: {token.text}"
        if not evaluative and token.lower.startswith(lexicon.evaluative_prefixes):
            evaluative = token.text
    return f"{EVALUATIVE}: {evaluative}" if evaluative else ""


def _prediction(text: str, lexicon: Lexicon) -> str:
    for token in tokenize(text):
        if token.lower in lexicon.predictions:
            return f"{PREDICTION}: {token.text}"
    return ""


def _is_name_like(inner: str, quotation: Quotation, lexicon: Lexicon) -> bool:
    """A short quotation without a sentence end, every content word capitalised: a title."""
    words = inner.split()
    return (
        quotation.start_sentence == quotation.end_sentence
        and len(words) <= 6
        and (inner.strip()[-1:] not in _TERMINAL)
    )


def _framing(
    text: str, tokens: Sequence[Token], lexicon: Lexicon, quoted: list[tuple[int, int]]
) -> list[_Proposal]:
    return [
        _Proposal(
            "editorial_framing",
            ((t.start, t.end),),
            "",
            [f"{FRAMING}: {t.text}"],
            SCORE_FRAMING,
        )
        for t in tokens
        if t.lower in lexicon.framing_words and not _in_ranges(t.start, quoted)
    ]


def _abbreviate(text: str, width: int = 40) -> str:
    if len(text) <= width:
        return text
    return f"{text[: width // 2].rstrip()} … {text[-width // 2 :].lstrip()}"


def _finish(index: int, text: str, proposal: _Proposal) -> Suggestion | None:
    """Spans snapped outwards to grapheme boundaries and trimmed of space; None when blank."""
    spans = []
    if proposal.spans:
        bounds = sorted(boundaries(text))
        for start, end in proposal.spans:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            start = _snap_down(bounds, start)
            end = _snap_up(bounds, end)
            if start < end and not is_blank(text[start:end]):
                spans.append((start, end))
        if not spans:
            return None
    elif is_blank(text):
        return None
    score = min(1.0, max(0.0, round(proposal.score, 2)))
    return Suggestion(
        sentence=index,
        label=proposal.label,
        spans=tuple(spans),
        speaker=proposal.speaker,
        reason="; ".join(proposal.reasons),
        score=score,
        source=NAME,
        version=VERSION,
    )


def _snap_down(bounds: list[int], offset: int) -> int:
    return bounds[bisect.bisect_right(bounds, offset) - 1]


def _snap_up(bounds: list[int], offset: int) -> int:
    return bounds[bisect.bisect_left(bounds, offset)]


def translated_reason(reason: str, translate) -> str:
    """``reason`` with each known cue put through ``translate``; other text stays as it is
    (a newsroom model's own reasons, the words quoted from the sentence)."""
    parts = []
    for part in reason.split("; "):
        cue, colon, words = part.partition(": ")
        parts.append(f"{translate(cue)}{colon}{words}" if cue in REASON_CUES else part)
    return "; ".join(parts)
