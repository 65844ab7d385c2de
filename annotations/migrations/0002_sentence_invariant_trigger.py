"""The sentence invariant that CHECK constraints cannot express, enforced by PostgreSQL itself.

For every article, at commit: its sentences, read in position order, have positions 0..n-1,
ascending non-overlapping offsets and non-decreasing paragraph numbers; each sentence's text is
exactly ``article.text[start:end]``; and everything outside the sentences is white space (the same
characters Python's ``str.isspace`` accepts), so every non-blank character is in a sentence.

The triggers are deferred to commit because an import inserts the article before its sentences,
and a segmentation fix rewrites several sentences in one transaction.
"""

from django.db import migrations

# Python's str.isspace() characters, so the database and the segmenter agree on "blank".
WHITESPACE_CLASS = (
    r"[\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)

CREATE = rf"""
CREATE FUNCTION annotations_check_article_sentences(p_article_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    article_text text;
    expected_position integer := 0;
    previous_end integer := 0;
    previous_paragraph integer := 0;
    s record;
BEGIN
    SELECT text INTO article_text FROM annotations_article WHERE id = p_article_id;
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
        IF substr(article_text, s.start + 1, s."end" - s.start) IS DISTINCT FROM s.text THEN
            RAISE EXCEPTION 'article %: sentence % differs from the article text at [%, %)',
                p_article_id, s.position, s.start, s."end" USING ERRCODE = 'check_violation';
        END IF;
        IF substr(article_text, previous_end + 1, s.start - previous_end) !~ '^{WHITESPACE_CLASS}*$' THEN
            RAISE EXCEPTION 'article %: non-blank text before sentence % is in no sentence',
                p_article_id, s.position USING ERRCODE = 'check_violation';
        END IF;
        expected_position := expected_position + 1;
        previous_end := s."end";
        previous_paragraph := s.paragraph;
    END LOOP;
    IF substr(article_text, previous_end + 1) !~ '^{WHITESPACE_CLASS}*$' THEN
        RAISE EXCEPTION 'article %: non-blank text after the last sentence is in no sentence',
            p_article_id USING ERRCODE = 'check_violation';
    END IF;
END;
$$;

CREATE FUNCTION annotations_sentence_invariant_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    article_id bigint;
    flag text;
    batch text := txid_current()::text || '@' || statement_timestamp()::text;
BEGIN
    IF TG_TABLE_NAME = 'annotations_article' THEN
        article_id := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        article_id := OLD.article_id;
    ELSE
        article_id := NEW.article_id;
    END IF;
    -- Deferred triggers all fire in the statement that commits (or sets the constraint
    -- immediate), after every change; one check per article and batch sees them all.
    flag := 'annotations.checked_article_' || article_id;
    IF current_setting(flag, true) IS DISTINCT FROM batch THEN
        PERFORM annotations_check_article_sentences(article_id);
        PERFORM set_config(flag, batch, true);
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

CREATE CONSTRAINT TRIGGER annotations_sentence_invariant
    AFTER INSERT OR UPDATE OR DELETE ON annotations_sentence
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION annotations_sentence_invariant_trigger();

CREATE CONSTRAINT TRIGGER annotations_article_sentence_invariant
    AFTER INSERT OR UPDATE OF text ON annotations_article
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION annotations_sentence_invariant_trigger();
"""

DROP = """
DROP TRIGGER IF EXISTS annotations_article_sentence_invariant ON annotations_article;
DROP TRIGGER IF EXISTS annotations_sentence_invariant ON annotations_sentence;
DROP FUNCTION IF EXISTS annotations_sentence_invariant_trigger();
DROP FUNCTION IF EXISTS annotations_check_article_sentences(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
