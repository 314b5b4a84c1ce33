import SQLDriver
import WSO2Schema

extension MySQLConnection {
    /// InnoDB's longest index key, in bytes (with the DYNAMIC row format every supported server uses).
    static let longestKey = 3072

    /// Bytes one character takes at most, by character set.
    static func bytesPerCharacter(_ characterSet: String) -> Int {
        switch characterSet.lowercased() {
        case "latin1", "ascii", "binary", "latin2", "cp1250", "cp1251", "cp1252": 1
        case "ucs2": 2
        case "utf8", "utf8mb3": 3
        default: 4
        }
    }

    /// Refuses a schema whose keys would be longer than InnoDB allows in this database's character
    /// set, before anything is created: several of WSO2's MySQL scripts (API-M 2.1.0, 2.5.0, 4.2.0
    /// to 4.6.0) fit only into a `latin1` database, as WSO2's documentation creates them.
    public func checkCanCreate(_ schema: Schema) throws {
        guard let characterSet = try query(
            "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()"
        ).rows.first?.first?.textValue else { return }
        var tooLong: [String] = []
        for table in schema.tables {
            let tableSet = table.collation?.characterSet ?? characterSet
            func bytes(_ columns: [String], prefixes: [String: Int]) -> Int {
                columns.reduce(0) { total, name in
                    guard let column = table.column(named: name) else { return total }
                    let perCharacter = Self.bytesPerCharacter(column.collation?.characterSet ?? tableSet)
                    let characters: Int
                    switch column.type {
                    case .varchar(let length), .char(let length): characters = prefixes[name] ?? length
                    case .bigint, .timestamp, .double: return total + 8
                    case .text, .binary, .other: return total + (prefixes[name] ?? 0) * perCharacter
                    default: return total + 4
                    }
                    return total + characters * perCharacter
                }
            }
            var keys: [(String, Int)] = []
            if let key = table.primaryKey { keys.append(("primary key of \(table.name)", bytes(key.columns, prefixes: [:]))) }
            keys += table.uniqueConstraints.map { ("unique key \($0.name ?? table.name)", bytes($0.columns, prefixes: [:])) }
            keys += table.indexes.map { index in
                let columns = index.keys.compactMap { key -> String? in
                    if case .column(let name) = key { return name }
                    return nil
                }
                return ("index \(index.name)", bytes(columns, prefixes: index.prefixLengths))
            }
            tooLong += keys.filter { $0.1 > Self.longestKey }.map { "\($0.0) (\($0.1) bytes)" }
        }
        guard !tooLong.isEmpty else { return }
        throw DatabaseError(
            .invalidInput,
            "\(schema.name) \(schema.version) cannot be created in \(address.database), whose character set is \(characterSet): "
                + "\(tooLong.count) key(s) would be longer than InnoDB's \(Self.longestKey) bytes: \(NameList(tooLong)); nothing was changed",
            hint: "WSO2's documentation creates API-M databases in latin1: ALTER DATABASE \(MySQLDialect.backtick(address.database)) "
                + "CHARACTER SET latin1 (or CREATE DATABASE … CHARACTER SET latin1), then run create again")
    }
}
