import ConfigFixtures
import Foundation
import LocalPostgres
import Testing

/// One voice: argument errors look like every other error (`wso2db: error:` with a `hint:`), keep
/// exit 64, and show the usage of the subcommand they concern; help texts are paragraphs that the
/// help re-wraps to the terminal.
@Suite("one voice: argument errors, usage and help texts")
struct VoiceTests {
    typealias Expect = BadInputTests

    /// Runs the built `wso2db-generate`.
    static func generate(_ arguments: String...) throws -> Subprocess.Result {
        try Subprocess.run(BuiltBinary.path("wso2db-generate"), arguments)
    }

    @Test("no command at all is a usage error (64) listing the commands, not the help with exit 0")
    func noCommand() throws {
        let result = try BuiltBinary.wso2db([])
        Expect.expectRefused(result, status: 64, mentions: ["no command given", "create, ddl, drift, detect, migrate, status, merge-legacy"])
    }

    @Test(
        "an argument error of a subcommand is one `wso2db: error:` with a hint and that subcommand's usage",
        arguments: [
            (["drift", "foo", "--url", "sqlite:x.db"], "drift", "the value 'foo' is invalid for '<database>'"),
            (["drift", "shared"], "drift", "say where the database is"),
            (["create", "shared", "--url", "sqlite:x.db", "--frobnicate"], "create", "unknown option '--frobnicate'"),
            (["migrate", "am", "--url", "sqlite:x.db", "--repair", "--dry-run"], "migrate", "--repair takes no --dry-run"),
            (["merge-legacy", "--um", "sqlite:a.db", "--reg", "sqlite:b.db"], "merge-legacy", "say where to merge into"),
        ])
    func subcommandUsage(arguments: [String], command: String, message: String) throws {
        let result = try BuiltBinary.wso2db(arguments)
        Expect.expectRefused(result, status: 64, mentions: [message, "see 'wso2db \(command) --help'"])
        #expect(result.standardError.contains("\n  usage: wso2db \(command) "), "\(result.standardError)")
        #expect(result.standardError.hasPrefix("wso2db: error: "), "\(result.standardError)")
    }

    @Test("detect --config without --datasource: a message naming the datasources, with detect's usage, not the root's")
    func detectWithoutDatasource() throws {
        let folder = try MergeLegacyTests.folder()
        let toml = try Fixtures.write(
            Fixtures.deploymentTOML(apim: "jdbc:postgresql://127.0.0.1:5432/apim", shared: "jdbc:postgresql://127.0.0.1:5432/shared", user: "wso2", password: "pw"),
            to: folder + "/deployment.toml")
        let result = try BuiltBinary.wso2db(["detect", "--config", toml])
        Expect.expectRefused(result, status: 64, mentions: ["which datasource of", "--datasource", "see 'wso2db detect --help'"])
        #expect(result.standardError.contains("\n  usage: wso2db detect "), "\(result.standardError)")
        #expect(!result.standardError.contains("<subcommand>"), "not the root usage: \(result.standardError)")
    }

    @Test("wso2db-generate --scale -1 says what is wrong with the scale, in the same voice")
    func negativeScale() throws {
        let result = try Self.generate("--um", "sqlite:a.db", "--reg", "sqlite:b.db", "--scale", "-1")
        Expect.expectRefused(result, status: 64, mentions: ["--scale must be at least 1, not -1"], prefix: "wso2db-generate: error:")
        #expect(!result.standardError.contains("Missing value"), "\(result.standardError)")
    }

    @Test("wso2db-generate refuses a database that holds something else in the same voice, with a bounded list")
    func generateRefusal() throws {
        let am = try MisdirectionTests.amFile()
        let result = try Self.generate("--um", "sqlite:\(am)", "--reg", "sqlite:\(am)")
        Expect.expectRefused(
            result, mentions: ["holds tables but not the API-M 2.6.0 schema", "more)", "nothing was changed", "give an empty database"],
            prefix: "wso2db-generate: error:")
        #expect(result.standardError.utf8.count < 1000, "bounded: \(result.standardError)")
    }

    /// Every command of a tool, with its discussion, from `--experimental-dump-help`.
    static func discussions(_ tool: String) throws -> [(command: String, text: String)] {
        let dump = try Subprocess.run(BuiltBinary.path(tool), ["--experimental-dump-help"])
        try #require(dump.status == 0, "\(dump.standardError)")
        let root = try #require(JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8)) as? [String: Any])
        var found: [(String, String)] = []
        func walk(_ command: [String: Any]) {
            let name = command["commandName"] as? String ?? "?"
            found.append((name, command["discussion"] as? String ?? ""))
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                found.append(("\(name) \(argument["valueName"] as? String ?? "")", argument["discussion"] as? String ?? ""))
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub) }
        }
        walk(try #require(root["command"] as? [String: Any]))
        return found
    }

    @Test("help texts are paragraphs: no line break inside one, so that help re-wraps them", arguments: ["wso2db", "wso2db-generate"])
    func helpTextsRewrap(tool: String) throws {
        let texts = try Self.discussions(tool)
        #expect(texts.count > (tool == "wso2db" ? 7 : 0), "the dump holds the commands: \(texts.map(\.command))")
        for (command, text) in texts {
            for paragraph in text.components(separatedBy: "\n\n") {
                #expect(!paragraph.contains("\n"), "\(tool) \(command): a hard line break inside a paragraph: \(paragraph)")
            }
        }
    }

    @Test("--version prints the version; completion scripts know the subcommands")
    func versionAndCompletion() throws {
        let version = try BuiltBinary.wso2db(["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.standardOutput)")
        for shell in ["bash", "zsh", "fish"] {
            let script = try BuiltBinary.wso2db(["--generate-completion-script", shell])
            #expect(script.status == 0, "\(shell): \(script.standardError)")
            #expect(script.standardOutput.contains("merge-legacy") && script.standardOutput.contains("expected-sql"), "\(shell)")
        }
    }
}
