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

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs `body`, turning the library's errors into one clear message on stderr and exit status 2.
/// The messages never contain passwords: URLs are printed redacted by the library.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DatabaseError {
        printError("wso2db: error: \(error)")
    } catch let error as CatalogError {
        printError("wso2db: error: \(error)")
    } catch let error as SchemaCreator.Failure {
        printError("wso2db: error: \(error)")
    } catch let error as Migrator.Failure {
        printError("wso2db: error: \(error)")
    } catch let error as LegacyMerge.Failure {
        printError("wso2db: error: \(error)")
    }
    throw Exit.failed
}
