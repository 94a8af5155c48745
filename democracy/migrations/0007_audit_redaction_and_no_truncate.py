"""The audit log keeps no secret (issue 11, Security 1), and nobody empties it.

* The append-only trigger now lets through exactly one kind of UPDATE: one that changes only the
  ``changes`` column, in a transaction that has set ``democracy.audit_redaction`` on (``SET
  LOCAL``), which ``democracy.audit.redact_recorded`` alone does. Every other UPDATE, and every
  DELETE, is refused as before.
* TRUNCATE is refused too, by a statement trigger, unless the session has
  ``democracy.audit_truncate`` on: only the test suite's disposable database sets it (the
  suite empties every table between transactional tests).
* Rows already recorded with a secret in them (a console-created user's ``password1`` and
  ``password2`` in clear) are redacted, and each redaction is itself audited.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION democracy_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND current_setting('democracy.audit_redaction', true) = 'on'
        AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.content_type_id,
             NEW.object_id, NEW.object_repr, NEW.note)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.at, OLD.actor_id, OLD.actor_name, OLD.action, OLD.content_type_id,
             OLD.object_id, OLD.object_repr, OLD.note)
    THEN
        RETURN NEW;  -- a redaction of the changes column, deliberately switched on
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % on democracy_auditevent refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION democracy_auditevent_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('democracy.audit_truncate', true) = 'on' THEN
        RETURN NULL;  -- the test suite's own database, emptied between tests
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: TRUNCATE on democracy_auditevent refused'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER democracy_auditevent_no_truncate
    BEFORE TRUNCATE ON democracy_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION democracy_auditevent_no_truncate();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS democracy_auditevent_no_truncate ON democracy_auditevent;
DROP FUNCTION IF EXISTS democracy_auditevent_no_truncate();
CREATE OR REPLACE FUNCTION democracy_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % on democracy_auditevent refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def redact_recorded_rows(apps, schema_editor):
    from democracy.audit import redact_recorded

    redact_recorded(
        apps.get_model("democracy", "AuditEvent"), apps.get_model("contenttypes", "ContentType")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("democracy", "0006_audit_event_private_objects"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunPython(redact_recorded_rows, migrations.RunPython.noop),
    ]
