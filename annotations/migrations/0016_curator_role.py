"""The Curator role: adjudicates reviewers' claims into gold; manages nothing else."""

from django.db import migrations


def create_curator_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Curator")


def remove_curator_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curator").delete()


class Migration(migrations.Migration):
    dependencies = [("annotations", "0015_gold")]

    operations = [migrations.RunPython(create_curator_role, remove_curator_role)]
