import SQLDriver

/// Carries out a grant plan, each database in one transaction, so that running it again changes
/// nothing: roles are created only when missing, a password is set only on a role just created (or
/// when asked to reset), and every grant and revoke leaves a privilege already as planned as it is.
/// Whether anything changed is measured, not assumed: a fingerprint of every ownership and
/// privilege of the database is taken before and after.
public enum GrantApplier {
    /// What applying did to one database.
    public struct TargetResult: Sendable {
        /// The database.
        public var target: GrantPlan.Target
        /// Roles that did not exist and were created.
        public var createdRoles: [String]
        /// Roles whose password was set.
        public var passwordsSet: [String]
        /// Roles created without a password (none was given for them).
        public var withoutPassword: [String]
        /// Whether any ownership or privilege of the database changed.
        public var privilegesChanged: Bool
        /// Set when the engine has no access control (SQLite): what to do instead.
        public var notApplicable: [String]?

        /// Whether anything at all changed.
        public var changed: Bool { !createdRoles.isEmpty || !passwordsSet.isEmpty || privilegesChanged }
    }

    /// Applies `plan`.
    /// - Parameters:
    ///   - passwords: a password per role name, for roles created now (or every role, with `resetPasswords`).
    ///   - open: opens a database to write (the caller's driver registry).
    /// - Throws: `DatabaseError` from the engine (a user without the right to create roles or change
    ///   owners, …); the database being worked on is rolled back. A password never appears in it.
    public static func apply(
        _ plan: GrantPlan, passwords: [String: String], resetPasswords: Bool = false,
        open: (DatabaseURL) throws -> any DatabaseConnection
    ) throws -> [TargetResult] {
        var results: [TargetResult] = []
        var rolesDone: Set<String> = []
        for target in plan.targets {
            let connection = try open(target.url)
            guard let dialect = connection.dialect as? any AccessControlDialect else {
                results.append(
                    TargetResult(
                        target: target, createdRoles: [], passwordsSet: [], withoutPassword: [], privilegesChanged: false,
                        notApplicable: GrantScript.noAccessControl(target, engine: connection.dialect.engineName)))
                continue
            }
            var result = TargetResult(target: target, createdRoles: [], passwordsSet: [], withoutPassword: [], privilegesChanged: false)
            try connection.exclusiveTransaction {
                let before = try fingerprint(connection, dialect)
                for role in plan.roleNames {
                    let exists = try connection.query(dialect.roleExistsQuery(role)).rows.first?.first?.integerValue ?? 0 > 0
                    if !exists {
                        for statement in dialect.createRoleStatements(role) { try connection.execute(statement) }
                        result.createdRoles.append(role)
                    }
                    guard !rolesDone.contains(role), !exists || resetPasswords else { continue }
                    if let password = passwords[role] {
                        try setPassword(password, of: role, connection, dialect)
                        result.passwordsSet.append(role)
                    } else if !exists {
                        result.withoutPassword.append(role)
                    }
                }
                let database = try connection.query(dialect.currentDatabaseQuery).rows.first?.first?.textValue ?? ""
                for statement in dialect.accessStatements(database: database, owner: plan.roles.owner, grants: target.grants) {
                    try connection.execute(statement)
                }
                result.privilegesChanged = try fingerprint(connection, dialect) != before
            }
            rolesDone.formUnion(plan.roleNames)
            results.append(result)
        }
        return results
    }

    static func fingerprint(_ connection: any DatabaseConnection, _ dialect: any AccessControlDialect) throws -> String {
        try connection.query(dialect.accessFingerprintQuery).rows.first?.first?.textValue ?? ""
    }

    /// Sets a password through the engine's hash when the connection can compute it; the statement,
    /// which holds the hash or the password, is kept out of any error.
    static func setPassword(_ password: String, of role: String, _ connection: any DatabaseConnection, _ dialect: any AccessControlDialect) throws {
        let verifier = try (connection as? any PasswordHashing)?.passwordVerifier(password, role: role) ?? password
        do {
            try connection.execute(dialect.passwordStatement(role: role, verifier: verifier))
        } catch var error as DatabaseError {
            error.statement = nil
            throw error.during("setting the password of role \(role)")
        }
    }
}
