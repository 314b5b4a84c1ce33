import Foundation
import LocalPostgres

/// The machine and server the numbers were taken on, so a result can be judged and compared later.
struct Machine: Encodable, Sendable {
    /// Processors the process may use (what `ProcessInfo.activeProcessorCount` reports).
    let cores: Int
    /// Physical memory in GiB, to one decimal.
    let memoryGiB: Double
    /// The server's `server_version`, e.g. `15.13 (Debian 15.13-0+deb12u1)`.
    let postgresVersion: String
    /// `psql --version`; the client is half of every `psql -f` measurement. Not in the JSON.
    let psqlVersion: String
    /// The kernel and CPU model, for the printed header only. Not in the JSON.
    let system: String

    // The JSON carries only what the brief's schema names; the rest is for the human reading the header.
    private enum CodingKeys: String, CodingKey {
        case cores, memoryGiB, postgresVersion
    }

    /// Reads this machine and asks the server for its version.
    /// - Throws: when `psql` cannot reach the server.
    static func current(server: LocalPostgres) throws -> Machine {
        let info = ProcessInfo.processInfo
        let gib = Double(info.physicalMemory) / 1_073_741_824
        let serverVersion = try server.psql(database: "postgres", command: "SHOW server_version", extraArguments: ["-t", "-A"])
        let psqlVersion = (try? LocalPostgres.run(server.binDirectory + "/psql", ["--version"])) ?? "unknown"
        return Machine(
            cores: info.activeProcessorCount,
            memoryGiB: (gib * 10).rounded() / 10,
            postgresVersion: serverVersion.trimmingCharacters(in: .whitespacesAndNewlines),
            psqlVersion: psqlVersion.trimmingCharacters(in: .whitespacesAndNewlines),
            system: "\(info.operatingSystemVersionString), \(cpuModel() ?? "unknown CPU")")
    }

    /// The header lines printed above the table.
    var summary: String {
        """
        machine:  \(cores) cores, \(String(format: "%.1f", memoryGiB)) GiB, \(system)
        server:   PostgreSQL \(postgresVersion)
        client:   \(psqlVersion)
        load:     \(Self.loadAverage()) (1, 5, 15 min) at start
        """
    }

    /// The 1, 5 and 15 minute load averages from /proc/loadavg (`?` elsewhere): on a shared machine
    /// they say how far the figures can be trusted.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The CPU model from /proc/cpuinfo on Linux; nil elsewhere, where the header simply says less.
    private static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
