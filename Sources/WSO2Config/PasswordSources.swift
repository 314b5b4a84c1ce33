import Foundation
import SQLDriver

/// Where a PostgreSQL password may come from besides the URL and the configuration file.
///
/// The order, for each connection: a password in the URL or in the configuration file is used as
/// it is; otherwise the line read by `--password-stdin`, when there is one; otherwise libpq's own
/// `PGPASSWORD` and `~/.pgpass` (`PGPASSFILE`). A password kept in WSO2's secure vault counts as none
/// given, and is an error only when none of the others can give one.
public struct PasswordSources: Sendable {
    /// The line read from standard input by `--password-stdin`, if the command was given it.
    public var standardInput: String?
    /// The environment libpq will see (`PGPASSWORD`, `PGPASSFILE`, `HOME`).
    public var environment: [String: String]

    /// Creates the sources.
    public init(standardInput: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.standardInput = standardInput
        self.environment = environment
    }

    /// Whether libpq has a password of its own to offer: `PGPASSWORD`, or a password file.
    public var libpqHasPassword: Bool {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return true }
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        return file.map { FileManager.default.fileExists(atPath: $0) } ?? false
    }

    /// A connection with its password settled, as `resolve` chose it.
    /// - Parameters:
    ///   - url: the connection as given.
    ///   - user: a user name to use (from a configuration file), or `nil` for the URL's own.
    ///   - password: the password a configuration file gives.
    /// - Throws: `ConfigError` `.securedPassword` when the password is in the secure vault and no other
    ///   source has one; it says how to give it.
    public func resolve(_ url: DatabaseURL, user: String? = nil, password: Datasource.Password = .none) throws -> ResolvedConnection {
        guard case .postgres = url else { return ResolvedConnection(url: url, passwordOrigin: .notNeeded) }
        switch password {
        case .given(let value):
            return ResolvedConnection(url: url.withCredentials(user: user, password: value), passwordOrigin: .configuration)
        case .none, .secureVault:
            if url.carriesPassword {
                return ResolvedConnection(url: url.withCredentials(user: user, password: nil), passwordOrigin: .url)
            }
            if let standardInput {
                return ResolvedConnection(url: url.withCredentials(user: user, password: standardInput), passwordOrigin: .standardInput)
            }
            if case .secureVault(let alias) = password, !libpqHasPassword {
                throw ConfigError(
                    .securedPassword,
                    "the password is kept in WSO2's secure vault (alias \(alias)), which only the server can decrypt",
                    hint: "give the password another way: --password-stdin (one line on standard input), PGPASSWORD, or a ~/.pgpass line for this host and database")
            }
            return ResolvedConnection(url: url.withCredentials(user: user, password: nil), passwordOrigin: .libpq)
        }
    }
}

/// A connection ready to open, and where its password came from (never the password itself).
public struct ResolvedConnection: Sendable, CustomStringConvertible {
    /// Where a connection's password came from.
    public enum PasswordOrigin: String, Sendable {
        /// The URL carries it.
        case url = "from the URL"
        /// The configuration file gives it.
        case configuration = "from the configuration file"
        /// `--password-stdin`.
        case standardInput = "from standard input"
        /// None given: libpq looks in `PGPASSWORD` and `~/.pgpass`, or the server needs none.
        case libpq = "PGPASSWORD or ~/.pgpass, if the server asks for one"
        /// A SQLite file.
        case notNeeded = "none needed"
    }

    /// The connection, with any password as a libpq parameter; its `description` masks it.
    public let url: DatabaseURL
    /// Where the password came from.
    public let passwordOrigin: PasswordOrigin

    /// The URL with the password masked, and where the password came from.
    public var description: String {
        passwordOrigin == .notNeeded ? url.description : "\(url) (password: \(passwordOrigin.rawValue))"
    }
}
