/// What a stored function does, in dialect-neutral terms: the catalog holds no engine-specific code,
/// and each dialect writes the body in its own language (plpgsql on PostgreSQL, a trigger body on
/// SQLite, which has no stored functions).
public enum RoutineBody: Sendable, Hashable {
    /// Sets a timestamp column of the row being written to the current time, as WSO2's
    /// `update_modified_column` does.
    case touchTimestamp(column: String)
    /// Any other function, as the engine's own complete `CREATE FUNCTION` statement (found only by
    /// inspecting a live database; the catalog never uses it).
    case definition(String)
}

/// A trigger function.
public struct Function: Sendable, Hashable {
    /// The function name as WSO2 writes it.
    public var name: String
    /// What it does.
    public var body: RoutineBody

    /// Creates a trigger function.
    public init(_ name: String, body: RoutineBody) {
        self.name = name
        self.body = body
    }
}

/// When a trigger fires relative to the row change.
public enum TriggerTiming: String, Sendable, Hashable {
    case before = "BEFORE"
    case after = "AFTER"
}

/// The row change that fires a trigger.
public enum TriggerEvent: String, Sendable, Hashable {
    case insert = "INSERT"
    case update = "UPDATE"
    case delete = "DELETE"
}

/// A row trigger that runs a function.
public struct Trigger: Sendable, Hashable {
    /// The trigger name as WSO2 writes it.
    public var name: String
    /// The table it is on.
    public var table: String
    /// Before or after the change.
    public var timing: TriggerTiming
    /// The events that fire it.
    public var events: [TriggerEvent]
    /// The function it runs.
    public var function: String

    /// `CREATE TRIGGER name timing events ON table FOR EACH ROW EXECUTE PROCEDURE function()`.
    public init(_ name: String, on table: String, _ timing: TriggerTiming, _ events: [TriggerEvent], executing function: String) {
        self.name = name
        self.table = table
        self.timing = timing
        self.events = events
        self.function = function
    }
}
