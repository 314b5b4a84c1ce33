import SQLDriver

/// The MySQL and MariaDB error numbers wso2db acts on, by name (server errors from
/// `mysqld_error.h`, client errors from `errmsg.h`), and what a user can do about each.
public enum MySQLErrorNumber {
    /// Access denied for user (wrong password, or no such user from this host).
    public static let accessDenied: Int32 = 1045
    /// Unknown database.
    public static let unknownDatabase: Int32 = 1049
    /// Access denied to a database for this user.
    public static let databaseAccessDenied: Int32 = 1044
    /// A command denied to this user (a missing privilege on a table).
    public static let tableAccessDenied: Int32 = 1142
    /// A table that does not exist.
    public static let noSuchTable: Int32 = 1146
    /// A duplicate key value.
    public static let duplicateEntry: Int32 = 1062
    /// The server runs read-only (`--read-only`), or the transaction is.
    public static let readOnly: Int32 = 1290
    /// A statement in a `READ ONLY` transaction tried to write.
    public static let readOnlyTransaction: Int32 = 1792
    /// A packet larger than `max_allowed_packet`.
    public static let packetTooLarge: Int32 = 1153
    /// The server refuses `LOAD DATA LOCAL INFILE` (`local_infile` is off).
    public static let localInfileRefused: Int32 = 1148
    /// Every way a server or client says no to `LOAD DATA LOCAL INFILE`: MariaDB's and MySQL 5's
    /// 1148, MySQL 8's 3948 (disabled on one side), 4166 (MariaDB: disabled by capability) and the
    /// client's own 2068.
    static let localInfileRefusals: Set<Int32> = [localInfileRefused, 3948, 4166, 2068]
    /// Client: cannot connect through the socket.
    public static let socketConnectFailed: Int32 = 2002
    /// Client: cannot connect to the host and port.
    public static let tcpConnectFailed: Int32 = 2003
    /// Client: unknown host name.
    public static let unknownHost: Int32 = 2005
    /// Client: the server has gone away.
    public static let serverGone: Int32 = 2006
    /// Client: the connection was lost during a query.
    public static let serverLost: Int32 = 2013
    /// Client: the authentication plugin could not be loaded.
    public static let authPluginUnavailable: Int32 = 2059
    /// Client: TLS was required but the connection could not use it.
    public static let tlsFailed: Int32 = 2026

    /// The errors of a DDL statement whose change is in place already: table exists (1050),
    /// duplicate column (1060), duplicate key name (1061), multiple primary key (1068), cannot drop
    /// what does not exist (1091), duplicate foreign key (1826).
    static let changeInPlace: Set<Int32> = [1050, 1060, 1061, 1068, 1091, 1826]

    /// MariaDB's InnoDB reports a foreign key whose name exists already as error 1005 with errno 121,
    /// where MySQL 8 says 1826.
    static func isDuplicateConstraint(_ number: Int32, _ message: String) -> Bool {
        number == 1005 && message.contains("errno: 121")
    }

    /// A `DatabaseError` for a failed statement.
    static func error(number: Int32, message: String, sqlState: String, statement: String?) -> DatabaseError {
        let lost = number == serverGone || number == serverLost
        return DatabaseError(
            lost ? .connectionLost : changeInPlace.contains(number) || isDuplicateConstraint(number, message) ? .alreadyInPlace : .statementFailed, message,
            sqlState: sqlState.isEmpty || sqlState == "00000" ? nil : sqlState, statement: statement,
            hint: statementHint(number), errorNumber: number)
    }

    /// What the user can do about a failed statement, by its error number.
    static func statementHint(_ number: Int32) -> String? {
        switch number {
        case serverGone, serverLost:
            "the connection to the server was lost; check the server, then run the command again"
        case readOnly, readOnlyTransaction:
            "the server or this session only allows reading (read_only / super_read_only); give a database this user can write to"
        case databaseAccessDenied, tableAccessDenied, 1227 /* needs SUPER or similar */:
            "this user lacks a privilege the operation needs; connect as the database's owner, or GRANT ALL ON DATABASE.* TO the user"
        case packetTooLarge:
            "a value is larger than the server's max_allowed_packet; raise it (SET GLOBAL max_allowed_packet = 1073741824) and run again"
        case let number where localInfileRefusals.contains(number):
            "the server refuses LOAD DATA LOCAL INFILE (local_infile = OFF)"
        default:
            nil
        }
    }

    /// What the user can do about a connection that failed, by its error number.
    static func connectionHint(_ number: Int32, url: MySQLURL) -> String {
        switch number {
        case accessDenied:
            "check the user name and password (in the URL, MYSQL_PWD or --password-stdin), and that the user may connect from this host"
        case unknownDatabase:
            "create the database first (CREATE DATABASE \(url.database) CHARACTER SET utf8mb4), or correct its name in the URL"
        case databaseAccessDenied:
            "this user may not use that database; GRANT ALL ON \(url.database).* TO the user, or connect as another"
        case socketConnectFailed where url.socket != nil || url.host == nil || url.host == "localhost":
            // Connector/C says 2002 for a refused TCP connection too; localhost without a socket means the default one.
            "is MySQL/MariaDB running with its socket at \(url.socket ?? "the default path")? Or give a host and port"
        case socketConnectFailed, tcpConnectFailed:
            "is MySQL/MariaDB running and accepting TCP connections at \(url.host ?? "localhost"):\(url.port ?? 3306)?"
        case unknownHost:
            "check the host name in the URL"
        case authPluginUnavailable:
            "the server asks for an authentication plugin MariaDB Connector/C could not load; install libmariadb3's plugins"
        case tlsFailed:
            "TLS was required but could not be set up; check the server's TLS settings and ssl-ca, or lower ssl-mode"
        default:
            "check the URL and that the server is reachable"
        }
    }
}
