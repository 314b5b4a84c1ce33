import Foundation
import SQLDriver

/// Where a database password may come from besides the URL and the configuration file.
///
/// The order, for each connection: a password in the URL or in the configuration file is used as
/// it is; otherwise the line read by `--password-stdin`, when there is one; otherwise the engine's
/// client library's own places (`PGPASSWORD` and `~/.pgpass` for libpq; the driver says which).
/// A password kept in WSO2's secure vault counts as none given, and is an error only when none of
/// the others can give one. Every password met is registered with `Secrets`.
public struct PasswordSources: Sendable {
    /// The line read from standard input by `--password-stdin`, if the command was given it.
    public var standardInput: String?
    /// The environment the client libraries will see (`PGPASSWORD`, `PGPASSFILE`, `HOME` …).
    public var environment: [String: String]

    /// Creates the sources.
    public init(standardInput: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.standardInput = standardInput
        self.environment = environment
        if let standardInput { Secrets.register(standardInput) }
    }

    /// A connection with its password settled, as `resolve` chose it.
    /// - Parameters:
    ///   - url: the connection as given.
    ///   - user: a user name to use (from a configuration file), or `nil` for the URL's own.
    ///   - password: the password a configuration file gives.
    /// - Throws: `ConfigError` `.securedPassword` when the password is in the secure vault and no other
    ///   source has one; it says how to give it.
    public func resolve(_ url: DatabaseURL, user: String? = nil, password: Datasource.Password = .none) throws -> ResolvedConnection {
        let driver = try DriverRegistry.driver(for: url)
        guard let clientSources = driver.passwordSources else { return ResolvedConnection(url: url, passwordOrigin: .notNeeded) }
        switch password {
        case .given(let value):
            return ResolvedConnection(url: driver.withCredentials(url, user: user, password: value), passwordOrigin: .configuration)
        case .none, .secureVault:
            if url.carriesPassword {
                return ResolvedConnection(url: driver.withCredentials(url, user: user, password: nil), passwordOrigin: .url)
            }
            if let standardInput {
                return ResolvedConnection(url: driver.withCredentials(url, user: user, password: standardInput), passwordOrigin: .standardInput)
            }
            if case .secureVault(let alias) = password, !driver.offersPassword(environment: environment) {
                throw ConfigError(
                    .securedPassword,
                    "the password is kept in WSO2's secure vault (alias \(alias)), which only the server can decrypt",
                    hint: "give the password another way: --password-stdin (one line on standard input), or \(clientSources) for this host and database")
            }
            _ = driver.offersPassword(environment: environment)
            return ResolvedConnection(url: driver.withCredentials(url, user: user, password: nil), passwordOrigin: .client(clientSources))
        }
    }
}

/// A connection ready to open, and where its password came from (never the password itself).
public struct ResolvedConnection: Sendable, CustomStringConvertible {
    /// Where a connection's password came from.
    public enum PasswordOrigin: Sendable, Equatable {
        /// The URL carries it.
        case url
        /// The configuration file gives it.
        case configuration
        /// `--password-stdin`.
        case standardInput
        /// None given: the client library looks in its own places (named), or the server needs none.
        case client(String)
        /// A database file.
        case notNeeded

        /// Where, in words.
        public var rawValue: String {
            switch self {
            case .url: "from the URL"
            case .configuration: "from the configuration file"
            case .standardInput: "from standard input"
            case .client(let places): "\(places), if the server asks for one"
            case .notNeeded: "none needed"
            }
        }
    }

    /// The connection, with the password settled; its `description` masks it.
    public let url: DatabaseURL
    /// Where the password came from.
    public let passwordOrigin: PasswordOrigin

    /// The URL with the password masked, and where the password came from.
    public var description: String {
        passwordOrigin == .notNeeded ? url.description : "\(url) (password: \(passwordOrigin.rawValue))"
    }
}
