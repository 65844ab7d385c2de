"""Who said it: names around speech cues, resolved to the fullest form the article used before.

A report names a person in full once ("Bundeskanzler Friedrich Merz (CDU)") and by surname
afterwards ("erklärte Merz"), or by pronoun ("Er bezeichnete dies ..."). The article's name
index keeps every run of capitalised words, titles stripped, so a surname resolves to the
longest earlier run ending in it; a bare title ("sagte der General") resolves to the last person
introduced with that title; a pronoun to the last speaker. German capitalises every noun, so a
run is only taken for a name where the syntax expects a speaker (next to a speech verb, after
"laut", before "zufolge"); the index itself may hold nouns, which does no harm: it is only ever
searched by a speaker's last word.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotations.suggesters.tokens import Token, tokenize
from annotations.suggesters.words import Lexicon

MAX_NAME_WORDS = 4


def is_title(token: Token, lexicon: Lexicon) -> bool:
    lower = token.lower.rstrip(".")
    return lower.endswith(lexicon.title_endings)


def name_run(
    text: str, tokens: Sequence[Token], i: int, lexicon: Lexicon, *, backwards: bool = False
) -> tuple[str, str]:
    """The name starting (or, backwards, ending) at token ``i``: (name, title), or ("", "").

    A name is a run of capitalised words separated only by spaces (particles such as "von" may
    stand inside); leading titles are stripped and returned as the title.
    """
    if not 0 <= i < len(tokens) or not _name_word(tokens[i], lexicon):
        return "", ""
    first = last = i
    step = -1 if backwards else 1
    j = i + step
    while 0 <= j < len(tokens) and abs(j - i) < MAX_NAME_WORDS + 2:
        a, b = (j, j + 1) if backwards else (j - 1, j)
        if text[tokens[a].end : tokens[b].start].strip():
            break
        token = tokens[j]
        if _name_word(token, lexicon):
            first, last = (j, last) if backwards else (first, j)
        elif token.lower in lexicon.name_particles and 0 <= j + step < len(tokens):
            pass  # kept only if a capitalised word follows it
        else:
            break
        j += step
    words = tokens[first : last + 1]
    title = ""
    while words and (is_title(words[0], lexicon) or words[0].lower in lexicon.not_names):
        if is_title(words[0], lexicon):
            title = words[0].lower
        words = words[1:]
    while words and words[-1].lower in lexicon.name_particles:
        words = words[:-1]
    if not words or len(words) > MAX_NAME_WORDS:
        return "", title
    return " ".join(w.text for w in words), title


def _name_word(token: Token, lexicon: Lexicon) -> bool:
    return token.capitalised and token.lower not in lexicon.not_names and not token.text.isdigit()


@dataclass
class NameIndex:
    """Names seen so far in the article, fed sentence by sentence in reading order."""

    lexicon: Lexicon
    # last word -> the fullest name ending in it seen so far
    by_last_word: dict[str, str] = field(default_factory=dict)
    # title word -> the last name introduced with it
    by_title: dict[str, str] = field(default_factory=dict)
    last_speaker: str = ""
    # the first person named in full or with a title in the previous sentence, and this one's
    previous_person: str = ""
    current_person: str = ""

    def add_sentence(self, text: str, tokens: Sequence[Token] | None = None) -> None:
        tokens = tokenize(text) if tokens is None else tokens
        self.previous_person, self.current_person = self.current_person, ""
        i = 0
        while i < len(tokens):
            if not tokens[i].capitalised:
                i += 1
                continue
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].capitalised:
                if text[tokens[j].end : tokens[j + 1].start].strip():
                    break
                j += 1
            name, title = name_run(text, tokens[: j + 1], i, self.lexicon)
            if name:
                self._add(name, title)
                if not self.current_person and (title or len(name.split()) > 1):
                    self.current_person = self.resolve(name)
            i = j + 1

    def _add(self, name: str, title: str) -> None:
        words = name.split()
        known = self.by_last_word.get(words[-1].lower(), "")
        if len(words) > len(known.split()):
            self.by_last_word[words[-1].lower()] = name
        if title:
            # "Vier-Sterne-General Robert Brieger" is later "der General".
            for key in {title, title.rsplit("-", 1)[-1]}:
                self.by_title[key] = self.resolve(name)

    def resolve(self, name: str) -> str:
        """The fullest earlier form of ``name`` ("Merz" -> "Friedrich Merz"), else itself."""
        words = name.split()
        if not words:
            return ""
        fuller = self.by_last_word.get(words[-1].lower(), "")
        if len(fuller.split()) > len(words) and fuller.split()[-len(words) :] == words:
            return fuller
        return name

    def pronoun(self) -> str:
        """Who "er"/"sie" is: a person just introduced in full, else the last speaker."""
        return self.previous_person or self.last_speaker

    def resolve_title(self, title: str) -> str:
        return self.by_title.get(title, "") or self.by_title.get(title.rsplit("-", 1)[-1], "")


_DETERMINER_WORDS = "der die das den dem des ein eine einen einem einer eines the a an this"
_DETERMINERS = frozenset(_DETERMINER_WORDS.split())
_GENITIVE = frozenset(("der", "des", "von", "of"))


def speaker_near(
    text: str, tokens: Sequence[Token], i: int, lexicon: Lexicon, names: NameIndex
) -> str:
    """The speaker of a speech verb at token ``i``: after it (inverted), else before it.

    Adverbs may stand between ("sagte zudem Merz", "wo Albers erneut versprach").
    """
    j = i + 1
    while j < len(tokens) and tokens[j].lower in lexicon.adverbs and j - i <= 2:
        j += 1
    after = _speaker_after(text, tokens, j, lexicon, names)
    if after:
        return after
    j = i - 1
    while j >= 0 and tokens[j].lower in lexicon.adverbs and i - j <= 2:
        j -= 1
    return _speaker_before(text, tokens, j, lexicon, names)


def _speaker_after(
    text: str, tokens: Sequence[Token], i: int, lexicon: Lexicon, names: NameIndex
) -> str:
    if i >= len(tokens) or (i and text[tokens[i - 1].end : tokens[i].start].strip()):
        return ""  # the speaker stands right after the verb, not across a comma
    token = tokens[i]
    if token.lower in lexicon.pronouns and not token.capitalised:
        return names.pronoun()
    if token.capitalised and token.lower not in lexicon.not_names:
        name, title = name_run(text, tokens, i, lexicon)
        return names.resolve(name) if name else names.resolve_title(title)
    if token.lower in _DETERMINERS:
        return _noun_phrase_speaker(text, tokens, i, lexicon, names)
    return ""


def _noun_phrase_speaker(
    text: str, tokens: Sequence[Token], i: int, lexicon: Lexicon, names: NameIndex
) -> str:
    """ "der Vorsitzende des Ausschusses, General Robert Brieger", "ein Sprecher der Stadt",
    "der General": a titled name in the phrase, else a role ("Sprecher der Stadt"), else the
    person last introduced with the title."""
    first_title = ""
    for j in range(i + 1, min(len(tokens), i + 12)):
        if any(c in '»«„“”:"' for c in text[tokens[j - 1].end : tokens[j].start]):
            break
        if tokens[j].capitalised:
            name, title = name_run(text, tokens, j, lexicon)
            if name and title:
                return names.resolve(name)
            if is_title(tokens[j], lexicon) and not first_title:
                first_title = tokens[j].lower
                role = _role(text, tokens, j, lexicon)
                if role and not names.resolve_title(first_title):
                    return role
    return names.resolve_title(first_title) if first_title else ""


def _role(text: str, tokens: Sequence[Token], j: int, lexicon: Lexicon) -> str:
    """ "Sprecher der Feuerwehr": a title, a genitive article and a capitalised noun."""
    if j + 2 < len(tokens) and tokens[j + 1].lower in _GENITIVE and tokens[j + 2].capitalised:
        gap = text[tokens[j].end : tokens[j + 2].start]
        if not gap.replace(" ", "").isalpha():
            return ""
        return f"{tokens[j].text} {tokens[j + 1].text} {tokens[j + 2].text}"
    return ""


def _speaker_before(
    text: str, tokens: Sequence[Token], i: int, lexicon: Lexicon, names: NameIndex
) -> str:
    if i < 0 or (i + 1 < len(tokens) and text[tokens[i].end : tokens[i + 1].start].strip()):
        return ""  # the subject stands right before the verb, not across a comma
    token = tokens[i]
    if token.lower in lexicon.pronouns:
        return names.pronoun()
    if not token.capitalised:
        return ""
    name, title = name_run(text, tokens, i, lexicon, backwards=True)
    first = i - len(name.split()) if name else i - 1
    before = tokens[first].lower if first >= 0 else ""
    if name and before in _GENITIVE and first >= 1 and is_title(tokens[first - 1], lexicon):
        return f"{tokens[first - 1].text} {tokens[first].text} {name}"  # "Sprecher der Stadt"
    if name and before in _DETERMINERS:
        return ""  # "Der Mann habe angegeben": a noun phrase, not a name
    return names.resolve(name) if name else names.resolve_title(title)


def colon_speaker(
    text: str, tokens: Sequence[Token], colon: int, lexicon: Lexicon, names: NameIndex
) -> str:
    """The speaker of a quotation introduced by a colon: "Kessler: „…“", "Ein Interpol-Sprecher
    zu der Aktion: „…“"."""
    before = [t for t in tokens if t.end <= colon]
    if not before:
        return ""
    last = len(before) - 1
    if not text[before[-1].end : colon].strip() and before[-1].capitalised:
        # Only a name that is all there is before the colon: "Kessler:", "Minister Brandt:".
        name, _ = name_run(text, tokens, last, lexicon, backwards=True)
        if name and all(_name_word(t, lexicon) or is_title(t, lexicon) for t in before):
            return names.resolve(name)
    if len(before) >= 2 and before[0].lower in _DETERMINERS and is_title(before[1], lexicon):
        return names.resolve_title(before[1].lower) or before[1].text
    return ""


def name_after(
    text: str, tokens: Sequence[Token], i: int, lexicon: Lexicon, names: NameIndex
) -> str:
    """The source after "laut" or "nach Angaben (von|der|des)": skips articles and adjectives."""
    j = i
    while j < len(tokens) and j - i < 4 and not tokens[j].capitalised:
        j += 1
    if j >= len(tokens):
        return ""
    name, title = name_run(text, tokens, j, lexicon)
    return names.resolve(name) if name else names.resolve_title(title) or tokens[j].text


def name_before(
    text: str, tokens: Sequence[Token], i: int, lexicon: Lexicon, names: NameIndex
) -> str:
    """The source before "zufolge" ("Brieger zufolge", "dem Ministerium zufolge")."""
    if i < 0:
        return ""
    name, title = name_run(text, tokens, i, lexicon, backwards=True)
    if name:
        return names.resolve(name)
    return names.resolve_title(title) or (tokens[i].text if tokens[i].capitalised else "")
