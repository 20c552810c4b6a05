"""Each version's content stamp (`content.content_changed`): adding the column gives every
existing row the same value, so each row then gets one of its own."""

import uuid

from django.db import migrations, models


def stamp_each_version(apps, schema_editor):
    Plan = apps.get_model("plan", "Plan")
    for pk in Plan.objects.values_list("pk", flat=True):
        Plan.objects.filter(pk=pk).update(content_stamp=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0013_plan_in_force_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="content_stamp",
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="indholdets stempel"),
        ),
        migrations.RunPython(stamp_each_version, migrations.RunPython.noop),
    ]
