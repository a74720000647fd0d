-- The application role's rights (docs/operations.md "First deployment", step 5). Run as the owner
-- role in the application's database after every `migrate` (a migration may add tables):
--   psql "postgres://bjpermit_owner@db.internal:5432/bjpermit" -v ON_ERROR_STOP=1 -f grants.sql
-- bjpermit_app owns nothing and is no superuser. The production drill runs this file (with its own
-- role names) and then serves everything as that role.
GRANT USAGE ON SCHEMA public TO bjpermit_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bjpermit_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bjpermit_app;

-- The audit log (security decision 18, audit/management/commands/audit_verify.py): add and read
-- rows and fill in the three seal columns, nothing else — no UPDATE of the content, no DELETE,
-- no TRUNCATE, no TRIGGER (the append-only trigger stays the owner's).
REVOKE ALL ON audit_auditevent FROM PUBLIC;
REVOKE ALL ON audit_auditevent FROM bjpermit_app;
GRANT INSERT, SELECT ON audit_auditevent TO bjpermit_app;
GRANT UPDATE (seq, prev_hash, hash) ON audit_auditevent TO bjpermit_app;
