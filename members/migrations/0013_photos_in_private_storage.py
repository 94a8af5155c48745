"""Members' photos move out of the public media folder into private storage: they are served by
``members.views.photos``, which serves only a public member's photo to the public. Photos
already uploaded are moved across."""

from django.core.files.storage import FileSystemStorage
from django.db import migrations, models

import democracy.storage
import members.models.records


def move_photos(apps, schema_editor):
    public = FileSystemStorage()  # MEDIA_ROOT, which the web server publishes
    private = democracy.storage.private_storage
    profiles = apps.get_model("members", "PublicProfile").objects.exclude(photo="")
    for name in profiles.values_list("photo", flat=True):
        if public.exists(name) and not private.exists(name):
            with public.open(name, "rb") as handle:
                private.save(name, handle)
            public.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0012_change_request_values_before"),
    ]

    operations = [
        migrations.AlterField(
            model_name="publicprofile",
            name="photo",
            field=models.ImageField(
                blank=True,
                help_text="A JPEG or PNG of at most 2 MB.",
                storage=democracy.storage.PrivateStorage(),
                upload_to="councillors/photos/",
                validators=[members.models.records.validate_photo],
            ),
        ),
        migrations.RunPython(move_photos, migrations.RunPython.noop),
    ]
