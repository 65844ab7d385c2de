"""Machine suggestions and reviewers' decisions on them; background jobs and their units; the
label switches for suggestions; "a" and "x" become workspace keys."""


import django.db.models.deletion
import django.db.models.functions.datetime
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0018_gold_change_feed'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # "a" and "x" now accept and reject suggestions in the workspace: a label that had one
        # of them keeps its button and loses the key (admins give it another on the labels page).
        migrations.RunSQL(
            "UPDATE annotations_label SET shortcut = '' WHERE shortcut IN ('a', 'x')",
            migrations.RunSQL.noop,
        ),
        migrations.CreateModel(
            name='BackgroundJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('import', 'article import'), ('suggest', 'suggestions')], max_length=10, verbose_name='kind')),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False, verbose_name='created at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('total', models.PositiveIntegerField(help_text='Articles in the job.', verbose_name='items')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='done')),
                ('imported', models.PositiveIntegerField(default=0, verbose_name='imported')),
                ('duplicates', models.PositiveIntegerField(default=0, verbose_name='duplicates')),
                ('failed', models.PositiveIntegerField(default=0, verbose_name='failed')),
            ],
            options={
                'verbose_name': 'background job',
                'verbose_name_plural': 'background jobs',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='JobUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField(verbose_name='position')),
                ('payload', models.JSONField(help_text='What the unit works on: article records or article ids.', verbose_name='payload')),
                ('size', models.PositiveIntegerField(verbose_name='articles')),
                ('state', models.CharField(choices=[('pending', 'pending'), ('done', 'done'), ('failed', 'failed')], default='pending', max_length=10, verbose_name='state')),
                ('attempts', models.PositiveIntegerField(default=0, help_text='Times the unit was handed to a worker.', verbose_name='attempts')),
                ('task_id', models.CharField(blank=True, max_length=64, verbose_name='task id')),
                ('enqueued_at', models.DateTimeField(blank=True, null=True, verbose_name='enqueued at')),
                ('errors', models.JSONField(blank=True, default=list, help_text='[{origin, detail}], per article.', verbose_name='errors')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
            ],
            options={
                'verbose_name': 'job unit',
                'verbose_name_plural': 'job units',
                'ordering': ['job_id', 'position'],
            },
        ),
        migrations.CreateModel(
            name='Suggestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('spans', models.JSONField(blank=True, default=list, help_text='[[start, end], ...] code points relative to the sentence, sorted and non-overlapping; empty means the whole sentence.', verbose_name='spans')),
                ('speaker', models.CharField(blank=True, help_text='The suggested “attributed to”.', max_length=200, verbose_name='speaker')),
                ('reason', models.TextField(help_text='Why the source proposes it, as shown.', verbose_name='reason')),
                ('score', models.FloatField(help_text="The source's confidence, 0 to 1.", verbose_name='score')),
                ('source', models.CharField(help_text="The source's name.", max_length=100, verbose_name='source')),
                ('version', models.CharField(max_length=100, verbose_name='version')),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'suggestion',
                'verbose_name_plural': 'suggestions',
                'ordering': ['sentence_id', '-score', 'id'],
            },
        ),
        migrations.CreateModel(
            name='SuggestionDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('verdict', models.CharField(choices=[('accepted', 'accepted'), ('rejected', 'rejected')], max_length=10, verbose_name='verdict')),
                ('decided_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False, verbose_name='decided at')),
            ],
            options={
                'verbose_name': 'suggestion decision',
                'verbose_name_plural': 'suggestion decisions',
            },
        ),
        migrations.CreateModel(
            name='SuggestionDecisionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('verdict', models.CharField(choices=[('accepted', 'accepted'), ('rejected', 'rejected')], max_length=10, verbose_name='verdict')),
                ('decided_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False, verbose_name='decided at')),
            ],
            options={
                'abstract': False,
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='annotation',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='annotation',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='annotation',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='label',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='label',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='label',
            name='delete_delete',
        ),
        migrations.RemoveConstraint(
            model_name='label',
            name='annotations_label_shortcut_not_reserved',
        ),
        migrations.AddField(
            model_name='label',
            name='suggestions_after_review',
            field=models.BooleanField(default=False, help_text="Keep this label's suggestions hidden until the reviewer has labelled the sentence once (a claim or “no claim”), so the machine does not anchor their judgement.", verbose_name='suggestions only after review'),
        ),
        migrations.AddField(
            model_name='label',
            name='suggestions_enabled',
            field=models.BooleanField(default=True, help_text='Reviewers see machine suggestions of this label on sentences.', verbose_name='show suggestions'),
        ),
        migrations.AddField(
            model_name='labelevent',
            name='suggestions_after_review',
            field=models.BooleanField(default=False, help_text="Keep this label's suggestions hidden until the reviewer has labelled the sentence once (a claim or “no claim”), so the machine does not anchor their judgement.", verbose_name='suggestions only after review'),
        ),
        migrations.AddField(
            model_name='labelevent',
            name='suggestions_enabled',
            field=models.BooleanField(default=True, help_text='Reviewers see machine suggestions of this label on sentences.', verbose_name='show suggestions'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='annotation',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "annotations_annotationevent" ("attributed_to", "created_at", "id", "label_id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "revision", "sentence_id", "spans", "suggestion_id", "updated_at") VALUES (NEW."attributed_to", NEW."created_at", NEW."id", NEW."label_id", NEW."note", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reviewer_id", NEW."revision", NEW."sentence_id", NEW."spans", NEW."suggestion_id", NEW."updated_at"); RETURN NULL;', hash='784e6b2869966b8208318fd14257af21e4639fb0', operation='INSERT', pgid='pgtrigger_insert_insert_9fe21', table='annotations_annotation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='annotation',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "annotations_annotationevent" ("attributed_to", "created_at", "id", "label_id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "revision", "sentence_id", "spans", "suggestion_id", "updated_at") VALUES (NEW."attributed_to", NEW."created_at", NEW."id", NEW."label_id", NEW."note", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reviewer_id", NEW."revision", NEW."sentence_id", NEW."spans", NEW."suggestion_id", NEW."updated_at"); RETURN NULL;', hash='6d434f325dcc365f88f45161b43ad31a078db232', operation='UPDATE', pgid='pgtrigger_update_update_60d0d', table='annotations_annotation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='annotation',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "annotations_annotationevent" ("attributed_to", "created_at", "id", "label_id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "revision", "sentence_id", "spans", "suggestion_id", "updated_at") VALUES (OLD."attributed_to", OLD."created_at", OLD."id", OLD."label_id", OLD."note", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reviewer_id", OLD."revision", OLD."sentence_id", OLD."spans", OLD."suggestion_id", OLD."updated_at"); RETURN NULL;', hash='778311d47329f5ac3d25a026df44e755ecc66d40', operation='DELETE', pgid='pgtrigger_delete_delete_e22de', table='annotations_annotation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='label',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "annotations_labelevent" ("colour", "description", "id", "is_active", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "shortcut", "slug", "suggestions_after_review", "suggestions_enabled", "translations") VALUES (NEW."colour", NEW."description", NEW."id", NEW."is_active", NEW."name", NEW."order", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."shortcut", NEW."slug", NEW."suggestions_after_review", NEW."suggestions_enabled", NEW."translations"); RETURN NULL;', hash='5e711d4e7a23331ca22938708ce4e221fd7f71b5', operation='INSERT', pgid='pgtrigger_insert_insert_8b7f7', table='annotations_label', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='label',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "annotations_labelevent" ("colour", "description", "id", "is_active", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "shortcut", "slug", "suggestions_after_review", "suggestions_enabled", "translations") VALUES (NEW."colour", NEW."description", NEW."id", NEW."is_active", NEW."name", NEW."order", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."shortcut", NEW."slug", NEW."suggestions_after_review", NEW."suggestions_enabled", NEW."translations"); RETURN NULL;', hash='b990335ac230c3f1c14ba0d6af7fc395a5c6d14d', operation='UPDATE', pgid='pgtrigger_update_update_0102f', table='annotations_label', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='label',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "annotations_labelevent" ("colour", "description", "id", "is_active", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "shortcut", "slug", "suggestions_after_review", "suggestions_enabled", "translations") VALUES (OLD."colour", OLD."description", OLD."id", OLD."is_active", OLD."name", OLD."order", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."shortcut", OLD."slug", OLD."suggestions_after_review", OLD."suggestions_enabled", OLD."translations"); RETURN NULL;', hash='fd4cbdbf965fbe95f7752257705a72c7ea0bfd82', operation='DELETE', pgid='pgtrigger_delete_delete_dd343', table='annotations_label', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='label',
            constraint=models.CheckConstraint(condition=models.Q(('shortcut__in', ('j', 'k', 'u', '0', '?', 'e', 'n', 'h', 'a', 'x')), _negated=True), name='annotations_label_shortcut_not_reserved'),
        ),
        migrations.AddField(
            model_name='backgroundjob',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='background_jobs', to=settings.AUTH_USER_MODEL, verbose_name='started by'),
        ),
        migrations.AddField(
            model_name='jobunit',
            name='job',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='units', to='annotations.backgroundjob', verbose_name='job'),
        ),
        migrations.AddField(
            model_name='suggestion',
            name='label',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='suggestions', to='annotations.label', verbose_name='label'),
        ),
        migrations.AddField(
            model_name='suggestion',
            name='sentence',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='suggestions', to='annotations.sentence', verbose_name='sentence'),
        ),
        migrations.AddField(
            model_name='annotation',
            name='suggestion',
            field=models.ForeignKey(blank=True, help_text='The machine suggestion this claim began as, when the reviewer accepted one.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='annotations.suggestion', verbose_name='from suggestion'),
        ),
        migrations.AddField(
            model_name='annotationevent',
            name='suggestion',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The machine suggestion this claim began as, when the reviewer accepted one.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='annotations.suggestion', verbose_name='from suggestion'),
        ),
        migrations.AddField(
            model_name='suggestiondecision',
            name='claim',
            field=models.ForeignKey(blank=True, help_text='The claim an accepted suggestion became.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='annotations.annotation', verbose_name='claim'),
        ),
        migrations.AddField(
            model_name='suggestiondecision',
            name='reviewer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='suggestion_decisions', to=settings.AUTH_USER_MODEL, verbose_name='reviewer'),
        ),
        migrations.AddField(
            model_name='suggestiondecision',
            name='suggestion',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='annotations.suggestion', verbose_name='suggestion'),
        ),
        migrations.AddField(
            model_name='suggestiondecisionevent',
            name='claim',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The claim an accepted suggestion became.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='annotations.annotation', verbose_name='claim'),
        ),
        migrations.AddField(
            model_name='suggestiondecisionevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='suggestiondecisionevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='annotations.suggestiondecision'),
        ),
        migrations.AddField(
            model_name='suggestiondecisionevent',
            name='reviewer',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewer'),
        ),
        migrations.AddField(
            model_name='suggestiondecisionevent',
            name='suggestion',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='annotations.suggestion', verbose_name='suggestion'),
        ),
        migrations.AddConstraint(
            model_name='backgroundjob',
            constraint=models.CheckConstraint(condition=models.Q(('done__lte', models.F('total')), ('failed__lte', models.F('done'))), name='annotations_backgroundjob_progress_bounded'),
        ),
        migrations.AddConstraint(
            model_name='backgroundjob',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['import', 'suggest'])), name='annotations_backgroundjob_kind_known'),
        ),
        migrations.AddIndex(
            model_name='jobunit',
            index=models.Index(condition=models.Q(('state', 'pending')), fields=['enqueued_at'], name='annotations_unit_pending_idx'),
        ),
        migrations.AddConstraint(
            model_name='jobunit',
            constraint=models.UniqueConstraint(fields=('job', 'position'), name='annotations_jobunit_unique'),
        ),
        migrations.AddConstraint(
            model_name='jobunit',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['pending', 'done', 'failed'])), name='annotations_jobunit_state_known'),
        ),
        migrations.AddIndex(
            model_name='suggestion',
            index=models.Index(fields=['source', 'label'], name='annotations_suggestion_src_idx'),
        ),
        migrations.AddConstraint(
            model_name='suggestion',
            constraint=models.UniqueConstraint(fields=('sentence', 'source', 'label', 'spans'), name='annotations_suggestion_unique'),
        ),
        migrations.AddConstraint(
            model_name='suggestion',
            constraint=models.CheckConstraint(condition=models.Func('spans', function='annotations_spans_are_valid', output_field=models.BooleanField()), name='annotations_suggestion_spans_valid'),
        ),
        migrations.AddConstraint(
            model_name='suggestion',
            constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 1)), name='annotations_suggestion_score_in_unit_range'),
        ),
        migrations.AddConstraint(
            model_name='suggestion',
            constraint=models.CheckConstraint(condition=models.Q(('source', ''), _negated=True), name='annotations_suggestion_source_named'),
        ),
        migrations.AddConstraint(
            model_name='suggestiondecision',
            constraint=models.UniqueConstraint(fields=('suggestion', 'reviewer'), name='annotations_suggestiondecision_unique'),
        ),
        migrations.AddConstraint(
            model_name='suggestiondecision',
            constraint=models.CheckConstraint(condition=models.Q(('verdict', 'accepted'), models.Q(('claim__isnull', True), ('verdict', 'rejected')), _connector='OR'), name='annotations_suggestiondecision_rejection_has_no_claim'),
        ),
        migrations.AddConstraint(
            model_name='suggestiondecision',
            constraint=models.CheckConstraint(condition=models.Q(('verdict__in', ['accepted', 'rejected'])), name='annotations_suggestiondecision_verdict_known'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='suggestiondecision',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "annotations_suggestiondecisionevent" ("claim_id", "decided_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "suggestion_id", "verdict") VALUES (NEW."claim_id", NEW."decided_at", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reviewer_id", NEW."suggestion_id", NEW."verdict"); RETURN NULL;', hash='3660f79dde93e6fda6057410f890e24e0e2260f3', operation='INSERT', pgid='pgtrigger_insert_insert_bb954', table='annotations_suggestiondecision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='suggestiondecision',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "annotations_suggestiondecisionevent" ("claim_id", "decided_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "suggestion_id", "verdict") VALUES (NEW."claim_id", NEW."decided_at", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reviewer_id", NEW."suggestion_id", NEW."verdict"); RETURN NULL;', hash='b4d43f4bd2a1900f552a858a4e9adce45849716c', operation='UPDATE', pgid='pgtrigger_update_update_0d244', table='annotations_suggestiondecision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='suggestiondecision',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "annotations_suggestiondecisionevent" ("claim_id", "decided_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reviewer_id", "suggestion_id", "verdict") VALUES (OLD."claim_id", OLD."decided_at", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reviewer_id", OLD."suggestion_id", OLD."verdict"); RETURN NULL;', hash='07639e989766e1392e18152371e0c4ea6734ecc2', operation='DELETE', pgid='pgtrigger_delete_delete_666d1', table='annotations_suggestiondecision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='suggestiondecisionevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='bfcc4114234aabdf276b276c29bd0938d4508d8d', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_bfd7c', table='annotations_suggestiondecisionevent', when='BEFORE')),
        ),
    ]
