/// A named sequence (`CREATE SEQUENCE name`). WSO2's sequences are not owned by any column, and
/// a few are shared by several tables.
public struct DatabaseSequence: Sendable, Hashable {
    /// The sequence name as WSO2 writes it.
    public var name: String
    /// The first value handed out.
    public var start: Int
    /// The step between values.
    public var increment: Int

    /// `CREATE SEQUENCE name` with PostgreSQL's defaults (start 1, increment 1).
    public init(_ name: String, start: Int = 1, increment: Int = 1) {
        self.name = name
        self.start = start
        self.increment = increment
    }
}
