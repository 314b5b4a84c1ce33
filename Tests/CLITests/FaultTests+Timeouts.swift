import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The server's own timeouts, set for the sources' role as a DBA may set them (issue 20, item 6):
/// they must not end the snapshot transactions a merge holds on its sources while it works on
/// other things. (`SessionTimeoutTests` holds the sessions' settings and the error that names a
/// timeout that still fires.)
extension FaultTests {
    @Test("a source role whose idle_in_transaction_session_timeout is 1 s: a merge held still past it goes on, merged and verified")
    func roleEndsIdleTransactions() throws {
        let (um, reg) = try MergeLegacyTests.awkwardSources(.postgres)
        let before = try MergeLegacyTests.before(um: um, reg: reg)
        for place in [um, reg] {
            let name = try #require(Self.plain(place).split(separator: "/").last)
            try place.connect().execute("ALTER ROLE CURRENT_USER IN DATABASE \"\(name)\" SET idle_in_transaction_session_timeout = '1s'")
        }
        let impatient = try um.connect().query("SHOW idle_in_transaction_session_timeout").rows.first?.first?.textValue
        try #require(impatient == "1s", "a session of the sources' role gets the role's timeout")
        let target = try MergeLegacyTests.emptyTarget(.postgres)

        let run = try WatchedProcess(Self.mergeArguments(um: um, reg: reg, to: target))
        // The sources are open in their snapshots from the checks on; creating the target, the
        // merge reads neither. Held still there for longer than the timeout, as a long copy of
        // other tables holds them, both sit idle in their transactions.
        try run.waitForStandardError("the target being created") { $0.contains("creating WSO2_SHARED_DB") }
        run.signal(SIGSTOP)
        Thread.sleep(forTimeInterval: 2.5)
        run.signal(SIGCONT)
        let result = run.finish(timeout: .seconds(120))
        #expect(!result.standardError.contains("idle-in-transaction timeout"), "\(result.standardError.suffix(2000))")
        try MergeLegacyTests.checkMerged(result, um: um, reg: reg, target: target, before: before)
    }
}
