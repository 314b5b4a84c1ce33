import Foundation
import SQLDriver
import TOMLKit

/// The datasources of an API-M 3.x/4.x `deployment.toml`: the `[database.NAME]` sections
/// (`apim_db` for WSO2_AM_DB, `shared_db` for WSO2_SHARED_DB, and `user`, `local`, … where a
/// deployment has them). Everything else in the file is ignored.
///
/// Each section's `type`, `url`, `username` and `password` are read (or, without `url`, the
/// `hostname`, `port` and `name` some deployments use instead). `$env{NAME}` placeholders are
/// resolved from the environment; a `$secret{alias}` password is recorded as kept in the secure
/// vault; `&amp;` in a URL (which WSO2 asks for, since it renders the TOML into XML) is read as `&`.
public struct DeploymentConfig: Sendable {
    /// The file read.
    public let file: String
    /// The `[database.*]` sections, in the order of their names.
    public let datasources: [Datasource]
    /// `[server] server_role`: the profile the node runs as (`control-plane`, `gateway-worker`,
    /// `traffic-manager`; in 3.x also `api-publisher`, `api-store`, `api-key-manager`), when the file says.
    public let serverRole: String?

    /// Reads a `deployment.toml`.
    /// - Parameters:
    ///   - file: the path of the file.
    ///   - environment: where `$env{NAME}` is looked up.
    /// - Throws: `ConfigError` when the file cannot be read or parsed. A placeholder that cannot be
    ///   resolved is reported when its datasource is used (`Datasource.connect(using:)`).
    public init(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let data = try ConfigError.contents(of: file, hint: "check the path and its permissions")
        try self.init(text: String(decoding: data, as: UTF8.self), file: file, environment: environment)
    }

    /// Reads a `deployment.toml` given as text; `file` names it in messages.
    public init(text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                .malformed, "not valid TOML at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)",
                file: file, hint: "fix the file, or give the connection with --url")
        }
        self.file = file
        serverRole = table["server"]?.table?["server_role"]?.string
        var datasources: [Datasource] = []
        if let databases = table["database"]?.table {
            for key in databases.keys.sorted() {
                guard let section = databases[key]?.table else { continue }
                do {
                    datasources.append(try Self.datasource(key, section, file: file, environment: environment))
                } catch let problem as ConfigError {
                    datasources.append(
                        Datasource(name: "[database.\(key)]", jndiName: nil, file: file, url: nil, username: nil, password: .none, problem: problem))
                }
            }
        }
        self.datasources = datasources
    }

    /// The datasource of the section `[database.key]`.
    public func datasource(section key: String) -> Datasource? {
        datasources.first { $0.name == "[database.\(key)]" }
    }

    private static func datasource(_ key: String, _ section: TOMLTable, file: String, environment: [String: String]) throws -> Datasource {
        let name = "[database.\(key)]"
        func string(_ field: String) throws -> String? {
            guard let value = section[field] else { return nil }
            let text = value.string ?? value.int.map(String.init) ?? value.debugDescription
            return try resolve(text, field: field, environment: environment, file: file, datasource: name)
        }
        let type = try string("type")
        var url = try string("url").map { $0.replacingOccurrences(of: "&amp;", with: "&") }
        // Without a URL, the driver `type` names (PostgreSQL when none) is reached through its JDBC form.
        if url == nil, let host = try string("hostname"), let database = try string("name"),
            let subprotocol = DriverRegistry.driver(forConfigType: type ?? "postgre")?.jdbcSubprotocols.first
        {
            url = "jdbc:\(subprotocol)://\(host)" + ((try string("port")).map { ":\($0)" } ?? "") + "/\(database)"
        }
        let password: Datasource.Password
        if let raw = section["password"]?.string, let alias = Self.secretAlias(in: raw) {
            password = .secureVault(alias: alias)
        } else if let value = try string("password") {
            password = .given(value)
        } else {
            password = .none
        }
        return Datasource(
            name: name, jndiName: nil, file: file, url: url, username: try string("username") ?? string("user"),
            password: password, declaredEngine: type)
    }

    /// The alias of a value that is exactly `$secret{alias}`.
    static func secretAlias(in value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("$secret{"), trimmed.hasSuffix("}") else { return nil }
        return String(trimmed.dropFirst("$secret{".count).dropLast())
    }

    /// Replaces every `$env{NAME}`; refuses `$secret{…}` (outside a password) and `$sys{…}`.
    static func resolve(_ value: String, field: String, environment: [String: String], file: String, datasource: String) throws -> String {
        var result = ""
        var rest = Substring(value)
        while let match = rest.firstMatch(of: /\$(env|secret|sys)\{([^}]*)\}/) {
            result += rest[..<match.range.lowerBound]
            let (kind, name) = (String(match.output.1), String(match.output.2))
            switch kind {
            case "env":
                guard let resolved = environment[name] else {
                    throw ConfigError(
                        .missingEnvironment, "\(field) uses $env{\(name)}, and the environment variable \(name) is not set",
                        file: file, datasource: datasource, hint: "set \(name) as the server would have it, or give the connection with --url")
                }
                result += resolved
            case "secret":
                throw ConfigError(
                    .securedPassword, "\(field) is kept in WSO2's secure vault ($secret{\(name)}), which only the server can decrypt",
                    file: file, datasource: datasource, hint: "give the connection with --url instead")
            default:
                throw ConfigError(
                    .unresolvable, "\(field) uses $\(kind){\(name)}, which only the running server can resolve",
                    file: file, datasource: datasource, hint: "give the connection with --url instead")
            }
            rest = rest[match.range.upperBound...]
        }
        return result + rest
    }
}
