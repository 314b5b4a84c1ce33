import SQLDriver
import WSO2Catalog
import WSO2Migrator

/// Before a command works on a database it looks at what the database holds, so that pointing it
/// at the wrong one is one clear refusal (exit 2) naming what is there and the command that was
/// probably meant, not a report of hundreds of differences. `create` makes the same check in the
/// library (`SchemaCreator.conflicts`), since it is the one that would write.
enum TargetCheck {
    /// Refuses an empty database, and one that holds a WSO2 database of the other family than
    /// `database` (WSO2_AM_DB when a shared database was asked for, and the other way round).
    /// - Parameters:
    ///   - command: the subcommand, as the user types it (`drift`), for the hint.
    ///   - suggest: whether `wso2db <command> <found>` is a command that works, so the hint may offer it.
    static func require(
        _ database: WSO2Database, on connection: any DatabaseConnection, for command: String,
        suggest: (WSO2Database) -> Bool = { _ in true }
    ) throws {
        let contents = try DatabaseContents.read(on: connection)
        if contents.isEmpty {
            throw DatabaseError(
                .invalidInput, "\(connection.url) is empty: it holds no tables, so it is no \(database.wso2Name) yet; nothing was done",
                hint: "to create one: wso2db create \(database.rawValue) --url …")
        }
        guard let found = contents.otherDatabase(than: database) else { return }
        var hint = "point --url (or --datasource) at the \(database.wso2Name) database"
        if suggest(found.database) {
            hint += ", or, if you meant this one: wso2db \(command) \(found.database.rawValue) --url …"
        }
        throw DatabaseError(
            .invalidInput,
            "\(connection.url) holds \(found.name) (\(found.tablesFound) of its \(found.tables) tables), "
                + "not \(database.wso2Name); nothing was done",
            hint: hint)
    }
}
