"""What an annex needs to print what the agency wrote (issue 15): responsible units in the order
they were written (the auto-created M2M table becomes ActivityUnit, with a position), the cell as
printed, an activity's own coordinating unit, an activity without a committed date, and a
replanning flag that may be not stated."""

import django.db.models.deletion
from django.db import migrations, models


def number_links(apps, schema_editor):
    # Until now the order was lost: keep the order the rows were written in.
    ActivityUnit = apps.get_model("aspects", "ActivityUnit")
    position = {}
    links = list(ActivityUnit.objects.order_by("activity_id", "pk"))
    for link in links:
        link.position = position.get(link.activity_id, 0)
        position[link.activity_id] = link.position + 1
    ActivityUnit.objects.bulk_update(links, ["position"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("aspects", "0005_list_keys"),
        ("programs", "0004_agency_slug"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ActivityUnit",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "activity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="unit_links",
                                to="aspects.activity",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="activity_links",
                                to="programs.unit",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "aspects_activity_units",
                        "ordering": ["position", "pk"],
                        "verbose_name": "área responsable",
                        "verbose_name_plural": "áreas responsables",
                        "unique_together": {("activity", "unit")},
                    },
                ),
                migrations.AlterField(
                    model_name="activity",
                    name="units",
                    field=models.ManyToManyField(
                        related_name="activities",
                        through="aspects.ActivityUnit",
                        to="programs.unit",
                        verbose_name="áreas responsables",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="activityunit",
            name="position",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="orden"),
        ),
        migrations.RunPython(number_links, migrations.RunPython.noop),
        migrations.AddField(
            model_name="activity",
            name="units_label",
            field=models.TextField(
                blank=True,
                help_text="El texto de la celda tal como lo escribió la dependencia («Realiza: Delegaciones», «DGOP/ UPRI»); vacío: los nombres de las áreas, en su orden.",
                max_length=5000,
                verbose_name="área responsable como se imprime",
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="coordinating_unit",
            field=models.ForeignKey(
                blank=True,
                help_text="Sólo cuando el documento la da por actividad; vacía: la del ASM.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="coordinated_activities",
                to="programs.unit",
                verbose_name="área coordinadora de la actividad",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="end_date",
            field=models.DateField(blank=True, null=True, verbose_name="fecha de término comprometida"),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="replanning",
            field=models.BooleanField(blank=True, default=None, null=True, verbose_name="replanteamiento"),
        ),
    ]
