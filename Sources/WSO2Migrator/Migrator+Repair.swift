import Migrations
import SQLDriver
import WSO2Schema

/// `migrate --repair`: history rows whose checksum is not the step's current one are re-stamped,
/// but only once the live schema is verified to be exactly the catalog's at the recorded version,
/// so that a repair never makes the history claim a state the database is not in.
extension Migrator {
    /// What a repair changed.
    public struct Repair: Sendable {
        /// The version the database is recorded at, and verified to match.
        public var version: String
        /// Each re-stamped row: the step's version, the checksum it had, the one it has now.
        public var restamped: [(version: String, from: String, to: String)]
    }

    /// Verifies the database against the catalog at its recorded version, then re-stamps every
    /// applied step whose recorded checksum differs from the step's, in one transaction.
    /// - Throws: `Failure.repairRefused` when the live schema differs (nothing changed), the
    ///   plan's failures when the database cannot be placed by its history.
    public static func repair(on connection: any DatabaseConnection, lockTimeout: Duration) throws -> Repair {
        try connection.acquireRunLock(timeout: lockTimeout)
        defer { connection.releaseRunLock() }
        let plan = try plan(on: connection, to: nil, baselineAnyway: false)
        guard case .history = plan.placement else {
            // Nothing recorded, so nothing to re-stamp; say where the database stands.
            return Repair(version: plan.currentRelease, restamped: [])
        }
        if let failed = plan.failedVerification {
            throw Failure.unverified(version: failed.version, kind: failed.kind, at: failed.installedAt)
        }
        let dialect = connection.dialect
        return try connection.exclusiveTransaction {
            let differences = SchemaDiffer.differences(
                expected: dialect.inspectedForm(of: try catalogSchema(plan.current, engine: dialect.catalogEngine)), actual: try connection.inspectSchema())
            guard differences.isEmpty else { throw Failure.repairRefused(version: plan.current, differences: differences) }
            var restamped: [(version: String, from: String, to: String)] = []
            for row in try SchemaHistory.entries(on: connection) where row.success && row.kind == SchemaHistory.Kind.migrate.rawValue {
                // A retired step's row records the same schema reached in one go: nothing to re-stamp.
                guard let step = MigrationSteps.shared.first(where: { $0.version == canonical(row.version) }), row.checksum != step.checksum,
                    !step.replacedChecksums.contains(row.checksum ?? "")
                else { continue }
                try connection.run(SchemaHistory.restamp(rank: row.rank, checksum: step.checksum, dialect))
                restamped.append((row.version, row.checksum ?? "none", step.checksum))
            }
            return Repair(version: plan.currentRelease, restamped: restamped)
        }
    }
}
