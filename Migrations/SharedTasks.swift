/// Optional data work on the shared database that WSO2 ships apart from its release scripts (as a script of its
/// own, or as a step of its migration clients): run only when asked for by name (`migrate --with NAME`), shown in
/// the dry run, each in one transaction that also verifies the schema is untouched, recorded once in the history.
public struct MigrationTask: Sendable {
    /// The name the user asks for it by.
    public var name: String
    /// What it does, for the dry run, the history and the help.
    public var description: String
    /// The WSO2 file it does what, and where it departs from it.
    public var follows: String
    /// The SQL per engine; `destroys` says what it deletes.
    public var sql: RawSQL
    /// Rows that would make the SQL fail or do harm, found before anything of the run changes.
    public var check: Check?

    /// A query per engine returning the offending rows (their key columns), and the rule they break.
    public struct Check: Sendable {
        public var table: String
        public var rule: String
        /// The key columns the query returns.
        public var key: [String]
        public var query: [String: String]
    }

    /// The digest of what the task runs, recorded with it.
    public var checksum: String {
        var lines = ["wso2db task 1", "name \(name)"]
        for engine in sql.statements.keys.sorted() {
            lines += (sql.statements[engine] ?? []).map { "engine \(engine) " + StepText.quoted($0) }
        }
        return Checksum.of(lines.joined(separator: "\n") + "\n")
    }
}

extension MigrationSteps {
    /// The optional tasks of the shared database, by name.
    public static let sharedTasks: [MigrationTask] = [SharedTasks.myAccountRole, SharedTasks.registryVersioningOff, SharedTasks.registryLogPrune]
}

enum SharedTasks {
    /// The same statements on every engine.
    static func everywhere(_ statements: [String]) -> [String: [String]] {
        ["postgresql": statements, "sqlite": statements, "mysql": statements]
    }

    /// The same query on every engine.
    static func everywhere(_ query: String) -> [String: String] {
        ["postgresql": query, "sqlite": query, "mysql": query]
    }

    static let myAccountRole = MigrationTask(
        name: "my-account-role",
        description: "the role Application/User Portal becomes Application/My Account in the super tenant, and goes in the others",
        follows: "identity-migration-resources 5.11.0/dbscripts/step4/um (IS 5.11.0, API-M 4.0.0)",
        sql: RawSQL(
            "rename Application/User Portal to Application/My Account",
            statements: everywhere([
                "UPDATE UM_HYBRID_ROLE SET UM_ROLE_NAME = 'Application/My Account' WHERE UM_ROLE_NAME = 'Application/User Portal' AND UM_TENANT_ID = -1234",
                "DELETE FROM UM_HYBRID_ROLE WHERE UM_ROLE_NAME = 'Application/User Portal' AND UM_TENANT_ID <> -1234",
            ]),
            destroys: "deletes the role Application/User Portal of every tenant but the super tenant, with its user and group assignments"),
        // WSO2's script fails on the unique role name when the super tenant has both roles.
        check: .init(
            table: "UM_HYBRID_ROLE", rule: "one Application/My Account role per tenant", key: ["UM_ID", "UM_TENANT_ID"],
            query: everywhere(
                "SELECT UM_ID, UM_TENANT_ID FROM UM_HYBRID_ROLE WHERE UM_ROLE_NAME = 'Application/My Account' AND UM_TENANT_ID = -1234 "
                    + "AND EXISTS (SELECT 1 FROM UM_HYBRID_ROLE p WHERE p.UM_ROLE_NAME = 'Application/User Portal' AND p.UM_TENANT_ID = -1234)")))

    /// The four resource link tables, with the column that names the linked row.
    static let links = [
        ("REG_RESOURCE_PROPERTY", "REG_PROPERTY", "REG_PROPERTY_ID"), ("REG_RESOURCE_RATING", "REG_RATING", "REG_RATING_ID"),
        ("REG_RESOURCE_TAG", "REG_TAG", "REG_TAG_ID"), ("REG_RESOURCE_COMMENT", "REG_COMMENT", "REG_COMMENT_ID"),
    ]

    static let registryVersioningOff: MigrationTask = {
        // WSO2 matches a link row to its resource by version alone and drops linked rows by id alone; both are
        // unique only within a tenant, so its script fails (a sub-query with several rows) or keeps the wrong rows
        // once two tenants share a number. Here both also match the tenant, and only rows that still point at a
        // version are re-pointed: a row already kept by path is not cut loose on a second run.
        let resource = { (link: String, column: String, from: String) in
            "UPDATE \(link) SET \(column) = (SELECT r.\(from) FROM REG_RESOURCE r "
                + "WHERE r.REG_VERSION = \(link).REG_VERSION AND r.REG_TENANT_ID = \(link).REG_TENANT_ID) WHERE \(link).REG_VERSION IS NOT NULL"
        }
        var statements = links.map { resource($0.0, "REG_PATH_ID", "REG_PATH_ID") }
        statements += links.map { "DELETE FROM \($0.0) WHERE REG_PATH_ID IS NULL" }
        statements += links.map { link, table, column in
            "DELETE FROM \(table) WHERE NOT EXISTS (SELECT 1 FROM \(link) l WHERE l.\(column) = \(table).REG_ID AND l.REG_TENANT_ID = \(table).REG_TENANT_ID)"
        }
        statements += links.map { resource($0.0, "REG_RESOURCE_NAME", "REG_NAME") }
        return MigrationTask(
            name: "registry-versioning-off",
            description: "tags, comments, ratings and properties of old resource versions removed, the rest keyed by path and name",
            follows: "apim-migration-resources versioning-disable-scripts (migration-2.6.0_to_3.0.0, 3.0.0_to_3.1.0), with tenants matched",
            sql: RawSQL(
                "registry versioning off", statements: everywhere(statements),
                destroys: "deletes the tags, comments, ratings and properties of resource versions that are no longer current"))
    }()

    static let registryLogPrune = MigrationTask(
        name: "registry-log-prune",
        description: "REG_LOG keeps only the newest entry of each path, and no entry of action 7, so that the server re-indexes",
        follows: "apim-migration-resources re_indexing_registry/reg-index.sql, the newest entry found per tenant",
        sql: RawSQL(
            "prune REG_LOG",
            statements: [
                "postgresql": [
                    "DELETE FROM REG_LOG WHERE EXISTS (SELECT 1 FROM REG_LOG n WHERE n.REG_PATH IS NOT DISTINCT FROM REG_LOG.REG_PATH "
                        + "AND n.REG_TENANT_ID IS NOT DISTINCT FROM REG_LOG.REG_TENANT_ID AND n.REG_LOG_ID > REG_LOG.REG_LOG_ID)",
                    "DELETE FROM REG_LOG WHERE REG_ACTION = 7",
                ],
                "sqlite": [
                    "DELETE FROM REG_LOG WHERE EXISTS (SELECT 1 FROM REG_LOG n WHERE n.REG_PATH IS REG_LOG.REG_PATH "
                        + "AND n.REG_TENANT_ID IS REG_LOG.REG_TENANT_ID AND n.REG_LOG_ID > REG_LOG.REG_LOG_ID)",
                    "DELETE FROM REG_LOG WHERE REG_ACTION = 7",
                ],
                // MySQL cannot read the table a DELETE's sub-query deletes from: a self-join instead.
                "mysql": [
                    "DELETE o FROM REG_LOG o JOIN REG_LOG n ON n.REG_PATH <=> o.REG_PATH AND n.REG_TENANT_ID <=> o.REG_TENANT_ID "
                        + "AND n.REG_LOG_ID > o.REG_LOG_ID",
                    "DELETE FROM REG_LOG WHERE REG_ACTION = 7",
                ],
            ],
            destroys: "deletes every REG_LOG entry but the newest of each path, and the entries of action 7"))
}
