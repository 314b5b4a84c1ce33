import Foundation
import LocalPostgres
import SQLDriver
import SQLiteDriver
import Testing

/// Every command looks at what it was pointed at before it works: a database of the other WSO2
/// family is named with the command that was probably meant, an empty database gets the command
/// that creates it, and no message lists hundreds of names.
@Suite("pointed at the wrong database: named, with the command meant")
struct MisdirectionTests {
    typealias Expect = BadInputTests

    /// A SQLite file holding WSO2_AM_DB 4.7.0, made by wso2db itself.
    static func amFile() throws -> String {
        let path = try MergeLegacyTests.folder() + "/am.db"
        let created = try BuiltBinary.wso2db("create", "am", "--url", "sqlite:\(path)")
        try #require(created.status == 0, "\(created.standardError)")
        return path
    }

    /// An existing SQLite file with no tables (a file of no bytes is an empty SQLite database).
    static func emptyFile() throws -> String {
        let path = try MergeLegacyTests.folder() + "/empty.db"
        try #require(FileManager.default.createFile(atPath: path, contents: Data()))
        return path
    }

    /// The names of the tables in a SQLite file.
    static func tables(_ path: String) throws -> [String] {
        let connection = try SQLiteConnection(url: SQLite.url(path: path), mode: .readOnly)
        return try connection.existingObjects().filter { $0.kind == .table }.map(\.name)
    }

    @Test("create um into a file holding WSO2_AM_DB 4.7.0 refuses, names it, and creates nothing")
    func createIntoTheOtherFamily() throws {
        let am = try Self.amFile()
        let before = try Self.tables(am)
        let result = try BuiltBinary.wso2db("create", "um", "--version", "2.6.0", "--url", "sqlite:\(am)")
        Expect.expectRefused(result, mentions: ["holds WSO2_AM_DB 4.7.0", "WSO2UM_DB 2.6.0", "nothing was changed", "wso2db drift am"])
        #expect(try Self.tables(am) == before, "no UM_* table was added")
        let dryRun = try BuiltBinary.wso2db("create", "shared", "--dry-run", "--url", "sqlite:\(am)")
        Expect.expectRefused(dryRun, mentions: ["holds WSO2_AM_DB 4.7.0"])
    }

    @Test("drift shared on an AM database says what it is and which command was meant, not hundreds of differences")
    func driftOnTheOtherFamily() throws {
        let am = try Self.amFile()
        for format in ["text", "json"] {
            let result = try BuiltBinary.wso2db("drift", "shared", "--url", "sqlite:\(am)", "--format", format)
            Expect.expectRefused(result, mentions: ["holds WSO2_AM_DB 4.7.0", "not WSO2_SHARED_DB", "wso2db drift am --url"])
            #expect(result.standardError.utf8.count < 600, "a few lines, not a report: \(result.standardError)")
        }
        // The AM database itself is what `drift am` is for: no refusal there.
        #expect(try BuiltBinary.wso2db("drift", "am", "--url", "sqlite:\(am)").status == 0)
    }

    @Test("migrate and status on an AM database name it, and offer no `migrate am`, which does not exist")
    func migrateOnTheOtherFamily() throws {
        let am = try Self.amFile()
        for command in ["migrate", "status"] {
            let result = try BuiltBinary.wso2db(command, "shared", "--url", "sqlite:\(am)")
            Expect.expectRefused(result, mentions: ["holds WSO2_AM_DB 4.7.0", "not WSO2_SHARED_DB"])
            #expect(!result.standardError.contains("wso2db \(command) am"), "\(result.standardError)")
        }
    }

    @Test(
        "drift, migrate and status on an empty database suggest create",
        arguments: [["drift", "shared"], ["drift", "am"], ["migrate", "shared"], ["migrate", "um"], ["status", "shared"]])
    func emptyDatabase(command: [String]) throws {
        let empty = try Self.emptyFile()
        let result = try BuiltBinary.wso2db(command + ["--url", "sqlite:\(empty)"])
        Expect.expectRefused(result, mentions: ["is empty", "wso2db create \(command[1]) --url"])
        #expect(!result.standardError.contains("matches no WSO2 schema"), "\(result.standardError)")
        #expect(try Self.tables(empty).isEmpty, "nothing was created")
    }

    @Test("detect on an empty database says it is empty, not the schema it is 'nearest' with 0 tables")
    func detectEmpty() throws {
        let empty = try Self.emptyFile()
        let text = try BuiltBinary.wso2db("detect", "--url", "sqlite:\(empty)")
        #expect(text.status == 2, "nothing recognisable: \(text.standardError)")
        #expect(text.standardOutput.contains("is empty: it holds no tables"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("wso2db create"))
        #expect(!text.standardOutput.contains("nearest") && !text.standardOutput.contains("0 of its"), "\(text.standardOutput)")
        let json = try BuiltBinary.wso2db("detect", "--url", "sqlite:\(empty)", "--format", "json")
        #expect(json.status == 2)
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["empty"] as? Bool == true)
        #expect(document["database"] is NSNull)
        // A database that does hold tables is not called empty.
        let am = try Self.amFile()
        let found = try #require(
            JSONSerialization.jsonObject(with: Data(try BuiltBinary.wso2db("detect", "--url", "sqlite:\(am)", "--format", "json").standardOutput.utf8))
                as? [String: Any])
        #expect(found["empty"] as? Bool == false)
        #expect(found["database"] as? String == "am")
    }

    @Test("create am into a database that holds it prints a count and the first names; --verbose lists every one")
    func boundedLists() throws {
        let am = try Self.amFile()
        let result = try BuiltBinary.wso2db("create", "am", "--url", "sqlite:\(am)")
        Expect.expectRefused(result, mentions: ["tables (247):", "and 242 more", "other objects (172):", "and 167 more", "--verbose"])
        #expect(result.standardError.utf8.count < 1200, "bounded: \(result.standardError.utf8.count) bytes")
        let verbose = try BuiltBinary.wso2db("create", "am", "--url", "sqlite:\(am)", "--verbose")
        #expect(verbose.status == 2)
        for table in try Self.tables(am) {
            #expect(verbose.standardError.contains("wso2db: debug:   \(table)\n"), "--verbose names \(table)")
        }
    }

    @Test("on PostgreSQL too: drift shared and create um on an AM database, detect on an empty one")
    func postgres() throws {
        let server = try LocalPostgres.shared()
        let am = server.url(database: try server.createDatabase())
        #expect(try BuiltBinary.wso2db("create", "am", "--url", am).status == 0)
        Expect.expectRefused(
            try BuiltBinary.wso2db("drift", "shared", "--url", am), mentions: ["holds WSO2_AM_DB 4.7.0", "wso2db drift am --url"])
        Expect.expectRefused(
            try BuiltBinary.wso2db("create", "um", "--version", "2.6.0", "--url", am), mentions: ["holds WSO2_AM_DB 4.7.0", "nothing was changed"])
        let empty = server.url(database: try server.createDatabase())
        let detect = try BuiltBinary.wso2db("detect", "--url", empty)
        #expect(detect.status == 2, "nothing recognisable")
        #expect(detect.standardOutput.contains("is empty"), "\(detect.standardOutput)")
        Expect.expectRefused(try BuiltBinary.wso2db("migrate", "shared", "--url", empty), mentions: ["is empty", "wso2db create shared"])
    }
}
