from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Agency = apps.get_model("programs", "Agency")
    taken = set()
    for agency in Agency.objects.order_by("pk"):
        base = slugify(agency.acronym or agency.name)[:70] or "dependencia"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        Agency.objects.filter(pk=agency.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_evidence")]

    operations = [
        # Added without the unique index first, so that existing rows can get their slugs.
        migrations.AddField(
            model_name="agency",
            name="slug",
            field=models.SlugField(blank=True, max_length=80, verbose_name="identificador en la URL", db_index=False),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agency",
            name="slug",
            field=models.SlugField(
                blank=True, help_text="Se forma con las siglas si se deja vacío.", max_length=80, unique=True, verbose_name="identificador en la URL"
            ),
        ),
    ]
