-- The audit log is append-only and kept at least six months (等保 2.0 level 3, 安全审计): an entry can never be
-- changed, and can be deleted only once it is older than that (archiving). The hash chain still detects what a
-- database owner does with this trigger disabled; the trigger stops the application, a bug or a stolen app
-- login from doing it at all. TRUNCATE (store tools restoring into an empty target) is not a row change.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit log entry % cannot be changed', OLD.id USING ERRCODE = '42501';
  END IF;
  IF OLD.at > now() - interval '6 months' THEN
    RAISE EXCEPTION 'audit log entry % is kept until %', OLD.id, (OLD.at + interval '6 months')::date USING ERRCODE = '42501';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
