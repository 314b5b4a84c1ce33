import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Schema

/// The plan: every database read, placed and checked, before anything is written.
extension Upgrade {
    /// The AM side of a plan, with what the run needs to carry it out.
    struct AMPlan {
        var migration: Migration
        /// The copy's tables (copy mode, while the copy is not recorded yet).
        var copyPlans: [TablePlan]
        var copyState: DatabaseCopy.TargetState?
        var live: Schema
        var release: String
        /// Everything that stops the run, each a line.
        var problems: [String]
    }

    /// Plans the AM database: read from `source` (a snapshot), copied to `targetURL` unless in place.
    /// `target` is the copy's target as opened, `nil` in a dry run whose SQLite target does not exist
    /// yet (or in place).
    /// `release` is the release to upgrade to.
    static func planAM(
        source: any DatabaseConnection, target: (any DatabaseConnection)?, targetURL: DatabaseURL?, inPlace: Bool, allowDestructive: Bool,
        release wanted: String = Upgrade.targetRelease
    ) throws -> AMPlan {
        if !inPlace, let target, try source.isSameDatabase(as: target) {
            throw Failure.sameDatabase("the old WSO2_AM_DB (\(source.url))", "the new one (\(target.url))")
        }
        let state = inPlace ? nil : try target.map { try DatabaseCopy.state(of: $0, copying: source, role: "the new WSO2_AM_DB") } ?? .empty
        // Once the copy is recorded, the copy's own history says what is left; until then the source does.
        let placed = state == .recorded ? target! : source
        let plan = try migratorPlan(
            .am, on: placed, to: wanted, role: placed === source ? "the old WSO2_AM_DB" : "the new WSO2_AM_DB (upgraded by an earlier run)")
        let sourcePlan = placed === source ? plan : try Migrator.plan(on: source, to: nil, baselineAnyway: false, database: .am)
        let release = sourcePlan.currentRelease
        let live = sourcePlan.live
        let rows = try MergeSources.rowCounts(on: source, live: live, release: try Catalog.schema(for: .am, version: release))
        let checked = state == .recorded ? target! : source
        let conflicts = try Conflict.find(for: plan.steps, live: plan.live, on: checked)
        let losses = try Migrator.losses(of: plan.steps, live: plan.live, on: checked)
        var problems = conflicts.map(\.description)
        if inPlace && !allowDestructive { problems += losses }
        var copyPlans: [TablePlan] = []
        if let state, state != .recorded {
            copyPlans = try DatabaseCopy.plans(
                .am, release: release, live: live, rows: rows, engine: (target ?? source).dialect.catalogEngine)
            if let target, state != .copied {
                let journal = try MergeJournal.read(on: target)
                let unfit = try DatabaseCopy.unfitValues(
                    copyPlans.filter { journal?.copied.contains($0.name) != true }, source: source, live: live, into: target)
                problems += unfit.values.map { "\($0) (\(target.dialect.engineName) would refuse or change it)" }
                if unfit.count > unfit.values.count { problems.append("… \(unfit.count - unfit.values.count) more values that would not fit") }
            }
        }
        let targetState: String
        switch state {
        case nil: targetState = "in place"
        case .empty?: targetState = "empty"
        case .unfinished(let copied)?: targetState = "resuming (\(copied) tables copied)"
        case .copied?: targetState = "copied, not yet verified"
        case .recorded?: targetState = plan.steps.isEmpty ? "finished" : "migrating"
        }
        let placedBy: String
        switch sourcePlan.placement {
        case .history: placedBy = "history"
        case .detected: placedBy = "detect"
        }
        let migration = Migration(
            role: "am", url: source.url.description, target: (targetURL ?? source.url).description, from: release,
            to: plan.steps.isEmpty ? plan.currentRelease : plan.targetRelease, placedBy: placedBy,
            steps: plan.steps.map { Step(version: $0.version, description: $0.description) }, tables: rows.count,
            rows: rows.values.reduce(0, +), conflicts: conflicts.map(\.description), losses: losses, targetState: targetState)
        return AMPlan(migration: migration, copyPlans: copyPlans, copyState: state, live: live, release: release, problems: problems)
    }

    /// Plans one shared-side database upgraded in place (`role` is `um`, `reg` or `shared`).
    static func planInPlace(
        _ role: WSO2Database, on connection: any DatabaseConnection, allowDestructive: Bool, release wanted: String = Upgrade.targetRelease
    ) throws -> (Migration, [String]) {
        let plan = try migratorPlan(role, on: connection, to: wanted, role: "the old \(role.wso2Name)")
        let conflicts = try Conflict.find(for: plan.steps, live: plan.live, on: connection)
        let losses = try Migrator.losses(of: plan.steps, live: plan.live, on: connection)
        let release = plan.currentRelease
        let schema = try Migrator.catalogSchema(plan.current)
        let rows = try MergeSources.rowCounts(on: connection, live: plan.live, release: schema)
        let migration = Migration(
            role: role.rawValue, url: connection.url.description, target: connection.url.description, from: release,
            to: plan.steps.isEmpty ? release : plan.targetRelease, placedBy: { if case .history = plan.placement { "history" } else { "detect" } }(),
            steps: plan.steps.map { Step(version: $0.version, description: $0.description) }, tables: rows.count,
            rows: rows.values.reduce(0, +), conflicts: conflicts.map(\.description), losses: losses,
            targetState: plan.steps.isEmpty ? "finished" : "in place")
        return (migration, conflicts.map(\.description) + (allowDestructive ? [] : losses))
    }

    /// `Migrator.plan` to `release`, a database already past it refused as `upgrade` words it (`role` names it).
    private static func migratorPlan(
        _ database: WSO2Database, on connection: any DatabaseConnection, to release: String, role: String
    ) throws -> Migrator.Plan {
        do {
            return try Migrator.plan(on: connection, to: release, baselineAnyway: false, database: database)
        } catch Migrator.Failure.downgrade(let from, _) {
            throw Failure.olderThanSource(role: role, at: from, asked: release)
        }
    }
}
