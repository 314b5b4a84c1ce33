import SQLDriver
import WSO2Config

/// The three connections of `merge-legacy`, from URLs or from API-M installation folders.
enum MergeConnections {
    /// One of the three, as settled: where it came from (for the summary) and the connection.
    struct Settled {
        var option: String
        var choice: DatasourceChoice?
        var connection: ResolvedConnection
    }

    /// Settles `--um`, `--reg` and `--to`: a URL given wins; otherwise the old home gives UM and REG
    /// and the new home the target. When a home was used, says on stderr, before anything is
    /// opened, which datasource was chosen for what and why, with every URL's password masked.
    /// - Throws: `DatabaseError` (exit 2) naming the option, the file and the datasource.
    static func resolve(
        um: String?, reg: String?, target: String?, fromHome: String?, toHome: String?, passwords: PasswordSources, passwordStdin: Bool,
        _ console: Console
    ) throws -> (um: DatabaseURL, reg: DatabaseURL, target: DatabaseURL) {
        let old = fromHome.map(APIMHome.init(path:))
        let new = toHome.map(APIMHome.init(path:))
        let homes = old != nil || new != nil
        // validate() made sure that each one has a URL or a home.
        let settle = { (option: String, url: String?, choose: () throws -> DatasourceChoice) throws -> Settled in
            try Self.settle(option, url, announcing: homes, passwords: passwords, console, choose)
        }
        let umSettled = try settle("--um", um) { try old!.legacyUserManagementDatabase() }
        let regSettled = try settle("--reg", reg) { try old!.legacyRegistryDatabase() }
        let targetSettled = try settle("--to", target) { try new!.database(.shared) }
        if homes, umSettled.connection.url == regSettled.connection.url {
            console.log.info("wso2db: --um and --reg are one database: its UM_* tables and its REG_* tables are both taken from it")
        }
        PasswordInput.noteUnused(passwordStdin, by: [umSettled.connection, regSettled.connection, targetSettled.connection], console)
        return (umSettled.connection.url, regSettled.connection.url, targetSettled.connection.url)
    }

    /// Settles one connection: `url` when given, else the datasource `choose` picks from a configuration. Says on
    /// stderr what was chosen and why (with `announcing`, a given URL too), the password masked.
    static func settle(
        _ option: String, _ url: String?, announcing: Bool, passwords: PasswordSources, _ console: Console,
        _ choose: () throws -> DatasourceChoice
    ) throws -> Settled {
        if let url {
            let connection = try configurationFailures { try passwords.resolve(try DatabaseURL(parsing: url)) }
            if announcing {
                console.log.info("wso2db: \(option): \(connection), as given")
            } else {
                console.log.debug("\(option): \(connection)")
            }
            return Settled(option: option, choice: nil, connection: connection)
        }
        return try configurationFailures {
            do {
                let choice = try choose()
                console.log.info("wso2db: \(option): \(choice.datasource)\n  because \(choice.reason)")
                let connection = try choice.datasource.connect(using: passwords)
                console.log.info("  \(connection)")
                return Settled(option: option, choice: choice, connection: connection)
            } catch let error as ConfigError {
                var located = error
                located.message = "\(option): \(error.message)"
                throw located
            }
        }
    }
}
