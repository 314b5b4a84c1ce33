import ArgumentParser
import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Config

extension WSO2Database: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argumentName: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// The database kind and the API-M version whose schema is meant.
struct SchemaOptions: ParsableArguments {
    @Argument(help: "The database: am, shared, um or reg (aliases such as WSO2_SHARED_DB work too).")
    var database: WSO2Database

    @Option(name: .customLong("version"), help: "The API-M version (default: the newest known for the database).")
    var productVersion: String?
}

/// Where the database is: a URL, or a datasource of WSO2's own configuration file.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The database URL: postgres://…, jdbc:postgresql://… or sqlite:PATH.")
    var url: String?

    @Option(
        help: ArgumentHelp(
            "WSO2's configuration file to take the connection from, instead of --url.",
            discussion: """
                deployment.toml (API-M 3.x/4.x: [database.apim_db] for am, [database.shared_db] for shared) or \
                master-datasources.xml (API-M 2.x: the datasource WSO2AM_DB, WSO2_SHARED_DB, WSO2UM_DB or WSO2REG_DB, \
                by <name> or JNDI name). Its url, username and password are used; $env{NAME} is read from the environment.
                """,
            valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "With --config: the datasource to use (its name, its JNDI name, a TOML section such as apim_db, or am/shared/um/reg). detect needs it.",
            valueName: "name"))
    var datasource: String?

    @Flag(
        name: .customLong("password-stdin"),
        help: "Read the PostgreSQL password from the first line of standard input (used when the URL or configuration gives none).")
    var passwordStdin = false

    func validate() throws {
        switch (url, config) {
        case (nil, nil): throw ValidationError("say where the database is: --url URL or --config FILE")
        case (.some, .some): throw ValidationError("give either --url or --config, not both")
        default: break
        }
        if datasource != nil && config == nil { throw ValidationError("--datasource picks a datasource of --config FILE; add --config") }
    }

    /// The connection for a command on `database` (`nil` for `detect`, which then needs --datasource).
    /// With --config, says on stderr which datasource was chosen and why (the password masked).
    /// - Throws: `DatabaseError` for a bad URL or configuration (exit 2), `ValidationError` when
    ///   detect is given --config without --datasource (exit 64).
    func parsedURL(for database: WSO2Database?, _ console: Console) throws -> DatabaseURL {
        let passwords = try PasswordInput.sources(reading: passwordStdin)
        return try configurationFailures {
            if let url {
                let connection = try passwords.resolve(try DatabaseURL(parsing: url))
                PasswordInput.noteUnused(passwordStdin, by: [connection], console)
                return connection.url
            }
            let file = try ConfigFile.load(config ?? "")
            if database == nil && datasource == nil {
                throw ValidationError("which datasource of \(file.file)? add --datasource NAME; the file holds: \(file.listing)")
            }
            let choice = try file.choose(for: database.flatMap { DatabaseRole(rawValue: $0.rawValue) }, named: datasource)
            let connection = try choice.datasource.connect(using: passwords)
            console.log.info("wso2db: \(database.map { "\($0.rawValue): " } ?? "")\(choice.datasource.name) from \(choice.datasource.file) (\(choice.reason)): \(connection)")
            PasswordInput.noteUnused(passwordStdin, by: [connection], console)
            return connection.url
        }
    }
}

/// `--password-stdin`: one line read from standard input, once.
enum PasswordInput {
    /// The password sources, with the line read from standard input when `reading`.
    /// - Throws: `DatabaseError` when standard input gives no line.
    static func sources(reading: Bool) throws -> PasswordSources {
        guard reading else { return PasswordSources() }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw DatabaseError(
                .invalidInput, "--password-stdin: standard input gave no password",
                hint: "pipe the password in, for example: wso2db … --password-stdin < password-file")
        }
        return PasswordSources(standardInput: line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }

    /// Says on stderr when the password read was used by no connection (each had its own, or none is PostgreSQL).
    static func noteUnused(_ reading: Bool, by connections: [ResolvedConnection], _ console: Console) {
        guard reading, !connections.contains(where: { $0.passwordOrigin == .standardInput }) else { return }
        console.log.notice("the password from --password-stdin was not used: every PostgreSQL connection has its own, or there is none")
    }
}

/// Runs `body`, turning a configuration error into the `DatabaseError` the command line reports (exit 2).
func configurationFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ConfigError {
        let code: DatabaseError.Code = error.code == .unsupportedEngine ? .unsupportedEngine : .invalidInput
        throw DatabaseError(code, error.message, context: error.location, hint: error.hint)
    }
}
