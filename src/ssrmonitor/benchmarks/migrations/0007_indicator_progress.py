"""Each indicator's progress, stored (``IndicatorProgress``), and its backfill.

The backfill rates every measured indicator from its approved values with the one rule
(:func:`ssrmonitor.core.progress.rate`, through the same ``spec_of`` and ``measured_point``
the pages use), reading the historical models. Fed indicators (personnel returns, perception
surveys) read other apps' tables through their selectors, which a migration must not call: they
are left without a row, rated on the spot by the readers until ``ssrmonitor recompute_progress``
(or the next change of their source) stores them.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000
MEASURED = "measured"


def backfill(apps: Any, schema_editor: Any) -> None:
    from ssrmonitor.benchmarks.progress_store import stored_fields
    from ssrmonitor.benchmarks.selectors import measured_point, spec_of
    from ssrmonitor.core.progress import rate

    indicator_model = apps.get_model("benchmarks", "Indicator")
    measurement_model = apps.get_model("benchmarks", "Measurement")
    stored_model = apps.get_model("benchmarks", "IndicatorProgress")
    ids = list(
        indicator_model.objects.filter(source=MEASURED).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        points: dict[int, list[Any]] = {pk: [] for pk in chunk}
        rows = (
            measurement_model.objects.filter(indicator_id__in=chunk, status="approved")
            .order_by("period_end", "period_start")
            .values_list(
                "indicator_id",
                "value",
                "period_start",
                "period_end",
                "coverage_start",
                "coverage_end",
                "nature",
            )
        )
        for indicator_id, *fields in rows:
            points[indicator_id].append(measured_point(*fields))
        stored_model.objects.bulk_create(
            stored_model(
                indicator_id=indicator.pk,
                **stored_fields(rate(spec_of(indicator), points[indicator.pk])),
            )
            for indicator in indicator_model.objects.filter(pk__in=chunk)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarks", "0006_indicator_perception_source_sdg_series"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorProgress",
            fields=[
                (
                    "indicator",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stored_progress",
                        serialize=False,
                        to="benchmarks.indicator",
                        verbose_name="indicator",
                    ),
                ),
                (
                    "rating",
                    models.CharField(
                        choices=[
                            ("on_track", "On track"),
                            ("at_risk", "At risk"),
                            ("off_track", "Off track"),
                            ("no_data", "No data"),
                        ],
                        default="no_data",
                        max_length=10,
                        verbose_name="rating",
                    ),
                ),
                (
                    "trend",
                    models.CharField(
                        choices=[
                            ("improving", "Improving"),
                            ("stable", "Stable"),
                            ("worsening", "Worsening"),
                            ("none", "No trend"),
                        ],
                        default="none",
                        max_length=10,
                        verbose_name="trend",
                    ),
                ),
                (
                    "percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=30,
                        null=True,
                        verbose_name="percent of the way",
                    ),
                ),
                (
                    "expected_percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=30,
                        null=True,
                        verbose_name="expected percent",
                    ),
                ),
                (
                    "latest_day",
                    models.DateField(blank=True, null=True, verbose_name="latest value's day"),
                ),
                (
                    "latest_value",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=30,
                        null=True,
                        verbose_name="latest value compared",
                    ),
                ),
                ("annualised", models.BooleanField(default=False, verbose_name="annualised")),
                (
                    "excluded",
                    models.PositiveIntegerField(default=0, verbose_name="values not compared"),
                ),
                (
                    "computed_at",
                    models.DateTimeField(auto_now=True, verbose_name="computed at"),
                ),
            ],
            options={
                "verbose_name": "stored progress",
                "verbose_name_plural": "stored progress",
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
