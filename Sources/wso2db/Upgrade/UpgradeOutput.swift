import Foundation
import WSO2Migrator

/// `upgrade`'s report as text: the AM database, then the shared side, then what is left to WSO2's tools.
enum UpgradeText {
    static func render(_ report: Upgrade.Report, palette: Palette) -> String {
        var lines = [
            "upgrade: API-M \(report.am.from) → \(report.release), "
                + (report.inPlace ? "in place" : "into the new deployment's databases (the old ones only read)")
                + (report.dryRun ? "; dry run: every check passed, nothing was written. The plan:" : "")
        ]
        if report.alreadyDone { lines.append("already upgraded by an earlier run; verified it again") }
        lines += migration(report.am, name: "WSO2_AM_DB", dryRun: report.dryRun, inPlace: report.inPlace, palette: palette)
        if let merge = report.merge {
            lines.append("shared side: merged into the new WSO2_SHARED_DB, as merge-legacy does:")
            lines += MergeLegacyCommand.text(merge, palette: palette).split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        for shared in report.shared {
            lines += migration(shared, name: shared.role, dryRun: report.dryRun, inPlace: true, palette: palette)
        }
        if !report.am.stillToDo.isEmpty {
            lines.append("still to do, with WSO2's tools (wso2db does not do these):")
            lines += report.am.stillToDo.map { "  - " + $0 }
        }
        switch report.verified {
        case nil: break
        case true?: lines.append(palette.green("verified:") + " every database upgraded and verified (\(report.milliseconds) ms)")
        case false?: lines.append(palette.red("VERIFICATION FAILED:") + " see the lines above")
        }
        return lines.joined(separator: "\n")
    }

    private static func migration(_ part: Upgrade.Migration, name: String, dryRun: Bool, inPlace: Bool, palette: Palette) -> [String] {
        var lines = [
            "\(name) \(part.from) (placed by \(part.placedBy)) at \(part.url) → \(part.to)" + (inPlace ? " in place" : " at \(part.target)")
                + " [\(part.targetState)]",
            "  \(part.tables) tables, \(part.rows) rows",
            part.steps.isEmpty ? "  steps: none left" : "  steps (\(part.steps.count)): " + part.steps.map(\.version).joined(separator: " → "),
            "  pre-check: " + (part.conflicts.isEmpty ? "passed" : "\(part.conflicts.count) rules would reject rows"),
        ]
        lines += part.conflicts.map { "    " + $0 }
        if !part.losses.isEmpty {
            lines.append(inPlace ? "  the steps drop data (--allow-destructive):" : "  the steps drop data in the copy (the old database keeps it):")
            lines += part.losses.map { "    " + $0 }
        }
        guard !dryRun else { return lines }
        if !part.copied.isEmpty {
            let bad = part.copied.filter { !$0.match }.map(\.table)
            let rows = part.copied.reduce(0) { $0 + $1.target.rows }
            lines.append(
                bad.isEmpty
                    ? "  copy: " + palette.green("verified") + " \(part.copied.count) tables, \(rows) rows; source and target match"
                    : "  copy: " + palette.red("DIFFERS") + " in " + bad.joined(separator: ", "))
        }
        if !part.applied.isEmpty {
            lines.append("  applied: " + part.applied.map { "\($0.version) (\($0.milliseconds) ms)" }.joined(separator: ", "))
        }
        lines.append(
            part.differences.isEmpty
                ? "  schema: identical to \(name) \(part.to) of the catalog"
                : "  schema: " + palette.red("\(part.differences.count) differences") + " from \(part.to): " + part.differences.prefix(10).joined(separator: "; "))
        return lines
    }
}

/// `upgrade --format json`.
struct UpgradeJSON: Encodable {
    struct Step: Encodable {
        let version: String
        let description: String
    }

    struct Applied: Encodable {
        let version: String
        let milliseconds: Int
    }

    struct Copied: Encodable {
        let table: String
        let source: MergeJSON.Tally
        let target: MergeJSON.Tally
        let match: Bool
    }

    struct Migration: Encodable {
        let role: String
        let url: String
        let target: String
        let from: String
        let to: String
        let placedBy: String
        let state: String
        let steps: [Step]
        let tables: Int
        let rows: Int
        let conflicts: [String]
        let losses: [String]
        let copied: [Copied]
        let applied: [Applied]
        let differences: [String]

        init(_ part: Upgrade.Migration) {
            role = part.role
            url = part.url
            target = part.target
            from = part.from
            to = part.to
            placedBy = part.placedBy
            state = part.targetState
            steps = part.steps.map { Step(version: $0.version, description: $0.description) }
            tables = part.tables
            rows = part.rows
            conflicts = part.conflicts
            losses = part.losses
            copied = part.copied.map {
                Copied(
                    table: $0.table, source: MergeJSON.Tally(rows: $0.source.rows, hash: $0.source.hash),
                    target: MergeJSON.Tally(rows: $0.target.rows, hash: $0.target.hash), match: $0.match)
            }
            applied = part.applied.map { Applied(version: $0.version, milliseconds: $0.milliseconds) }
            differences = part.differences
        }
    }

    let dryRun: Bool
    let inPlace: Bool
    let to: String
    let alreadyDone: Bool
    let am: Migration
    @AlwaysPresent var merge: MergeJSON?
    let shared: [Migration]
    let stillToDo: [String]
    @AlwaysPresent var verified: Bool?
    let milliseconds: Int

    init(_ report: Upgrade.Report) {
        dryRun = report.dryRun
        inPlace = report.inPlace
        to = report.release
        alreadyDone = report.alreadyDone
        am = Migration(report.am)
        merge = report.merge.map(MergeJSON.init)
        shared = report.shared.map(Migration.init)
        stillToDo = report.am.stillToDo
        verified = report.verified
        milliseconds = report.milliseconds
    }
}
