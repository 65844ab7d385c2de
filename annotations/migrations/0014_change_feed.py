"""The export change feed's log, and the triggers that record in it every change of an exported record.

Statement-level triggers with transition tables write one upsert per statement, so a bulk
import of a million claims costs one extra statement, not a million. Labels and reviewers
change rarely and only some of their columns are exported, so theirs are row-level with a
WHEN clause: reordering labels or logging in moves nothing past the cursor.
"""

from django.db import migrations, models

KINDS = {
    "annotations_article": "article",
    "annotations_sentence": "sentence",
    "annotations_annotation": "annotation",
    "annotations_noclaimmark": "no_claim",
}

CREATE = """
CREATE FUNCTION annotations_record_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0]: the kind of record. Rows are named by the transition table of the event.
    IF TG_OP = 'DELETE' THEN
        INSERT INTO annotations_exportchange (kind, object_id, transaction_id, deleted, changed_at)
        SELECT TG_ARGV[0], id, pg_current_xact_id()::text::bigint, true, now() FROM old_rows
        ON CONFLICT (kind, object_id) DO UPDATE
            SET transaction_id = EXCLUDED.transaction_id, deleted = true,
                changed_at = EXCLUDED.changed_at;
    ELSE
        INSERT INTO annotations_exportchange (kind, object_id, transaction_id, deleted, changed_at)
        SELECT TG_ARGV[0], id, pg_current_xact_id()::text::bigint, false, now() FROM new_rows
        ON CONFLICT (kind, object_id) DO UPDATE
            SET transaction_id = EXCLUDED.transaction_id, deleted = false,
                changed_at = EXCLUDED.changed_at;
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION annotations_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO annotations_exportchange (kind, object_id, transaction_id, deleted, changed_at)
    VALUES (TG_ARGV[0], NEW.id, pg_current_xact_id()::text::bigint, false, now())
    ON CONFLICT (kind, object_id) DO UPDATE
        SET transaction_id = EXCLUDED.transaction_id, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END;
$$;
"""

for table, kind in KINDS.items():
    CREATE += f"""
CREATE TRIGGER {table}_changes_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION annotations_record_changes('{kind}');
CREATE TRIGGER {table}_changes_update AFTER UPDATE ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION annotations_record_changes('{kind}');
CREATE TRIGGER {table}_changes_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION annotations_record_changes('{kind}');
"""

CREATE += """
CREATE TRIGGER annotations_label_changes AFTER UPDATE ON annotations_label
    FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION annotations_record_change('label');
CREATE TRIGGER auth_user_changes AFTER UPDATE ON auth_user
    FOR EACH ROW WHEN (OLD.username IS DISTINCT FROM NEW.username)
    EXECUTE FUNCTION annotations_record_change('reviewer');
"""

DROP = """
DROP TRIGGER IF EXISTS auth_user_changes ON auth_user;
DROP TRIGGER IF EXISTS annotations_label_changes ON annotations_label;
"""
for table in KINDS:
    for event in ("insert", "update", "delete"):
        DROP += f"DROP TRIGGER IF EXISTS {table}_changes_{event} ON {table};\n"
DROP += """
DROP FUNCTION IF EXISTS annotations_record_change();
DROP FUNCTION IF EXISTS annotations_record_changes();
"""

# Records that exist before the feed starts count as changed by the migrating transaction.
BACKFILL = "".join(
    f"""
INSERT INTO annotations_exportchange (kind, object_id, transaction_id, deleted, changed_at)
SELECT '{kind}', id, pg_current_xact_id()::text::bigint, false, now() FROM {table}
ON CONFLICT DO NOTHING;
"""
    for table, kind in KINDS.items()
)



class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0013_reviewer_recent_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ExportChange',
            fields=[
                ('pk', models.CompositePrimaryKey('kind', 'object_id', blank=True, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('article', 'article'), ('sentence', 'sentence'), ('annotation', 'annotation'), ('no_claim', 'reviewed – no claim'), ('label', 'label'), ('reviewer', 'reviewer')], max_length=20, verbose_name='kind')),
                ('object_id', models.BigIntegerField(verbose_name='object id')),
                ('transaction_id', models.BigIntegerField(help_text="pg_current_xact_id() of the transaction that made the change; the feed's cursor is a transaction horizon, so changes committed late are never skipped.", verbose_name='transaction')),
                ('deleted', models.BooleanField(default=False, verbose_name='deleted')),
                ('changed_at', models.DateTimeField(verbose_name='changed at')),
            ],
            options={
                'verbose_name': 'export change',
                'verbose_name_plural': 'export changes',
                'indexes': [models.Index(fields=['transaction_id'], name='annotations_change_txn_idx')],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
