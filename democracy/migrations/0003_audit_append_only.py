"""Make the audit log append-only in the database itself: UPDATE and DELETE raise, whoever
issues them (the ORM, the admin, a shell or psql). TRUNCATE, used only by the test suite to
reset tables between tests, is a separate privilege a production role should not hold."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION democracy_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % on democracy_auditevent refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER democracy_auditevent_append_only
    BEFORE UPDATE OR DELETE ON democracy_auditevent
    FOR EACH ROW EXECUTE FUNCTION democracy_auditevent_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS democracy_auditevent_append_only ON democracy_auditevent;
DROP FUNCTION IF EXISTS democracy_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("democracy", "0002_roles")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
