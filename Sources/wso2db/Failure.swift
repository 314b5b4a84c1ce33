import ArgumentParser
import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Migrator

/// Exit statuses of the command-line contract.
enum Exit {
    /// Drift or a verification mismatch was found.
    static let mismatch = ExitCode(1)
    /// The tool could not do what was asked (bad input, connection, conflict).
    static let failed = ExitCode(2)
}

/// Runs `body`, turning the library's errors into one clear message on stderr and exit status 2;
/// with `--verbose`, also says how long the command took.
/// The messages never contain passwords: URLs are printed masked by their drivers, and every known secret is scrubbed.
func reportingFailures<T>(_ console: Console, _ body: () throws -> T) throws -> T {
    let started = ContinuousClock.now
    defer { console.log.debug("finished in \(Console.milliseconds(since: started)) ms") }
    do {
        return try body()
    } catch let error as DatabaseError {
        console.log.error("\(error)")
    } catch let error as CatalogError {
        console.log.error("\(error)")
    } catch let error as SchemaCreator.Failure {
        console.log.error("\(error)")
        listInFull(error, console)
    } catch let error as Migrator.Failure {
        console.log.error("\(error)")
    } catch let error as LegacyMerge.Failure {
        console.log.error("\(error)")
    } catch let error as Upgrade.Failure {
        console.log.error("\(error)")
    }
    throw Exit.failed
}

/// A message keeps its lists short (`NameList`); `--verbose` prints them whole, one name a line,
/// and without it a note says how to get them.
func listInFull(_ error: some ListingError, _ console: Console) {
    let cut = error.listings.filter(\.names.isCut)
    guard !cut.isEmpty else { return }
    guard console.log.logLevel <= .debug else {
        console.log.notice("the lists above are cut short; --verbose lists every name")
        return
    }
    for listing in cut {
        console.log.debug("every one of the \(listing.names.names.count) \(listing.label):")
        for name in listing.names.names { console.log.debug("  \(name)") }
    }
}
