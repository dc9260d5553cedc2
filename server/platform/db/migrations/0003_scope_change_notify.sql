-- App nodes cache resolved sessions and city scopes for a few seconds. Any change that could alter
-- who may do what (sessions ended or refreshed, 2FA switched, memberships, city settings, platform
-- admins) notifies every node to drop its cache, whoever made the change: the app, the CLI or SQL.
CREATE OR REPLACE FUNCTION lpn_notify_scope_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('lpn_scope_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER session_scope_changed AFTER UPDATE OR DELETE ON "session"
  FOR EACH STATEMENT EXECUTE FUNCTION lpn_notify_scope_changed();
--> statement-breakpoint
CREATE TRIGGER user_scope_changed AFTER UPDATE OR DELETE ON "user"
  FOR EACH STATEMENT EXECUTE FUNCTION lpn_notify_scope_changed();
--> statement-breakpoint
CREATE TRIGGER membership_scope_changed AFTER INSERT OR UPDATE OR DELETE ON "membership"
  FOR EACH STATEMENT EXECUTE FUNCTION lpn_notify_scope_changed();
--> statement-breakpoint
CREATE TRIGGER city_scope_changed AFTER UPDATE OR DELETE ON "city"
  FOR EACH STATEMENT EXECUTE FUNCTION lpn_notify_scope_changed();
--> statement-breakpoint
CREATE TRIGGER platform_admin_scope_changed AFTER INSERT OR UPDATE OR DELETE ON "platform_admin"
  FOR EACH STATEMENT EXECUTE FUNCTION lpn_notify_scope_changed();
