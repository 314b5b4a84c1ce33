import WSO2Schema

/// One versioned step of a database's upgrade path: from the schema of one API-M version to the next.
public struct MigrationStep: Sendable {
    /// The API-M version the step brings the database to.
    public var version: String
    /// What the step does, for `wso2db status` and the history.
    public var description: String

    /// Creates a step.
    public init(version: String, description: String) {
        self.version = version
        self.description = description
    }
}

/// The versioned steps, in order, per database. The upgrade path of the shared database
/// (2.6.0 → 4.0.0 → 4.7.0) lands with the migrator; until then no database has steps, and `create`
/// records its version in the history so that a later `migrate` knows where a database stands.
public enum MigrationSteps {
    /// Steps of WSO2_SHARED_DB (and of the legacy UM/REG databases it grows from).
    public static let shared: [MigrationStep] = []
}
