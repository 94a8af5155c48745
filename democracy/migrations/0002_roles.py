"""Create one Django Group per role (names in democracy.roles). Their model permissions are
synchronised after every migrate by democracy.roles_sync."""

from django.db import migrations

ROLE_NAMES = [
    "Democratic Services Officer",
    "Democratic Services Manager",
    "Report Author",
    "Councillor",
    "Electoral Services Officer",
    "Appeals Clerk",
    "Appeals Panel Member",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("democracy", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
