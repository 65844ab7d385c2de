"""Claim span rules in PostgreSQL, the three starting labels, the roles and the settings row."""

import django.db.models.expressions
from django.db import migrations, models

SPANS_SQL = r"""
-- Sorted, non-empty, non-overlapping [start, end] pairs of whole numbers from 0 on.
CREATE FUNCTION annotations_spans_are_valid(spans jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    item jsonb;
    previous_end integer := 0;
    span_start integer;
    span_end integer;
BEGIN
    IF jsonb_typeof(spans) IS DISTINCT FROM 'array' THEN
        RETURN false;
    END IF;
    FOR item IN SELECT value FROM jsonb_array_elements(spans) LOOP
        IF jsonb_typeof(item) <> 'array' OR jsonb_array_length(item) <> 2
                OR (item->>0) !~ '^\d{1,9}$' OR (item->>1) !~ '^\d{1,9}$' THEN
            RETURN false;
        END IF;
        span_start := (item->>0)::integer;
        span_end := (item->>1)::integer;
        IF span_start >= span_end OR span_start < previous_end THEN
            RETURN false;
        END IF;
        previous_end := span_end;
    END LOOP;
    RETURN true;
END;
$$;

-- Claims end inside their sentence; checked at commit so that a segmentation fix can move
-- claims and resize sentences in one transaction.
CREATE FUNCTION annotations_check_claims_fit(p_sentence_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    sentence_length integer;
    offending bigint;
BEGIN
    SELECT "end" - start INTO sentence_length FROM annotations_sentence WHERE id = p_sentence_id;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT id INTO offending FROM annotations_annotation
    WHERE sentence_id = p_sentence_id AND jsonb_array_length(spans) > 0
      AND (spans->(jsonb_array_length(spans) - 1)->>1)::integer > sentence_length
    LIMIT 1;
    IF offending IS NOT NULL THEN
        RAISE EXCEPTION 'annotation %: a span ends after its sentence (% characters)',
            offending, sentence_length USING ERRCODE = 'check_violation';
    END IF;
END;
$$;

CREATE FUNCTION annotations_claims_fit_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'annotations_sentence' THEN
        PERFORM annotations_check_claims_fit(NEW.id);
    ELSE
        PERFORM annotations_check_claims_fit(NEW.sentence_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER annotations_annotation_fits_sentence
    AFTER INSERT OR UPDATE OF spans, sentence_id ON annotations_annotation
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION annotations_claims_fit_trigger();

CREATE CONSTRAINT TRIGGER annotations_sentence_fits_claims
    AFTER UPDATE OF start, "end" ON annotations_sentence
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION annotations_claims_fit_trigger();
"""

SPANS_SQL_REVERSE = """
DROP TRIGGER IF EXISTS annotations_sentence_fits_claims ON annotations_sentence;
DROP TRIGGER IF EXISTS annotations_annotation_fits_sentence ON annotations_annotation;
DROP FUNCTION IF EXISTS annotations_claims_fit_trigger();
DROP FUNCTION IF EXISTS annotations_check_claims_fit(bigint);
DROP FUNCTION IF EXISTS annotations_spans_are_valid(jsonb);
"""

LABELS = [
    {
        "slug": "quoted_fact",
        "name": "Quoted fact",
        "shortcut": "1",
        "colour": "#1f6fb2",
        "order": 1,
        "description": (
            "Zitat / zitierte Tatsachenbehauptung. A claim about facts that the article "
            "attributes to a named source, either by direct quotation in »…« or „…“, or as "
            "reported speech in Konjunktiv I (»sei«, »habe«, »verfügten«). It can be checked "
            "against what the source said. Record the speaker under “attributed to”.\n"
            "Examples from the seed article: »Amerika bleibt an Bord, auch für die Zeit "
            "danach.« (Friedrich Merz); »Tatsache sei, dass beide Mächte über die größten "
            "Arsenale verfügten« (Donald Trump, reported speech).\n"
            "Not this label: the journalist's own statements of fact, and quoted value "
            "judgements (»großartigen Fortschritt«), which are opinions."
        ),
    },
    {
        "slug": "opinion",
        "name": "Opinion",
        "shortcut": "2",
        "colour": "#b35c00",
        "order": 2,
        "description": (
            "Meinung. An evaluative judgement that cannot be true or false: praise, blame, "
            "predictions offered as assessment, words like »großartig«, »gewaltig«, "
            "»wirklich großen Fortschritt«, »positive Überraschung«. Quoted opinions are "
            "opinions too; put their speaker under “attributed to”.\n"
            "Examples from the seed article: »Das ist ein gewaltiger Unterschied.« (Merz); "
            "»Es ist gut, wenn sich zwei Großmächte verstehen« (Trump).\n"
            "Not this label: checkable statements (»Am Sonntag fand eine Videokonferenz "
            "statt«) even if they are disputed."
        ),
    },
    {
        "slug": "editorial_framing",
        "name": "Editorial framing",
        "shortcut": "3",
        "colour": "#7b3fa0",
        "order": 3,
        "description": (
            "Redaktionelle Rahmung. Word choice or sentence structure by the article itself "
            "that presents facts in a particular light, without marking it as opinion. Mark "
            "the words that do the framing, not the whole sentence, and select discontinuous "
            "words together (hold Ctrl/Cmd while selecting).\n"
            "Examples from the seed article: »faktisch … verloren« (the alliance "
            "“effectively lost” the war), »demonstrativ als Gleichgestellten«, "
            "»Stellvertreterkrieg«, »Auf den Tag genau vier Jahre nach der Machtübernahme der "
            "Taliban« (a chosen comparison).\n"
            "Not this label: neutral reporting verbs (»erklärte«, »sagte«) and quotations, "
            "whose wording belongs to the speaker."
        ),
    },
]

ROLE_PERMISSIONS = {
    "Admin": None,  # every permission of this app plus user and group management
    "Reviewer": [
        "view_article",
        "view_sentence",
        "view_label",
        "add_annotation",
        "change_annotation",
        "delete_annotation",
        "view_annotation",
        "add_noclaimmark",
        "delete_noclaimmark",
        "view_noclaimmark",
        "view_assignment",
    ],
    "Data user": [
        "view_article",
        "view_sentence",
        "view_label",
        "view_annotation",
        "view_noclaimmark",
    ],
}


def create_labels_roles_and_settings(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the roles need them now.
    # Historical app configs have no models module, which create_permissions insists on.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Label = apps.get_model("annotations", "Label")
    for label in LABELS:
        Label.objects.update_or_create(slug=label["slug"], defaults=label)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if codenames is None:
            permissions = Permission.objects.filter(content_type__app_label="annotations") | (
                Permission.objects.filter(
                    content_type__app_label="auth",
                    content_type__model__in=["user", "group"],
                )
            )
        else:
            permissions = Permission.objects.filter(
                content_type__app_label="annotations", codename__in=codenames
            )
        group.permissions.set(permissions)

    apps.get_model("annotations", "WorkspaceSettings").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0003_claims_labels_assignments_tokens_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL(SPANS_SQL, SPANS_SQL_REVERSE),
        migrations.AddConstraint(
            model_name="annotation",
            constraint=models.CheckConstraint(
                condition=django.db.models.expressions.Func(
                    "spans",
                    function="annotations_spans_are_valid",
                    output_field=models.BooleanField(),
                ),
                name="annotations_annotation_spans_valid",
            ),
        ),
        migrations.RunPython(create_labels_roles_and_settings, migrations.RunPython.noop),
    ]
