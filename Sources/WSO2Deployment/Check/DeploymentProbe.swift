import Foundation
import SQLDriver
import WSO2Catalog
import WSO2Config

/// Reaches one node's databases with the node's own credentials and says what it finds.
struct Probe {
    let environment: DeploymentCheck.Environment

    /// Opens a datasource as the node would (its URL, user and password), or says why it cannot.
    func connect(_ datasource: Datasource) -> Result<any DatabaseConnection, DeploymentError> {
        do {
            let resolved = try datasource.connect(using: environment.passwords)
            return .success(try environment.open(resolved.url))
        } catch let error as ConfigError {
            return .failure(DeploymentError(message: error.message, hint: error.hint))
        } catch let error as DatabaseError {
            return .failure(DeploymentError(message: error.message.split(separator: "\n").first.map(String.init) ?? error.message, hint: error.hint))
        } catch {
            return .failure(DeploymentError(message: "\(error)"))
        }
    }

    /// Tenants besides the super tenant: the rows of UM_TENANT in the first user-management database
    /// a node can read (WSO2_SHARED_DB, or WSO2UM_DB on 2.x), or `nil` when none can be read.
    func tenants(nodes: [DeploymentNode], layout: DeploymentLayout) throws -> Int? {
        let database: DeploymentDatabase = layout == .apim2 ? .um : .shared
        for node in nodes {
            guard case .datasource(let datasource) = node.places[database], case .success(let connection) = connect(datasource) else { continue }
            let table = connection.dialect.quote("UM_TENANT")
            if let count = try? connection.query("SELECT count(*) FROM \(table)").rows.first?.first?.integerValue { return Int(count) }
        }
        return nil
    }

    /// What one node's database is, and what is wrong with it.
    func observe(
        _ node: DeploymentNode, _ database: DeploymentDatabase, expected: AccessLevel, mode: DeploymentMode, tenants: Int?
    ) throws -> (DeploymentCheck.Observation, [DeploymentFinding]) {
        var observation = DeploymentCheck.Observation(node: node.label, database: database, expected: expected, place: "")
        var findings: [DeploymentFinding] = []
        func finding(_ kind: DeploymentFinding.Kind, _ problem: String, fix: String) {
            findings.append(DeploymentFinding(kind: kind, nodes: [node.label], database: database, problem: problem, fix: fix))
        }
        let who = node.components.map { $0.title(in: node.layout) }.joined(separator: ", ")
        let grantsFix = "wso2db grants --layout \(node.layout.rawValue)\(node.components.map { " --component \($0.rawValue)" }.joined())\(mode.multiTenant ? " --multi-tenant" : "") --apply, and give the node that role"
        guard case .datasource(let datasource)? = node.places[database] else {
            var why = "no datasource"
            if case .embedded(let reason)? = node.places[database] { why = reason }
            observation.place = why
            let datasourceName = DeploymentCheck.datasourceName(database, node.layout)
            if expected == .readWrite && database.catalogDatabase != nil {
                let forTenants = mode.multiTenant && node.components.contains(.gateway) && DeploymentMatrix.use(of: database, by: .gateway, in: node.layout) != .always
                let because = forTenants
                    ? "the deployment has tenants\(tenants.map { " (UM_TENANT holds \($0))" } ?? ""), so the \(who) uses \(database.wso2Name) (tenant loading needs it)"
                    : "the \(who) uses \(database.wso2Name)"
                finding(.missing, "\(because), but this node keeps it apart (\(why))", fix: "point its \(datasourceName) at the deployment's \(database.wso2Name)")
            } else if expected == .connectOnly {
                finding(
                    .missing, "the \(who) opens \(database.wso2Name) at start-up, but this node has it nowhere (\(why))",
                    fix: "keep its \(datasourceName) pointing at the deployment's \(database.wso2Name)")
            }
            return (observation, findings)
        }
        guard database.catalogDatabase != nil || database == .messageBroker else {
            observation.place = datasource.name
            return (observation, findings)
        }
        switch connect(datasource) {
        case .failure(let error):
            observation.place = datasource.description
            if expected != .none {
                finding(.unreachable, "cannot connect with the node's own credentials (\(datasource.name) in \(datasource.file)): \(error.message)", fix: error.hint ?? "correct the datasource's url, username and password")
            }
            return (observation, findings)
        case .success(let connection):
            observation.place = connection.url.description
            observation.identity = try identity(of: connection)
            guard let wanted = database.catalogDatabase else { return (observation, findings) }
            try place(connection, wanted: wanted, database: database, node: node, into: &observation, finding: finding)
            try privileges(connection, expected: expected, user: datasource.username, who: who, grantsFix: grantsFix, into: &observation, finding: finding)
            return (observation, findings)
        }
    }

    /// Which WSO2 database it holds, and whether it drifted.
    func place(
        _ connection: any DatabaseConnection, wanted: WSO2Database, database: DeploymentDatabase, node: DeploymentNode,
        into observation: inout DeploymentCheck.Observation, finding: (DeploymentFinding.Kind, String, String) -> Void
    ) throws {
        guard let found = try environment.detect(connection) else {
            finding(.unknownDatabase, "\(connection.url) holds no WSO2 database wso2db knows", "point its \(DeploymentCheck.datasourceName(database, node.layout)) at the deployment's \(database.wso2Name)")
            return
        }
        observation.holds = "\(found.database.wso2Name) \(found.version)"
        observation.differences = found.differences
        let legacy: Set<WSO2Database> = [.um, .reg]
        let sameKind = found.database == wanted || (legacy.contains(found.database) && legacy.contains(wanted))
        if !sameKind {
            finding(
                .wrongDatabase, "its \(DeploymentCheck.datasourceName(database, node.layout)) points at \(connection.url), which holds \(found.database.wso2Name) \(found.version), not \(wanted.wso2Name)",
                "point it at the deployment's \(wanted.wso2Name)")
        } else if found.differences > 0 {
            finding(
                .drifted, "\(connection.url) has drifted: \(found.differences) \(found.differences == 1 ? "difference" : "differences") from \(found.database.wso2Name) \(found.version)",
                "see them with wso2db drift \(found.database.rawValue) --version \(found.version) --url URL, and repair with --fix-sql")
        }
    }

    /// What the node's user may do, held against what the matrix gives its components.
    func privileges(
        _ connection: any DatabaseConnection, expected: AccessLevel, user: String?, who: String, grantsFix: String,
        into observation: inout DeploymentCheck.Observation, finding: (DeploymentFinding.Kind, String, String) -> Void
    ) throws {
        guard let dialect = connection.dialect as? any AccessControlDialect else { return }
        let user = user.map { "user \($0)" } ?? "its user"
        let rights = try connection.query(dialect.structureRightsQuery).rows.compactMap { $0.first?.textValue }
        if !rights.isEmpty {
            finding(.tooManyPrivileges, "the node's \(user) can change the database's structure (\(rights.joined(separator: ", "))); only the owner role should run DDL", grantsFix)
        }
        let tables = try connection.query(dialect.tablePrivilegesQuery).rows
        let verbs = ["SELECT", "INSERT", "UPDATE", "DELETE"]
        let lacking = tables.compactMap { row -> (String, [String])? in
            let missing = verbs.indices.filter { row[$0 + 1] != .boolean(true) }.map { verbs[$0] }
            return missing.isEmpty ? nil : (row[0].textValue ?? "?", missing)
        }
        let touching = tables.filter { row in (1...4).contains { row[$0] == .boolean(true) } }
        observation.access = lacking.isEmpty ? AccessLevel.readWrite.rawValue : touching.isEmpty ? AccessLevel.connectOnly.rawValue : "partial"
        switch expected {
        case .readWrite:
            if let first = lacking.first {
                let more = lacking.count > 1 ? " (and \(lacking.count - 1) more tables lack privileges)" : ""
                finding(.tooFewPrivileges, "the node's \(user) cannot \(first.1.joined(separator: ", ")) \(first.0.uppercased())\(more); the \(who) needs select, insert, update and delete on every table", grantsFix)
            }
        case .connectOnly, .none:
            if !touching.isEmpty && rights.isEmpty {
                let names = touching.prefix(3).compactMap { $0[0].textValue?.uppercased() }.joined(separator: ", ")
                finding(
                    .tooManyPrivileges,
                    "the node's \(user) can read or write \(touching.count) tables (\(names)\(touching.count > 3 ? ", …" : "")), which the \(who) does not use",
                    grantsFix)
            }
        }
    }

    /// The physical database, the same however it is reached.
    func identity(of connection: any DatabaseConnection) throws -> String {
        if let dialect = connection.dialect as? any AccessControlDialect {
            return try connection.query(dialect.identityQuery).rows.first?.first?.textValue ?? connection.url.description
        }
        if let path = DriverRegistry.driver(id: connection.url.driver)?.file(of: connection.url) {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
        return connection.url.description
    }
}
