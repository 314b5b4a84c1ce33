import Foundation

/// The drivers this program was built with: filled once, at start, by each executable
/// (`DriverRegistry.register`), and asked for a driver by URL, scheme, WSO2 configuration `type` or
/// JDBC driver class. The only code that names concrete drivers is the registering line.
public enum DriverRegistry {
    private static let registered = Locked<[any DatabaseDriver]>([])

    /// Adds drivers; a driver whose `id` is registered already replaces the earlier one.
    public static func register(_ drivers: any DatabaseDriver...) {
        registered.withLock { list in
            for driver in drivers {
                list.removeAll { $0.id == driver.id }
                list.append(driver)
            }
        }
    }

    /// Every registered driver, in registration order.
    public static var drivers: [any DatabaseDriver] { registered.withLock { $0 } }

    /// The driver with this `id`.
    public static func driver(id: String) -> (any DatabaseDriver)? {
        drivers.first { $0.id == id }
    }

    /// The driver that parsed `url`.
    /// - Throws: `.unsupportedEngine` when it is not registered in this program.
    public static func driver(for url: DatabaseURL) throws -> any DatabaseDriver {
        guard let driver = driver(id: url.driver) else {
            throw DatabaseError(.unsupportedEngine, "this program has no \(url.driver) driver", hint: supportedHint)
        }
        return driver
    }

    /// The driver a WSO2 `type` setting names (`postgre`, `mysql` …), if one is registered.
    public static func driver(forConfigType type: String) -> (any DatabaseDriver)? {
        let wanted = type.lowercased()
        return drivers.first { $0.configTypes.contains(wanted) }
    }

    /// The driver a JDBC driver class names (`org.postgresql.Driver` …), if one is registered.
    public static func driver(forDriverClass name: String) -> (any DatabaseDriver)? {
        drivers.first { $0.jdbcDriverClasses.contains(name) }
    }

    /// Opens `url` with its driver.
    public static func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection {
        try driver(for: url).open(url, for: access)
    }

    /// Parses a URL as users write it: a scheme a registered driver owns (`postgres://`,
    /// `sqlite:`), or `jdbc:SUBPROTOCOL:` with a sub-protocol one owns.
    /// - Throws: `DatabaseError` `.invalidURL`, or `.unsupportedEngine` naming the engine a URL for
    ///   another database is on; never echoing a password.
    public static func parse(_ text: String) throws -> DatabaseURL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        if lower.hasPrefix("jdbc:") {
            let subprotocol = String(lower.dropFirst(5).prefix { $0 != ":" })
            if let driver = drivers.first(where: { $0.jdbcSubprotocols.contains(subprotocol) }) {
                return try driver.parseJDBC(trimmed)
            }
            throw DatabaseError(
                .unsupportedEngine, "the datasource is on \(EngineNames.name(of: subprotocol)), which wso2db does not drive",
                hint: supportedHint)
        }
        let scheme = String(lower.prefix { $0 != ":" })
        if scheme.count < lower.count, let driver = drivers.first(where: { $0.schemes.contains(scheme) }) {
            return try driver.parse(trimmed)
        }
        if lower.dropFirst(scheme.count).hasPrefix("://"), let name = EngineNames.known[scheme] {
            throw DatabaseError(.unsupportedEngine, "the datasource is on \(name), which wso2db does not drive", hint: supportedHint)
        }
        throw DatabaseError(.invalidURL, "cannot tell which database the URL names (its scheme is not one wso2db knows)", hint: "write " + forms)
    }

    /// Every URL form the registered drivers accept, for hints.
    public static var forms: String {
        drivers.flatMap(\.urlForms).joined(separator: ", ")
    }

    /// What wso2db works with, for a hint.
    public static var supportedHint: String {
        "wso2db works with " + drivers.map(\.engineName).joined(separator: ", ") + " (" + forms + ")"
    }
}

/// The usual names of database engines, including those wso2db does not drive, for messages.
public enum EngineNames {
    /// By URL scheme, JDBC sub-protocol or WSO2 configuration `type`.
    static let known = [
        "postgres": "PostgreSQL", "postgresql": "PostgreSQL", "postgre": "PostgreSQL",
        "mysql": "MySQL", "mariadb": "MariaDB", "h2": "H2", "oracle": "Oracle", "sqlserver": "Microsoft SQL Server",
        "mssql": "Microsoft SQL Server", "jtds": "Microsoft SQL Server", "db2": "IBM Db2", "derby": "Apache Derby",
        "hsqldb": "HSQLDB", "sqlite": "SQLite",
        // JDBC driver classes, lower-cased.
        "org.h2.driver": "H2", "com.mysql.jdbc.driver": "MySQL", "com.mysql.cj.jdbc.driver": "MySQL",
        "org.mariadb.jdbc.driver": "MariaDB", "oracle.jdbc.oracledriver": "Oracle", "oracle.jdbc.driver.oracledriver": "Oracle",
        "com.microsoft.sqlserver.jdbc.sqlserverdriver": "Microsoft SQL Server", "com.ibm.db2.jcc.db2driver": "IBM Db2",
        "org.postgresql.driver": "PostgreSQL",
    ]

    /// The usual name of the engine `name` (a scheme, JDBC sub-protocol, WSO2 `type` or JDBC driver
    /// class) stands for, or `name` itself.
    public static func name(of name: String) -> String {
        let lower = name.lowercased()
        return DriverRegistry.drivers.first {
            $0.schemes.contains(lower) || $0.jdbcSubprotocols.contains(lower) || $0.configTypes.contains(lower) || $0.jdbcDriverClasses.contains(name)
        }?.engineName ?? known[lower] ?? name
    }
}
