import Foundation
import SQLDriver

/// Where a MySQL or MariaDB database is, and how to reach it: the parsed form of every URL
/// spelling wso2db accepts for these engines.
///
/// - `mysql://USER:PASSWORD@HOST:PORT/DATABASE?ssl-mode=REQUIRED&ssl-ca=PATH&connect-timeout=10`
///   and `mariadb://…` (the option names of the `mysql` command-line client);
/// - a socket instead of a host: `mysql://USER@localhost/DATABASE?socket=/run/mysqld/mysqld.sock`,
///   or the socket path percent-encoded as the host, as libpq writes it
///   (`mysql://USER@%2Frun%2Fmysqld%2Fmysqld.sock/DATABASE`);
/// - `jdbc:mysql://…` and `jdbc:mariadb://…` as they stand in WSO2's configuration, with every
///   Connector/J parameter either mapped or explicitly ignored (see `MySQLJDBCParameters`).
///
/// The password is kept apart from everything printed: `description` masks it.
public struct MySQLURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS, in the terms of `--ssl-mode` of the `mysql` client.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disabled = "DISABLED"
        /// TLS when the server offers it, without checking its certificate.
        case preferred = "PREFERRED"
        /// TLS or no connection, without checking the certificate.
        case required = "REQUIRED"
        /// TLS, and the certificate must be signed by a trusted CA.
        case verifyCA = "VERIFY_CA"
        /// As `verifyCA`, and the certificate must name the host.
        case verifyIdentity = "VERIFY_IDENTITY"
    }

    /// The scheme as the user wrote it, for messages (`mysql`, `mariadb`, `jdbc:mysql`, `jdbc:mariadb`).
    public var scheme: String
    /// Host name or address; `nil` means `localhost`.
    public var host: String?
    /// TCP port; `nil` means 3306.
    public var port: Int?
    /// Unix socket path, used instead of TCP when set.
    public var socket: String?
    /// User name; `nil` lets the connector use the login name.
    public var user: String?
    /// Password; never printed.
    public var password: String?
    /// The database (schema) WSO2's tables live in.
    public var database: String
    /// How TLS is used.
    public var tlsMode: TLSMode = .preferred
    /// PEM files for TLS: the CA that signs the server's certificate, and the client's own certificate and key.
    public var tlsCA: String?
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// The server's RSA public key (PEM), for `caching_sha2_password` / `sha256_password` over plain TCP.
    public var serverPublicKeyPath: String?
    /// Seconds to wait for the server to answer a connection attempt.
    public var connectTimeout: Int?
    /// JDBC parameters that change nothing here and were left out, by name (for `--verbose`).
    public var droppedParameters: [String] = []

    /// Parses `mysql://`, `mariadb://`, `jdbc:mysql://` or `jdbc:mariadb://`.
    /// - Throws: `DatabaseError` `.invalidURL`, naming what to write instead.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw Self.invalid("the URL has no ://")
        }
        scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard Self.schemes.contains(scheme) else {
            let hint = scheme.hasPrefix("jdbc:mysql:") || scheme.hasPrefix("jdbc:mariadb:")
                ? "wso2db connects to one server: write jdbc:mysql://HOST:PORT/DATABASE for the primary (failover, load-balancing and replication URLs are not supported)"
                : "write mysql://USER@HOST:PORT/DATABASE or jdbc:mysql://HOST:PORT/DATABASE"
            throw DatabaseError(.invalidURL, "\(scheme):// is not a MySQL URL wso2db reads", hint: hint)
        }
        let rest = trimmed[schemeEnd.upperBound...]
        let queryStart = rest.firstIndex(of: "?")
        let beforeQuery = rest[..<(queryStart ?? rest.endIndex)]
        let slash = beforeQuery.firstIndex(of: "/")
        let authority = beforeQuery[..<(slash ?? beforeQuery.endIndex)]
        let path = slash.map { beforeQuery[beforeQuery.index(after: $0)...] } ?? ""
        guard !path.contains(";") else {
            throw Self.invalid("\(scheme):// URL with ; after the database: parameters go after ?", hint: "write …/DATABASE?user=NAME&password=…")
        }
        database = try Self.decoded(String(path), "database name")

        var hostPart = Substring(authority)
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.decoded(String(credentials[..<colon]), "user name")
                password = try Self.decoded(String(credentials[credentials.index(after: colon)...]), "password")
                password.map(Secrets.register)
            } else {
                user = try Self.decoded(String(credentials), "user name")
            }
            if user?.isEmpty == true { user = nil }
        }
        try parseHost(hostPart)

        let parameters = try Self.parameters(queryStart.map { String(rest[rest.index(after: $0)...]) } ?? "")
        if scheme.hasPrefix("jdbc:") {
            try MySQLJDBCParameters.apply(parameters, to: &self)
        } else {
            try applyClientOptions(parameters)
        }
        guard !database.isEmpty else {
            throw Self.invalid("\(description) names no database", hint: "add the database after the host: …/WSO2_SHARED_DB")
        }
    }

    /// The URL schemes this type reads.
    public static let schemes: Set<String> = ["mysql", "mariadb", "jdbc:mysql", "jdbc:mariadb"]

    /// Host, or a percent-encoded socket path, and port.
    private mutating func parseHost(_ text: Substring) throws {
        if text.contains(",") {
            throw Self.invalid(
                "the URL lists several hosts",
                hint: "wso2db connects to one server: give the primary's HOST:PORT only")
        }
        let decoded = try Self.decoded(String(text), "host")
        if decoded.hasPrefix("/") {
            socket = decoded
            return
        }
        var hostText = Substring(text)
        if hostText.hasPrefix("["), let close = hostText.firstIndex(of: "]") {
            host = String(hostText[hostText.index(after: hostText.startIndex)..<close])
            hostText = hostText[hostText.index(after: close)...]
            if hostText.hasPrefix(":") { try parsePort(hostText.dropFirst()) }
            return
        }
        if let colon = hostText.lastIndex(of: ":") {
            try parsePort(hostText[hostText.index(after: colon)...])
            hostText = hostText[..<colon]
        }
        host = hostText.isEmpty ? nil : try Self.decoded(String(hostText), "host")
    }

    private mutating func parsePort(_ text: Substring) throws {
        guard let number = Int(text), (1...65535).contains(number) else {
            throw Self.invalid("port \(text) is not a number from 1 to 65535", hint: "write HOST:PORT, for example 127.0.0.1:3306")
        }
        port = number
    }

    /// The options of a `mysql://` URL, spelled as the `mysql` client's command-line options.
    private mutating func applyClientOptions(_ parameters: [(key: String, value: String)]) throws {
        for (key, value) in parameters {
            switch key.lowercased().replacingOccurrences(of: "_", with: "-") {
            case "socket": socket = value
            case "user": user = value
            case "password":
                password = value
                Secrets.register(value)
            case "ssl-mode", "sslmode":
                guard let mode = TLSMode(rawValue: value.uppercased().replacingOccurrences(of: "-", with: "_")) else {
                    throw Self.invalid(
                        "ssl-mode=\(value) is not a mode", hint: "write one of " + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                tlsMode = mode
            case "ssl-ca": tlsCA = value
            case "ssl-cert": tlsCertificate = value
            case "ssl-key": tlsKey = value
            case "server-public-key-path": serverPublicKeyPath = value
            case "connect-timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw Self.invalid("connect-timeout=\(value) is not a number of seconds")
                }
                connectTimeout = seconds
            default:
                throw Self.invalid(
                    "\(scheme):// URL parameter \(key) is not one wso2db knows",
                    hint: "use socket, ssl-mode, ssl-ca, ssl-cert, ssl-key, server-public-key-path or connect-timeout")
            }
        }
    }

    /// The URL for messages: the password, wherever it was given, shown as `***`.
    public var description: String {
        let credentials = user.map { name in Self.encoded(name) + (password == nil ? "" : ":***") + "@" } ?? (password == nil ? "" : ":***@")
        let place: String
        if let socket {
            place = Self.encoded(socket)
        } else {
            let name = host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
            place = name + (port.map { ":\($0)" } ?? "")
        }
        let baseScheme = scheme.hasPrefix("jdbc:") ? String(scheme.dropFirst(5)) : scheme
        return "\(baseScheme)://\(credentials)\(place)/\(Self.encoded(database))"
    }

    /// The same database with a user and a password set (`nil` keeps what the URL says).
    public func withCredentials(user: String?, password: String?) -> MySQLURL {
        var copy = self
        if let user, !user.isEmpty { copy.user = user }
        if let password { copy.password = password }
        return copy
    }

    // MARK: - Pieces

    static func parameters(_ query: String) throws -> [(key: String, value: String)] {
        // Connector/J also accepts `;` between parameters, and WSO2's XML writes `&amp;` that the
        // XML reader has already turned into `&`.
        try query.split(whereSeparator: { $0 == "&" || $0 == ";" }).filter { !$0.isEmpty }.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decoded(String(parts[0]), "parameter name")
            let value = parts.count == 2 ? try decoded(String(parts[1]), "value of \(key)") : ""
            return (key, value)
        }
    }

    static func decoded(_ text: String, _ what: String) throws -> String {
        guard let value = text.removingPercentEncoding else {
            throw invalid("the \(what) in the URL has a broken %-escape", hint: "write % as %25")
        }
        return value
    }

    static func encoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func invalid(_ message: String, hint: String? = nil) -> DatabaseError {
        DatabaseError(.invalidURL, message, hint: hint ?? "write mysql://USER@HOST:PORT/DATABASE or jdbc:mysql://HOST:PORT/DATABASE")
    }
}
