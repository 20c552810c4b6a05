# The persons index of list events (AuditEventPerson) stays append-only, except for the one
# sanctioned removal: when a person's data is erased at the end of retention, the index rows
# that tie events to the person's CPR blind index are deleted by
# beredskab.audit.services.audit_person_unlink, which sets the session value below for its own
# statement only. The index is outside the hashed content of the events, so the chain still
# verifies. UPDATE stays refused always.

from django.db import migrations

PG_CREATE = """
CREATE OR REPLACE FUNCTION audit_event_person_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('beredskab.audit_person_unlink', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_person_append_only ON audit_auditeventperson;
CREATE TRIGGER audit_event_person_append_only
    BEFORE UPDATE OR DELETE ON audit_auditeventperson
    FOR EACH ROW EXECUTE FUNCTION audit_event_person_guard();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_event_person_append_only ON audit_auditeventperson;
CREATE TRIGGER audit_event_person_append_only
    BEFORE UPDATE OR DELETE ON audit_auditeventperson
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
DROP FUNCTION IF EXISTS audit_event_person_guard();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_event_persons"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
