"""The sentence invariant of 0002, checked in one linear pass per article and once per batch.

0002's check cut every sentence out of the article with ``substr``, which on UTF-8 text walks (and
copies) the text from its beginning: quadratic in article length (2,000 sentences took seconds).
This pass walks the article's UTF-8 bytes once, sentence by sentence, so every cut is at a known
byte offset: a gap's byte length comes from decoding just that gap, a sentence is compared byte
for byte at its offset. The rules are unchanged (see 0002).

The trigger remembered checked articles under one setting name per article, which PostgreSQL
keeps for the whole connection, so long imports slowed down as they went. It now remembers the
last article checked in one fixed setting: a batch's events for one article arrive together, so
each article is checked once per batch. An article's own insert event leaves the check to its
sentences' events when it has sentences (an import inserts them in the same transaction).
"""

from django.db import migrations

# Python's str.isspace() characters (as in 0002), and the same characters as UTF-8 byte sequences
# read through LATIN1 (one character per byte), to find where a gap of blanks ends in bytes.
WHITESPACE_CLASS = (
    r"[\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
WHITESPACE_BYTES = (
    r"(?:[\x09-\x0d\x1c-\x20]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]"
    r"|\xe2\x81\x9f|\xe3\x80\x80)"
)

CREATE = rf"""
CREATE OR REPLACE FUNCTION annotations_check_article_sentences(p_article_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    article_bytes bytea;
    expected_position integer := 0;
    previous_end integer := 0;
    previous_paragraph integer := 0;
    -- Byte offset in article_bytes of the character offset previous_end.
    byte_end integer := 0;
    gap_chars integer;
    gap_text text;
    gap_bytes integer;
    sentence_bytes bytea;
    s record;
BEGIN
    SELECT convert_to(text, 'UTF8') INTO article_bytes FROM annotations_article
    WHERE id = p_article_id;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    FOR s IN
        SELECT position, start, "end", text, paragraph FROM annotations_sentence
        WHERE article_id = p_article_id ORDER BY position
    LOOP
        IF s.position <> expected_position THEN
            RAISE EXCEPTION 'article %: sentence positions must be 0..n-1, found % where % was expected',
                p_article_id, s.position, expected_position USING ERRCODE = 'check_violation';
        END IF;
        IF s.start < previous_end THEN
            RAISE EXCEPTION 'article %: sentence % starts at % before the previous one ends at %',
                p_article_id, s.position, s.start, previous_end USING ERRCODE = 'check_violation';
        END IF;
        IF s.paragraph < previous_paragraph THEN
            RAISE EXCEPTION 'article %: sentence % goes back to paragraph %',
                p_article_id, s.position, s.paragraph USING ERRCODE = 'check_violation';
        END IF;
        gap_chars := s.start - previous_end;
        gap_bytes := 0;
        IF gap_chars > 0 THEN
            -- Blanks take at most three bytes each: the leading blanks of that window, decoded.
            gap_text := convert_from(convert_to(substring(
                convert_from(substring(article_bytes FROM byte_end + 1 FOR 3 * gap_chars), 'LATIN1')
                FROM '^{WHITESPACE_BYTES}*'), 'LATIN1'), 'UTF8');
            IF length(gap_text) < gap_chars THEN
                RAISE EXCEPTION 'article %: non-blank text before sentence % is in no sentence',
                    p_article_id, s.position USING ERRCODE = 'check_violation';
            END IF;
            gap_bytes := octet_length(left(gap_text, gap_chars));
        END IF;
        sentence_bytes := convert_to(s.text, 'UTF8');
        IF substring(article_bytes FROM byte_end + gap_bytes + 1 FOR octet_length(sentence_bytes))
                IS DISTINCT FROM sentence_bytes THEN
            RAISE EXCEPTION 'article %: sentence % differs from the article text at [%, %)',
                p_article_id, s.position, s.start, s."end" USING ERRCODE = 'check_violation';
        END IF;
        expected_position := expected_position + 1;
        previous_end := s."end";
        previous_paragraph := s.paragraph;
        byte_end := byte_end + gap_bytes + octet_length(sentence_bytes);
    END LOOP;
    IF convert_from(substring(article_bytes FROM byte_end + 1), 'UTF8') !~ '^{WHITESPACE_CLASS}*$' THEN
        RAISE EXCEPTION 'article %: non-blank text after the last sentence is in no sentence',
            p_article_id USING ERRCODE = 'check_violation';
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION annotations_sentence_invariant_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    article_id bigint;
    marker text;
BEGIN
    IF TG_TABLE_NAME = 'annotations_article' THEN
        article_id := NEW.id;
        -- A new article's sentences were inserted with it; their own events check it.
        IF TG_OP = 'INSERT' AND EXISTS (
            SELECT 1 FROM annotations_sentence WHERE annotations_sentence.article_id = NEW.id
        ) THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        article_id := OLD.article_id;
    ELSE
        article_id := NEW.article_id;
    END IF;
    -- Deferred triggers all fire in the statement that commits (or sets the constraint
    -- immediate), after every change, one article's events together: one check per article
    -- and batch sees them all.
    marker := pg_current_xact_id()::text || '@' || statement_timestamp()::text || '#' || article_id;
    IF current_setting('annotations.sentences_checked', true) IS DISTINCT FROM marker THEN
        PERFORM annotations_check_article_sentences(article_id);
        PERFORM set_config('annotations.sentences_checked', marker, true);
    END IF;
    -- PL/pgSQL does not short-circuit AND, so OLD.article_id is only read for sentences.
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'annotations_sentence' THEN
        IF OLD.article_id <> NEW.article_id THEN
            PERFORM annotations_check_article_sentences(OLD.article_id);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
"""


def _previous_functions() -> str:
    import importlib

    previous = importlib.import_module("annotations.migrations.0002_sentence_invariant_trigger")
    functions = previous.CREATE.split("CREATE CONSTRAINT TRIGGER")[0]
    return functions.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_drop_redundant_claim_indexes")]

    operations = [migrations.RunSQL(CREATE, _previous_functions())]
