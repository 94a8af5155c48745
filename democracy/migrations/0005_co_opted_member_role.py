"""The "Co-opted Member" role (democracy.roles.Role.CO_OPTED_MEMBER): member portal access for
co-opted members, who are not councillors."""

from django.db import migrations

NAME = "Co-opted Member"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=NAME)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("democracy", "0004_venue_room_roombooking_room_room_unique_name")]

    operations = [migrations.RunPython(create_role, remove_role)]
