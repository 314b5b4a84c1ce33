import Foundation
import SQLDriver

/// Why a connection could not be taken from a WSO2 configuration file, with what a user needs to
/// act on it: which file, which datasource, what is wrong and what to do instead.
///
/// No password ever appears in it: values of `password` keys are never copied into an error, and a
/// URL is only ever shown as its driver describes it (password masked); its description is scrubbed of every known secret.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file is missing or cannot be read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The file is not TOML or XML of a kind wso2db knows, or is malformed.
        public static let malformed = Code(rawValue: "malformed")
        /// The datasource asked for is not in the file.
        public static let datasourceNotFound = Code(rawValue: "datasource-not-found")
        /// A reference (a JNDI name, a registry mount, a dbConfig) leads nowhere.
        public static let brokenReference = Code(rawValue: "broken-reference")
        /// The datasource is on a database engine wso2db does not drive (H2, MySQL, Oracle …).
        public static let unsupportedEngine = Code(rawValue: "unsupported-engine")
        /// A `$env{NAME}` placeholder names a variable that is not set.
        public static let missingEnvironment = Code(rawValue: "missing-environment")
        /// The password is kept in WSO2's secure vault (`$secret{alias}`, `svns:secretAlias`), which
        /// only the server can decrypt.
        public static let securedPassword = Code(rawValue: "secured-password")
        /// A placeholder wso2db cannot resolve outside the server (`$sys{…}`).
        public static let unresolvable = Code(rawValue: "unresolvable")
        /// The datasource is one of the databases wso2db leaves alone (`UnmanagedDatabase`).
        public static let unmanagedDatabase = Code(rawValue: "unmanaged-database")
    }

    /// The kind of failure.
    public var code: Code
    /// What is wrong.
    public var message: String
    /// The configuration file concerned.
    public var file: String?
    /// The datasource concerned, as the file names it (`WSO2AM_DB`, `[database.shared_db]`).
    public var datasource: String?
    /// What the user can do about it.
    public var hint: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, datasource: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.datasource = datasource
        self.hint = hint
    }

    /// The same error, naming the datasource it concerns (unless it already names one).
    func about(_ datasource: String) -> ConfigError {
        var copy = self
        if copy.datasource == nil { copy.datasource = datasource }
        return copy
    }

    /// Where the problem is, for the front of the message: `datasource WSO2AM_DB in FILE`.
    public var location: String? {
        switch (datasource, file) {
        case (let datasource?, let file?): "datasource \(datasource) in \(file)"
        case (let datasource?, nil): "datasource \(datasource)"
        case (nil, let file?): file
        case (nil, nil): nil
        }
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        return Secrets.scrub(text)
    }
}

extension ConfigError {
    /// The bytes of a configuration file.
    /// - Throws: `ConfigError` (`.unreadable`) saying whether the file is missing or cannot be read,
    ///   with `hint` on where the file should be.
    static func contents(of file: String, hint: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: file) else {
            let missing = !FileManager.default.fileExists(atPath: file)
            throw ConfigError(.unreadable, missing ? "no such file" : "cannot read the file", file: file, hint: hint)
        }
        // Text configuration never holds a NUL byte (UTF-16, which may, starts with its byte-order mark).
        let utf16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
        if !utf16, let position = data.firstIndex(of: 0) {
            throw ConfigError(
                .malformed, "the file is binary, not a configuration file: it holds a NUL byte (at byte \(position - data.startIndex))",
                file: file, hint: hint)
        }
        return data
    }
}

extension ConfigError {
    /// The datasource is the Carbon database, the Message Broker store or the statistics database.
    static func unmanaged(_ database: UnmanagedDatabase, _ datasource: Datasource) -> ConfigError {
        let engine = datasource.url.flatMap { url in
            url.lowercased().hasPrefix("jdbc:h2:") ? ", on H2" : nil
        } ?? ""
        return ConfigError(
            .unmanagedDatabase, "this is \(database.wso2Name)\(engine): \(database.reason)", file: datasource.file, datasource: datasource.name,
            hint: "choose the datasource of WSO2_AM_DB or WSO2_SHARED_DB (WSO2UM_DB or WSO2REG_DB on API-M 2.x) with --datasource")
    }
}
