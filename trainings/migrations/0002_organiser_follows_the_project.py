"""A training's organiser and implementer, left empty, are its project's donor and implementer,
shown in the reader's language. The copies made when a training was created are cleared, so
that these trainings follow their project's names in every language."""

from django.db import migrations, models
from django.db.models import F


def clear_copies(apps, schema_editor):
    Training = apps.get_model("trainings", "Training")
    trainings = Training.objects.exclude(project=None)
    trainings.filter(organiser=F("project__donor_en")).update(organiser="")
    trainings.filter(implementer=F("project__implementer_en")).update(implementer="")


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("municipalities", "0002_donor_and_implementer_in_three_languages"),
    ]

    operations = [
        migrations.AlterField(
            model_name="training",
            name="implementer",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to show the project's implementing organisation.",
                max_length=200,
                verbose_name="implementing organisation",
            ),
        ),
        migrations.AlterField(
            model_name="training",
            name="organiser",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to show the project's donor.",
                max_length=200,
                verbose_name="organiser",
            ),
        ),
        migrations.RunPython(clear_copies, migrations.RunPython.noop),
    ]
