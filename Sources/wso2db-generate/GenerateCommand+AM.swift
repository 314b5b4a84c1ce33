import Foundation
import LegacyData
import SQLDriver
import WSO2Catalog
import WSO2Migrator

extension GenerateCommand {
    /// `--am URL`: fills a WSO2_AM_DB of any release (as `detect` places it) with `rows` rows per table
    /// whose values keep every later release's rules (`SchemaFiller.keepingLaterRules`), so that
    /// `migrate am` and WSO2's own migration SQL both run on it: for `wso2db-bench`'s migrate row and for
    /// trying an upgrade by hand.
    /// - Throws: `GenerateFailure` when the database is no WSO2_AM_DB.
    func fillAM(_ text: String, rows: Int) throws {
        let url = try DatabaseURL(parsing: text)
        let connection = try Connector.open(url, for: .write)
        let live = try connection.inspectSchema()
        guard let match = try Detector.detect(on: connection).match, match.database == .am else {
            throw GenerateFailure(
                "\(url) is no WSO2_AM_DB wso2db knows; nothing was changed",
                hint: "create one first: `wso2db create am --version V --url …`, or WSO2's dbscripts/apimgt script")
        }
        printError("wso2db-generate: filling WSO2_AM_DB \(match.version) at \(url) with \(rows) rows per table")
        let clock = ContinuousClock()
        let started = clock.now
        let filled = try SchemaFiller.keepingLaterRules(of: .am, after: match.version, rows: rows).fill(live, on: connection)
        let elapsed = clock.now - started
        let total = filled.rows.values.reduce(0) { $0 + $1.count }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("total: \(total) rows in \(filled.rows.count) tables")
        print(String(format: "filled in %.1f s (%.0f rows/s)", seconds, Double(total) / max(seconds, 0.001)))
    }
}
