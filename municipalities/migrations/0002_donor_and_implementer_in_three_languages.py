"""The donor and the implementing organisation of a project get a name in each language.

The one name each had so far was written in English (the projects' own papers are), so it
becomes the English name; the Kyrgyz and Russian names are filled in the admin, and until then
pages show the English one.
"""

from django.db import migrations, models


def _field(verbose_name: str) -> models.CharField:
    return models.CharField(blank=True, max_length=200, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("donorproject", "donor", "donor_en"),
        migrations.RenameField("donorproject", "implementer", "implementer_en"),
        migrations.AlterField("donorproject", "donor_en", _field("donor, in English")),
        migrations.AlterField("donorproject", "implementer_en", _field("implementing organisation, in English")),
        migrations.AddField("donorproject", "donor_ky", _field("donor, in Kyrgyz")),
        migrations.AddField("donorproject", "donor_ru", _field("donor, in Russian")),
        migrations.AddField("donorproject", "implementer_ky", _field("implementing organisation, in Kyrgyz")),
        migrations.AddField("donorproject", "implementer_ru", _field("implementing organisation, in Russian")),
    ]
