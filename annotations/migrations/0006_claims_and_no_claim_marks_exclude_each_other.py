"""A sentence is either claimed or "reviewed – no claim" for a reviewer, never both.

A new claim clears the reviewer's "no claim" mark on its sentence inside the same statement (the
workspace saves a label in one INSERT), and a mark cannot be added where the reviewer has claims.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION annotations_claim_clears_no_claim_mark() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM annotations_noclaimmark
    WHERE sentence_id = NEW.sentence_id AND reviewer_id = NEW.reviewer_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER annotations_claim_clears_no_claim_mark
    AFTER INSERT OR UPDATE OF sentence_id, reviewer_id ON annotations_annotation
    FOR EACH ROW EXECUTE FUNCTION annotations_claim_clears_no_claim_mark();

CREATE FUNCTION annotations_no_claim_mark_needs_no_claims() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM annotations_annotation
        WHERE sentence_id = NEW.sentence_id AND reviewer_id = NEW.reviewer_id
    ) THEN
        RAISE EXCEPTION 'sentence %: reviewer % has claims on it, so it cannot be "no claim"',
            NEW.sentence_id, NEW.reviewer_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER annotations_no_claim_mark_needs_no_claims
    BEFORE INSERT OR UPDATE ON annotations_noclaimmark
    FOR EACH ROW EXECUTE FUNCTION annotations_no_claim_mark_needs_no_claims();
"""

DROP = """
DROP TRIGGER IF EXISTS annotations_no_claim_mark_needs_no_claims ON annotations_noclaimmark;
DROP FUNCTION IF EXISTS annotations_no_claim_mark_needs_no_claims();
DROP TRIGGER IF EXISTS annotations_claim_clears_no_claim_mark ON annotations_annotation;
DROP FUNCTION IF EXISTS annotations_claim_clears_no_claim_mark();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0005_team")]

    operations = [migrations.RunSQL(CREATE, DROP)]
