import Foundation
import SQLDriver
import WSO2Config
import WSO2Migrator

/// The databases of `upgrade`: each from a URL given, else the configuration file given, else the
/// installation folder given, the old side and the new side each on its own.
struct UpgradeConnections {
    var fromHome: String?
    var toHome: String?
    var fromConfig: String?
    var toConfig: String?
    var am: String?
    var um: String?
    var reg: String?
    var shared: String?
    var toAM: String?
    var toShared: String?
    var inPlace: Bool

    /// Whether each old database has a source: a URL, the old configuration, or the old home.
    var oldGiven: Bool { fromHome != nil || fromConfig != nil || (am != nil && (shared != nil || (um != nil && reg != nil))) }
    /// Whether each new database has a source.
    var newGiven: Bool { toHome != nil || toConfig != nil || (toAM != nil && toShared != nil) }

    /// Settles every connection, saying on stderr which datasource was chosen for what and why.
    /// - Throws: `DatabaseError` (exit 2) naming the option, the file and the datasource.
    func resolve(passwords: PasswordSources, passwordStdin: Bool, _ console: Console) throws -> Upgrade.Databases {
        let announcing = fromHome != nil || toHome != nil || fromConfig != nil || toConfig != nil
        func settle(_ option: String, _ url: String?, _ choose: () throws -> DatasourceChoice) throws -> ResolvedConnection {
            try MergeConnections.settle(option, url, announcing: announcing, passwords: passwords, console, choose).connection
        }
        let oldHome = fromHome.map(APIMHome.init(path:))
        let legacy = oldHome.map { FileManager.default.fileExists(atPath: $0.conf("user-mgt.xml")) } ?? false
        func old(_ role: DatabaseRole) throws -> DatasourceChoice {
            if let fromConfig { return try ConfigFile.load(fromConfig).choose(for: role, named: nil) }
            guard let oldHome else { throw ConfigError(.unreadable, "no URL, configuration or home for the old \(role.rawValue) database") }
            switch (legacy, role) {
            case (true, .um): return try oldHome.legacyUserManagementDatabase()
            case (true, .reg): return try oldHome.legacyRegistryDatabase()
            case (true, _): return try ConfigFile.load(oldHome.conf("datasources/master-datasources.xml")).choose(for: role, named: nil)
            case (false, _): return try oldHome.database(role)
            }
        }
        let newHome = toHome.map(APIMHome.init(path:))
        func new(_ role: DatabaseRole) throws -> DatasourceChoice {
            if let toConfig { return try ConfigFile.load(toConfig).choose(for: role, named: nil) }
            guard let newHome else { throw ConfigError(.unreadable, "no URL, configuration or home for the new \(role.rawValue) database") }
            return try newHome.database(role)
        }
        let amOld = try settle("--am", am) { try old(.am) }
        let umOld = try settle("--um", um ?? shared) { try old(.um) }
        let regOld = try settle("--reg", reg ?? shared) { try old(.reg) }
        var used = [amOld, umOld, regOld]
        var amNew: ResolvedConnection?
        var sharedNew: ResolvedConnection?
        if !inPlace {
            amNew = try settle("--to-am", toAM) { try new(.am) }
            sharedNew = try settle("--to-shared", toShared) { try new(.shared) }
            used += [amNew!, sharedNew!]
        }
        if umOld.url == regOld.url {
            console.log.info("wso2db: the old user-management and registry tables are in one database: \(umOld.url)")
        }
        PasswordInput.noteUnused(passwordStdin, by: used, console)
        return Upgrade.Databases(am: amOld.url, um: umOld.url, reg: regOld.url, newAM: amNew?.url, newShared: sharedNew?.url)
    }
}
