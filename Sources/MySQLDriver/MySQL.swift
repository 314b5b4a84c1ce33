import Foundation
import SQLDriver

/// The MySQL and MariaDB driver: `mysql://` and `mariadb://` URLs (the `mysql` client's option
/// names, a socket path as the host or `?socket=`), `jdbc:mysql://` and `jdbc:mariadb://` as WSO2's
/// configuration holds them (every Connector/J parameter mapped or ignored on purpose, see
/// `MySQLJDBCParameters`), the password also from `MYSQL_PWD`. Register it with
/// `DriverRegistry.register(MySQL())`.
public struct MySQL: DatabaseDriver {
    public init() {}

    public var id: String { "mysql" }
    public var engineName: String { "MySQL" }
    public var schemes: [String] { ["mysql", "mariadb"] }
    public var jdbcSubprotocols: [String] { ["mysql", "mariadb"] }
    public var configTypes: [String] { ["mysql", "mariadb"] }
    public var jdbcDriverClasses: [String] { ["com.mysql.jdbc.Driver", "com.mysql.cj.jdbc.Driver", "org.mariadb.jdbc.Driver"] }
    public var urlForms: [String] { ["mysql://USER@HOST:PORT/DB", "jdbc:mysql://HOST:PORT/DB"] }
    public var dialect: any SQLDialect { MySQLDialect() }
    public var passwordSources: String? { "MYSQL_PWD" }

    /// `MYSQL_PWD`, which MariaDB Connector/C does not read itself but wso2db does (as the `mysql` client).
    public func offersPassword(environment: [String: String]) -> Bool {
        guard let password = environment["MYSQL_PWD"], !password.isEmpty else { return false }
        Secrets.register(password)
        return true
    }

    /// Parses a `mysql://` URL without the registry.
    public static func url(_ text: String) throws -> DatabaseURL {
        try MySQLURL(parsing: text).databaseURL
    }

    public func parse(_ text: String) throws -> DatabaseURL {
        try MySQLURL(parsing: text).databaseURL
    }

    public func parseJDBC(_ text: String) throws -> DatabaseURL {
        try MySQLURL(parsing: text).databaseURL
    }

    /// `mysql://user:***@host:port/db`, rendered from the parsed parts.
    public func describe(_ url: DatabaseURL) -> String {
        MySQLURL(url).description
    }

    /// Opens a connection; for `.read`, every transaction of the session is read-only.
    public func open(_ url: DatabaseURL, for access: DatabaseAccess) throws -> any DatabaseConnection {
        let connection = try MySQLConnection(url: MySQLURL(url))
        if access == .read {
            try connection.execute("SET SESSION TRANSACTION READ ONLY")
            connection.readOnlySession = true
        }
        return connection
    }
}

extension MySQLURL {
    /// The parameter names a `DatabaseURL` carries MySQL's settings under: the `mysql` client's options.
    enum Option {
        static let socket = "socket", sslMode = "ssl-mode", sslCA = "ssl-ca", sslCert = "ssl-cert", sslKey = "ssl-key"
        static let serverPublicKey = "server-public-key-path", connectTimeout = "connect-timeout"
    }

    /// The URL as the driver contract carries it: the `mysql` client's option names as parameters.
    public var databaseURL: DatabaseURL {
        var parameters: [DatabaseURL.Parameter] = []
        if let socket { parameters.append(.init(Option.socket, socket)) }
        if tlsMode != .preferred { parameters.append(.init(Option.sslMode, tlsMode.rawValue)) }
        if let tlsCA { parameters.append(.init(Option.sslCA, tlsCA)) }
        if let tlsCertificate { parameters.append(.init(Option.sslCert, tlsCertificate)) }
        if let tlsKey { parameters.append(.init(Option.sslKey, tlsKey)) }
        if let serverPublicKeyPath { parameters.append(.init(Option.serverPublicKey, serverPublicKeyPath)) }
        if let connectTimeout { parameters.append(.init(Option.connectTimeout, String(connectTimeout))) }
        return DatabaseURL(
            driver: "mysql", scheme: scheme, user: user, password: password, host: host, port: port.map(String.init),
            database: database, parameters: parameters, droppedParameters: droppedParameters)
    }

    /// The MySQL reading of a URL the driver parsed (and perhaps gave other credentials since).
    public init(_ url: DatabaseURL) {
        scheme = url.scheme
        host = url.host
        port = url.port.flatMap { Int($0) }
        user = url.user
        password = url.password
        database = url.database ?? ""
        socket = url.parameter(Option.socket)
        tlsMode = url.parameter(Option.sslMode).flatMap(TLSMode.init(rawValue:)) ?? .preferred
        tlsCA = url.parameter(Option.sslCA)
        tlsCertificate = url.parameter(Option.sslCert)
        tlsKey = url.parameter(Option.sslKey)
        serverPublicKeyPath = url.parameter(Option.serverPublicKey)
        connectTimeout = url.parameter(Option.connectTimeout).flatMap { Int($0) }
        droppedParameters = url.droppedParameters
    }
}
