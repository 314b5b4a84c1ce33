import Foundation
import SQLDriver
import WSO2Schema

/// A dbscripts file given with `--expected-sql`: read, freed of the transaction WSO2 wraps some scripts in,
/// and, when it will not load, recognised as another engine's script.
enum ExpectedScript {
    /// The file's text.
    /// - Throws: `DatabaseError` `.invalidInput` when it is missing, a folder, or not UTF-8.
    static func read(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let data = FileManager.default.contents(atPath: path)
        else {
            throw DatabaseError(
                .invalidInput, "cannot read the expected schema's script \(path)",
                hint: "give the path of a SQL file, for example dbscripts/postgresql.sql of your API-M distribution")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatabaseError(.invalidInput, "\(path) is not UTF-8 text", hint: "give a SQL script")
        }
        return text
    }

    /// `sql` without an outer transaction: WSO2's AM scripts open with `BEGIN TRANSACTION;` and end with
    /// `commit;`, and wso2db already runs the script in a transaction of its own (which it rolls back). Only a
    /// transaction around the whole script is taken off; a `COMMIT` anywhere else is still refused.
    static func withoutOuterTransaction(_ sql: String) -> String {
        let opening = #/\A(?:\s|--[^\n]*\n)*(?i:BEGIN|START)(?:\s+(?i:TRANSACTION|WORK))?\s*;/#
        let closing = #/(?i:COMMIT|END)(?:\s+(?i:TRANSACTION|WORK))?\s*;?(?:\s|--[^\n]*(?:\n|\z))*\z/#
        guard let start = sql.firstMatch(of: opening), let end = sql[start.range.upperBound...].firstMatch(of: closing) else { return sql }
        // The closing match must be the script's last statement: nothing but comments and blanks after it.
        return String(sql[start.range.upperBound..<end.range.lowerBound])
    }

    /// The engine a script is written for, by the spellings only that engine's scripts use; `nil` when
    /// nothing gives it away.
    static func engine(of sql: String) -> String? {
        let text = sql.uppercased()
        func has(_ pattern: Regex<Substring>) -> Bool { text.contains(pattern) }
        if has(#/ENGINE\s*=?\s*(?:INNODB|MYISAM)/#) || text.contains("`") && has(#/AUTO_INCREMENT/#) { return "MySQL" }
        if has(#/VARCHAR2\s*\(|\bNUMBER\s*\(/#) { return "Oracle" }
        if has(#/\bNVARCHAR\b|SYS\.OBJECTS|\bIDENTITY\s*\(/#) { return "SQL Server" }
        if has(#/AUTO_INCREMENT/#) { return "H2" }
        if has(#/\bAUTOINCREMENT\b|WSO2DB_SEQUENCE|\bPRAGMA\b/#) { return "SQLite" }
        if has(#/\bBYTEA\b|\bNEXTVAL\s*\(|\bPLPGSQL\b|\bSERIAL\b|CREATE\s+SEQUENCE/#) { return "PostgreSQL" }
        return nil
    }

    /// Loads the script through `connection`'s inspector; a script that fails to load and is another engine's
    /// is refused naming both engines.
    static func inspect(_ path: String, on connection: any DatabaseConnection) throws -> Schema {
        let sql = withoutOuterTransaction(try read(path))
        let engineName = connection.dialect.engineName
        do {
            return try connection.inspectScript(sql)
        } catch let error as DatabaseError {
            if let written = engine(of: sql), written != engineName {
                throw DatabaseError(
                    .invalidInput,
                    "\(path) is a \(written) script, and on \(engineName) --expected-sql loads a \(engineName) script",
                    hint: engineName == "SQLite"
                        ? "hold the database against the catalog instead (leave out --expected-sql, give --version), or against "
                            + "`wso2db ddl <db> --dialect sqlite` saved to a file"
                        : "give the \(engineName) script of the same release (dbscripts/\(engineName.lowercased()).sql), "
                            + "or leave out --expected-sql to use the catalog")
            }
            throw error
        }
    }
}
