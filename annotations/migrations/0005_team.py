"""Interface-language preference per user, with its history (admins set it for reviewers)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0004_spans_rules_labels_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("pghistory", "0007_auto_20250421_0444"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UserPreferences",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="preferences",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        choices=[("en", "English"), ("de", "German")],
                        help_text="Applied when the user logs in; empty follows the browser.",
                        max_length=8,
                        verbose_name="interface language",
                    ),
                ),
            ],
            options={
                "verbose_name": "user preferences",
                "verbose_name_plural": "user preferences",
            },
        ),
        migrations.CreateModel(
            name="UserPreferencesEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        choices=[("en", "English"), ("de", "German")],
                        help_text="Applied when the user logs in; empty follows the browser.",
                        max_length=8,
                        verbose_name="interface language",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="userpreferences",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "annotations_userpreferencesevent" ("language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "user_id") VALUES (NEW."language", _pgh_attach_context(), NOW(), \'insert\', NEW."user_id", NEW."user_id"); RETURN NULL;',
                    hash="ccf5fc7c5bae537b0e4bf88e12456eb01bdc2f76",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_b5fb1",
                    table="annotations_userpreferences",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="userpreferences",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "annotations_userpreferencesevent" ("language", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "user_id") VALUES (NEW."language", _pgh_attach_context(), NOW(), \'update\', NEW."user_id", NEW."user_id"); RETURN NULL;',
                    hash="99a4734393583fb70b3b51aff1067c11ad699003",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_aacaa",
                    table="annotations_userpreferences",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddField(
            model_name="userpreferencesevent",
            name="pgh_context",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="pghistory.context",
            ),
        ),
        migrations.AddField(
            model_name="userpreferencesevent",
            name="pgh_obj",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="events",
                to="annotations.userpreferences",
            ),
        ),
        migrations.AddField(
            model_name="userpreferencesevent",
            name="user",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                serialize=False,
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="userpreferencesevent",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="4b6a15a80aeea4655430ada3ecebbe4a90c6d8fb",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_01c09",
                    table="annotations_userpreferencesevent",
                    when="BEFORE",
                ),
            ),
        ),
    ]
