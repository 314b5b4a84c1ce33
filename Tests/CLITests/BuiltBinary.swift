import Foundation

/// The executables `swift test` builds beside the test bundle.
enum BuiltBinary {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) was not built; run `swift build` first" }
    }

    /// The path of the built executable `name`.
    /// - Throws: `Missing` when it is not there.
    static func path(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing(path: path) }
        return path
    }
}
