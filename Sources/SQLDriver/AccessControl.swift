/// How much of a database a role may touch: the three levels least-privilege grants use.
public enum AccessLevel: String, Sendable, Hashable, Comparable, CaseIterable {
    /// No connection at all.
    case none
    /// A connection and nothing else: no table can be read.
    case connectOnly = "connect-only"
    /// Select, insert, update and delete on every table, use of every sequence, execution of the
    /// database's functions; never DDL.
    case readWrite = "read-write"

    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A role and the access it is to have to one database.
public struct AccessGrant: Sendable, Hashable {
    /// The role's name, exactly (it is always quoted).
    public var role: String
    /// What it may do.
    public var access: AccessLevel

    /// Creates a grant.
    public init(role: String, access: AccessLevel) {
        self.role = role
        self.access = access
    }
}

/// A dialect whose engine has roles and privileges: how it spells least-privilege grants, and how
/// the privileges a user holds are read back. A dialect that does not conform (SQLite) has no
/// access control of its own; the file's permissions are all there is.
///
/// Every statement is safe to run again: running the whole set twice leaves the database as once.
/// Role names are always quoted identifiers and, in queries, parameters.
public protocol AccessControlDialect: SQLDialect {
    /// Statements that create `role`, able to log in and without a password, unless it exists.
    func createRoleStatements(_ role: String) -> [String]
    /// A query whose one value is 1 when `role` exists, 0 otherwise.
    func roleExistsQuery(_ role: String) -> SQLStatement
    /// The statement that sets `role`'s password to `verifier` (a hash the connection computed, or
    /// the password itself where the engine has no such hash). It holds a secret: it is executed,
    /// never printed, and a failure of it is reported without its text.
    func passwordStatement(role: String, verifier: String) -> String
    /// The statements that make `owner` the owner of the current database's WSO2 objects (and of its
    /// bookkeeping) and the only role that can change its structure, and give each role of `grants`
    /// exactly its access to the database `database`; tables, sequences and functions made later by
    /// `owner` reach the read-write roles by default privileges. Privileges a role of `grants` holds
    /// beyond its level are revoked.
    func accessStatements(database: String, owner: String, grants: [AccessGrant]) -> [String]

    /// A query whose one text value is the name of the current database.
    var currentDatabaseQuery: String { get }
    /// A query whose one row and one text value changes whenever an ownership or privilege on the
    /// current database or its objects changes (the fingerprint of `apply` before and after).
    var accessFingerprintQuery: String { get }
    /// A query with one row per WSO2 table of the current database: its name (text) and whether the
    /// current user may select, insert, update and delete in it (four booleans), in that order.
    var tablePrivilegesQuery: String { get }
    /// A query with one row per reason the current user can change the database's structure (text:
    /// `superuser`, `owns 247 tables`, `CREATE on schema public` …); none when it cannot.
    var structureRightsQuery: String { get }
    /// A query whose one text value names the physical database, the same however it is reached
    /// (host name, address, port forwarding): the server's identity and the database's.
    var identityQuery: String { get }
}

/// A connection that can turn a password into the hash its server stores, so that the password
/// itself never travels in a statement (libpq's `PQencryptPasswordConn`, as `psql`'s `\password`).
public protocol PasswordHashing {
    /// The verifier for `password` of `role`, in the server's configured method.
    /// - Throws: `DatabaseError` when the library cannot compute it.
    func passwordVerifier(_ password: String, role: String) throws -> String
}
