"""Gold in the export change feed: every change of a sentence's gold record moves it past the cursor.

A sentence's gold record (gold.jsonl) shows its gold decision, the gold claims and every
reviewer's claims and marks on it, so statement-level triggers on those four tables record the
sentences they touch as changed, under kind ``gold`` and the sentence's id. Changes through the
sentence, its article, a label or a reviewer are found by the feed's query from the changes
those already record (migration 0014).
"""

from django.db import migrations, models

CREATE = """
CREATE FUNCTION annotations_record_gold_change_of(sentence_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO annotations_exportchange (kind, object_id, transaction_id, deleted, changed_at)
    SELECT DISTINCT 'gold', id, pg_current_xact_id()::text::bigint, false, now()
    FROM unnest(sentence_ids) AS id WHERE id IS NOT NULL
    ON CONFLICT (kind, object_id) DO UPDATE
        SET transaction_id = EXCLUDED.transaction_id, deleted = false,
            changed_at = EXCLUDED.changed_at;
$$;

-- Rows that name their sentence (claims, marks, gold sentences). An update may move a row to
-- another sentence (a merge): both sentences' gold records changed. A gold record shows a
-- reviewer's claims only as their labels: other edits of a claim (a note, its spans) change
-- it only through the gold row they make the refresh rewrite.
CREATE FUNCTION annotations_record_gold_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'annotations_annotation' THEN
        PERFORM annotations_record_gold_change_of(ARRAY(
            SELECT unnest(ARRAY[n.sentence_id, o.sentence_id])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.sentence_id, n.label_id, n.reviewer_id)
                  IS DISTINCT FROM (o.sentence_id, o.label_id, o.reviewer_id)));
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM annotations_record_gold_change_of(ARRAY(SELECT sentence_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM annotations_record_gold_change_of(ARRAY(
            SELECT sentence_id FROM new_rows UNION SELECT sentence_id FROM old_rows));
    ELSE
        PERFORM annotations_record_gold_change_of(ARRAY(SELECT sentence_id FROM old_rows));
    END IF;
    RETURN NULL;
END;
$$;

-- Gold claims name their gold row. Claims deleted with their gold row find it gone; its own
-- delete trigger records the sentence.
CREATE FUNCTION annotations_record_gold_claim_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM annotations_record_gold_change_of(ARRAY(
            SELECT g.sentence_id FROM new_rows r
            JOIN annotations_goldsentence g ON g.id = r.gold_id));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM annotations_record_gold_change_of(ARRAY(
            SELECT g.sentence_id FROM (
                SELECT gold_id FROM new_rows UNION SELECT gold_id FROM old_rows
            ) AS r JOIN annotations_goldsentence g ON g.id = r.gold_id));
    ELSE
        PERFORM annotations_record_gold_change_of(ARRAY(
            SELECT g.sentence_id FROM old_rows r
            JOIN annotations_goldsentence g ON g.id = r.gold_id));
    END IF;
    RETURN NULL;
END;
$$;
"""

TABLES = {
    "annotations_annotation": "annotations_record_gold_changes",
    "annotations_noclaimmark": "annotations_record_gold_changes",
    "annotations_goldsentence": "annotations_record_gold_changes",
    "annotations_goldclaim": "annotations_record_gold_claim_changes",
}
DROP = ""
for table, function in TABLES.items():
    CREATE += f"""
CREATE TRIGGER {table}_gold_changes_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {table}_gold_changes_update AFTER UPDATE ON {table}
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {table}_gold_changes_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""
    for event in ("insert", "update", "delete"):
        DROP += f"DROP TRIGGER IF EXISTS {table}_gold_changes_{event} ON {table};\n"
DROP += """
DROP FUNCTION IF EXISTS annotations_record_gold_claim_changes();
DROP FUNCTION IF EXISTS annotations_record_gold_changes();
DROP FUNCTION IF EXISTS annotations_record_gold_change_of(bigint[]);
"""

# Gold records that exist before the feed knows them count as changed by the migrating
# transaction: every sentence has one.
BACKFILL = """
INSERT INTO annotations_exportchange (kind, object_id, transaction_id, deleted, changed_at)
SELECT 'gold', id, pg_current_xact_id()::text::bigint, false, now() FROM annotations_sentence
ON CONFLICT DO NOTHING;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0017_label_translations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="exportchange",
            name="kind",
            field=models.CharField(
                choices=[
                    ("article", "article"),
                    ("sentence", "sentence"),
                    ("annotation", "annotation"),
                    ("no_claim", "reviewed – no claim"),
                    ("gold", "gold"),
                    ("label", "label"),
                    ("reviewer", "reviewer"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunSQL(CREATE, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
