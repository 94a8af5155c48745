"""A property's UPRN and postcode keep a plain index each and lose the pattern-matching
(LIKE) one db_index=True also made: nothing searched them by pattern, and every register import
built them (issue 12)."""

import django.core.validators
from django.db import migrations, models

import elections.models


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0013_canvass_private_managers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="property",
            name="postcode",
            field=models.CharField(max_length=8, validators=[elections.models.validate_postcode]),
        ),
        migrations.AlterField(
            model_name="property",
            name="uprn",
            field=models.CharField(
                blank=True,
                help_text="The Unique Property Reference Number from the address gazetteer.",
                max_length=12,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[0-9]{1,12}$", "A UPRN is up to 12 digits"
                    )
                ],
                verbose_name="UPRN",
            ),
        ),
        migrations.AddIndex(
            model_name="property",
            index=models.Index(fields=["uprn"], name="property_uprn"),
        ),
        migrations.AddIndex(
            model_name="property",
            index=models.Index(fields=["postcode"], name="property_postcode"),
        ),
    ]
