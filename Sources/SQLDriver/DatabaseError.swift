/// An error from a database or driver, with the context a user needs to act on it.
///
/// The description names what was being done, the engine's own code (SQLSTATE or SQLite result
/// code), the statement (its text only: values are never shown) and a hint. No password ever
/// appears in it: URLs are shown masked, and every secret the run knows is scrubbed (`Secrets`).
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: drivers and the migrator add their own.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The URL could not be understood.
        public static let invalidURL = Code(rawValue: "invalid-url")
        /// The engine the URL names is not one wso2db drives.
        public static let unsupportedEngine = Code(rawValue: "unsupported-engine")
        /// The server or file could not be opened.
        public static let connectionFailed = Code(rawValue: "connection-failed")
        /// The engine rejected a statement.
        public static let statementFailed = Code(rawValue: "statement-failed")
        /// Another run holds the lock this run needs.
        public static let locked = Code(rawValue: "locked")
        /// The connection broke while in use.
        public static let connectionLost = Code(rawValue: "connection-lost")
        /// A COPY stream failed.
        public static let copyFailed = Code(rawValue: "copy-failed")
        /// What was written does not match what was meant to be written.
        public static let verificationFailed = Code(rawValue: "verification-failed")
        /// The database already holds objects the operation would create.
        public static let objectsExist = Code(rawValue: "objects-exist")
        /// Something the user gave cannot be used as it is.
        public static let invalidInput = Code(rawValue: "invalid-input")
        /// A schema change that is in place already: the object a statement creates exists, or the
        /// one it drops does not (a DDL statement run again after a stop, where DDL is not transactional).
        public static let alreadyInPlace = Code(rawValue: "already-in-place")
        /// The database holds an object the schema model cannot describe.
        public static let unsupportedObject = Code(rawValue: "unsupported-object")
    }

    /// The kind of failure.
    public var code: Code
    /// The engine's or driver's primary message.
    public var message: String
    /// What wso2db was doing, for example `creating WSO2_SHARED_DB 4.7.0`.
    public var context: String?
    /// The SQLSTATE, when the server sent one (PostgreSQL, MySQL, MariaDB).
    public var sqlState: String?
    /// SQLite's extended result code, when SQLite reported one.
    public var resultCode: Int32?
    /// MySQL's or MariaDB's error number (server or client), when one was reported.
    public var errorNumber: Int32?
    /// The statement that failed: its text, never its parameter values.
    public var statement: String?
    /// The server's detail line.
    public var detail: String?
    /// What the user can do about it.
    public var hint: String?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, context: String? = nil, sqlState: String? = nil, resultCode: Int32? = nil,
        statement: String? = nil, detail: String? = nil, hint: String? = nil, errorNumber: Int32? = nil
    ) {
        self.code = code
        self.message = message
        self.context = context
        self.sqlState = sqlState
        self.resultCode = resultCode
        self.errorNumber = errorNumber
        self.statement = statement
        self.detail = detail
        self.hint = hint
    }

    /// The same error, with what was being done added in front.
    public func during(_ context: String) -> DatabaseError {
        var copy = self
        copy.context = copy.context.map { "\(context): \($0)" } ?? context
        return copy
    }

    public var description: String {
        var text = context.map { "\($0): " } ?? ""
        text += message
        if let errorNumber { text += " (error \(errorNumber))" }
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let resultCode { text += " (SQLite result code \(resultCode))" }
        if let statement {
            let shown = statement.count > 240 ? String(statement.prefix(240)) + " …" : statement
            text += "\n  statement: \(shown)"
        }
        if let detail { text += "\n  detail: \(detail)" }
        if let hint { text += "\n  hint: \(hint)" }
        return Secrets.scrub(text)
    }
}
