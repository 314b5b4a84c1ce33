import SQLDriver

/// PostgreSQL's roles and privileges, for least-privilege grants: the owner role owns the database,
/// `public`, WSO2's objects and wso2db's bookkeeping (so it alone can change their structure); runtime
/// roles get `CONNECT` and, when read-write, `USAGE` on `public` and exactly the DML privileges.
/// `PUBLIC` loses what PostgreSQL gives it by default (`CONNECT` and `TEMPORARY` on the database,
/// `USAGE` on `public`, `EXECUTE` on functions), since otherwise every role of the cluster could
/// connect to every database.
extension PostgresDialect: AccessControlDialect {
    public func createRoleStatements(_ role: String) -> [String] {
        // A DO block, so that the script can be run again: CREATE ROLE has no IF NOT EXISTS.
        ["DO $$BEGIN CREATE ROLE \(quoteExactly(role)) LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$"]
    }

    public func roleExistsQuery(_ role: String) -> SQLStatement {
        SQLStatement("SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = $1", [.text(role)])
    }

    public func passwordStatement(role: String, verifier: String) -> String {
        // Under standard_conforming_strings (PostgreSQL's default since 9.1) a literal only needs its
        // quotes doubled; the E'' form would need backslashes doubled too.
        "ALTER ROLE \(quoteExactly(role)) PASSWORD \(stringLiteral(verifier))"
    }

    public func accessStatements(database: String, owner: String, grants: [AccessGrant]) -> [String] {
        let owner = quoteExactly(owner)
        let db = quoteExactly(database)
        var statements = [
            "ALTER DATABASE \(db) OWNER TO \(owner)",
            "ALTER SCHEMA public OWNER TO \(owner)",
            Self.reassignObjects(to: owner),
            "REVOKE ALL ON DATABASE \(db) FROM PUBLIC",
            "REVOKE ALL ON SCHEMA public FROM PUBLIC",
            "REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \(owner) REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC",
        ]
        for grant in grants {
            let role = quoteExactly(grant.role)
            let defaults = "ALTER DEFAULT PRIVILEGES FOR ROLE \(owner) IN SCHEMA public"
            switch grant.access {
            case .readWrite:
                statements += [
                    "REVOKE TEMPORARY, CREATE ON DATABASE \(db) FROM \(role)",
                    "GRANT CONNECT ON DATABASE \(db) TO \(role)",
                    "REVOKE CREATE ON SCHEMA public FROM \(role)",
                    "GRANT USAGE ON SCHEMA public TO \(role)",
                    "REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM \(role)",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)",
                    "REVOKE SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public FROM \(role)",
                    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role)",
                    "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO \(role)",
                    "\(defaults) REVOKE TRUNCATE, REFERENCES, TRIGGER ON TABLES FROM \(role)",
                    "\(defaults) GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(role)",
                    "\(defaults) REVOKE SELECT, UPDATE ON SEQUENCES FROM \(role)",
                    "\(defaults) GRANT USAGE ON SEQUENCES TO \(role)",
                    "\(defaults) GRANT EXECUTE ON FUNCTIONS TO \(role)",
                ]
            case .connectOnly, .none:
                statements += [
                    grant.access == .none
                        ? "REVOKE ALL ON DATABASE \(db) FROM \(role)" : "REVOKE TEMPORARY, CREATE ON DATABASE \(db) FROM \(role)",
                    "REVOKE ALL ON SCHEMA public FROM \(role)",
                    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(role)",
                    "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM \(role)",
                    "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM \(role)",
                    "\(defaults) REVOKE ALL ON TABLES FROM \(role)",
                    "\(defaults) REVOKE ALL ON SEQUENCES FROM \(role)",
                    "\(defaults) REVOKE ALL ON FUNCTIONS FROM \(role)",
                ]
                if grant.access == .connectOnly { statements.append("GRANT CONNECT ON DATABASE \(db) TO \(role)") }
            }
        }
        return statements
    }

    /// One block that gives `owner` every table, view, free-standing sequence and function of
    /// `public` and of the bookkeeping schema it does not own yet (a sequence owned by a column
    /// follows its table), and the bookkeeping schema itself.
    static func reassignObjects(to owner: String) -> String {
        let schemas = "('public', '\(bookkeepingSchema)')"
        return """
            DO $$DECLARE statement text; BEGIN
            FOR statement IN
              SELECT format('ALTER SCHEMA %I OWNER TO %s', nspname, '\(owner)') FROM pg_catalog.pg_namespace
                WHERE nspname = '\(bookkeepingSchema)' AND nspowner <> '\(owner)'::regrole
              UNION ALL
              SELECT format('ALTER %s %I.%I OWNER TO %s', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, n.nspname, c.relname, '\(owner)')
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN \(schemas) AND c.relkind IN ('r', 'p', 'v', 'S') AND c.relowner <> '\(owner)'::regrole
                  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
              UNION ALL
              SELECT format('ALTER FUNCTION %s OWNER TO %s', p.oid::regprocedure, '\(owner)')
                FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname IN \(schemas) AND p.proowner <> '\(owner)'::regrole
            LOOP EXECUTE statement; END LOOP;
            END$$
            """
    }

    public var currentDatabaseQuery: String { "SELECT current_database()" }

    public var accessFingerprintQuery: String {
        """
        SELECT md5(coalesce(string_agg(entry, '|' ORDER BY entry), '')) FROM (
          SELECT 'database ' || datname || ' ' || pg_catalog.pg_get_userbyid(datdba) || ' ' || coalesce(datacl::text, '') FROM pg_catalog.pg_database WHERE datname = current_database()
          UNION ALL SELECT 'schema ' || nspname || ' ' || pg_catalog.pg_get_userbyid(nspowner) || ' ' || coalesce(nspacl::text, '') FROM pg_catalog.pg_namespace WHERE nspname IN ('public', '\(Self.bookkeepingSchema)')
          UNION ALL SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || pg_catalog.pg_get_userbyid(c.relowner) || ' ' || coalesce(c.relacl::text, '')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', '\(Self.bookkeepingSchema)') AND c.relkind IN ('r', 'p', 'v', 'S')
          UNION ALL SELECT 'function ' || p.oid::regprocedure::text || ' ' || pg_catalog.pg_get_userbyid(p.proowner) || ' ' || coalesce(p.proacl::text, '')
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('public', '\(Self.bookkeepingSchema)')
          UNION ALL SELECT 'default ' || pg_catalog.pg_get_userbyid(defaclrole) || ' ' || coalesce(defaclnamespace::regnamespace::text, '') || ' ' || defaclobjtype::text || ' ' || defaclacl::text
            FROM pg_catalog.pg_default_acl
        ) AS acl(entry)
        """
    }

    public var tablePrivilegesQuery: String {
        """
        SELECT c.relname, u.usable AND has_table_privilege(c.oid, 'SELECT'), u.usable AND has_table_privilege(c.oid, 'INSERT'),
               u.usable AND has_table_privilege(c.oid, 'UPDATE'), u.usable AND has_table_privilege(c.oid, 'DELETE')
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL (SELECT has_schema_privilege(n.oid, 'USAGE') AS usable) u
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname
        """
    }

    public var structureRightsQuery: String {
        """
        SELECT 'is a superuser' FROM pg_catalog.pg_roles WHERE rolname = current_user AND rolsuper
        UNION ALL SELECT 'owns the database' FROM pg_catalog.pg_database WHERE datname = current_database() AND pg_catalog.pg_has_role(datdba, 'USAGE')
        UNION ALL SELECT 'owns ' || count(*) || ' of its tables' FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_catalog.pg_has_role(c.relowner, 'USAGE') HAVING count(*) > 0
        UNION ALL SELECT 'may create objects in schema public' WHERE has_schema_privilege('public', 'CREATE')
        UNION ALL SELECT 'may create schemas in the database' WHERE has_database_privilege(current_database(), 'CREATE')
        UNION ALL SELECT 'may create temporary tables' WHERE has_database_privilege(current_database(), 'TEMPORARY')
        """
    }

    public var identityQuery: String {
        // The server's start time (to the microsecond) tells servers apart; the database's oid and
        // name tell databases of one server apart. Both are readable by every role.
        "SELECT CAST(pg_catalog.pg_postmaster_start_time() AS text) || ' ' || d.oid || ' ' || d.datname FROM pg_catalog.pg_database d WHERE d.datname = current_database()"
    }
}
