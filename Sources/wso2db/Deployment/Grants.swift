import ArgumentParser
import Foundation
import SQLDriver
import WSO2Deployment
import WSO2Migrator

extension DeploymentComponent: ExpressibleByArgument {
    public init?(argument: String) {
        guard let components = DeploymentComponent.named(argument), components.count == 1 else { return nil }
        self = components[0]
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// What decides the conditional entries of the matrix, on `grants` and `check-deployment`.
struct ModeOptions: ParsableArguments {
    @Flag(name: .customLong("multi-tenant"), help: "The deployment has tenants: the Gateway (and, on 2.x, the Key Manager) gets the databases it then uses.")
    var multiTenant = false

    @Flag(
        name: .customLong("multiple-gateways-with-google-analytics"),
        help: "Several Gateways and Google Analytics: the Gateway gets the registry (WSO2_SHARED_DB, or WSO2REG_DB on 2.x).")
    var multipleGatewaysWithGoogleAnalytics = false

    var mode: DeploymentMode {
        DeploymentMode(multiTenant: multiTenant, multipleGatewaysWithGoogleAnalytics: multipleGatewaysWithGoogleAnalytics)
    }
}

/// `wso2db grants`: least-privilege roles and grants for the databases of a deployment.
struct Grants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print (or apply) least-privilege roles and grants for each API-M component, per WSO2's deployment matrix.",
        discussion: """
            An owner role (PREFIX_owner) owns WSO2's schema and alone runs DDL (create, migrate, merge-legacy); each \
            component's role (PREFIX_publisher, _devportal, _keymanager, _gateway, _trafficmanager) gets select, insert, \
            update and delete on every table, sequence use and the functions of each database it uses, a bare connection \
            where the matrix says connect-only, and nothing where it says not used. Default privileges carry the grants \
            to tables a later migration adds. The URLs are an administrator's connections (a superuser). \
            Passwords come only from --password-file or --password-stdin, as lines NAME=PASSWORD (NAME: owner, a \
            component or a role name), and are never printed. SQLite has no roles: file permissions are the only control.
            """
    )

    @Option(help: "The layout: 2.x or 4.x (default: 2.x when --um or --reg is given, else 4.x).")
    var layout: DeploymentLayout?

    @Option(name: .customLong("component"), help: "A component to grant for (repeatable; default: every component).")
    var components: [DeploymentComponent] = []

    @OptionGroup var modeOptions: ModeOptions

    @Option(help: "WSO2_AM_DB: an administrator's URL.") var am: String?
    @Option(help: "WSO2_SHARED_DB (3.x/4.x).") var shared: String?
    @Option(help: "WSO2UM_DB (2.x).") var um: String?
    @Option(help: "WSO2REG_DB (2.x; may be the same URL as --um).") var reg: String?

    @Option(name: .customLong("role-prefix"), help: "The prefix of the role names (default: wso2am).")
    var rolePrefix = RoleNames.defaultPrefix

    @Flag(help: "Apply the grants instead of printing them: each database in one transaction; running it again changes nothing.")
    var apply = false

    @Option(name: .customLong("password-file"), help: "With --apply: a file of NAME=PASSWORD lines for the roles it creates.")
    var passwordFile: String?

    @Flag(name: .customLong("password-stdin"), help: "With --apply: read NAME=PASSWORD lines from standard input.")
    var passwordStdin = false

    @Flag(name: .customLong("reset-passwords"), help: "With --apply: also set the passwords of roles that exist already.")
    var resetPasswords = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if passwordFile != nil && passwordStdin { throw ValidationError("give either --password-file or --password-stdin, not both") }
        if !apply && (passwordFile != nil || passwordStdin || resetPasswords) {
            throw ValidationError("--password-file, --password-stdin and --reset-passwords go with --apply; without it nothing is set")
        }
    }

    func run() throws {
        let console = output.console()
        try reportingFailures(console) {
            let given: [(DeploymentDatabase, String?)] = [(.am, am), (.shared, shared), (.um, um), (.reg, reg)]
            let databases = try given.compactMap { database, url in try url.map { (database, try DatabaseURL(parsing: $0)) } }
            let layout = self.layout ?? (um != nil || reg != nil ? .apim2 : .apim4)
            let plan = try deploymentFailures {
                try GrantPlan.make(
                    layout: layout, mode: modeOptions.mode, components: components.isEmpty ? DeploymentComponent.allCases : components,
                    roles: try RoleNames(prefix: rolePrefix), databases: databases)
            }
            guard apply else {
                let script = try GrantScript.render(plan, dialect: Connector.dialect(for:))
                switch format {
                case .text: print(script, terminator: "")
                case .json: try printJSON(GrantsJSON(plan: plan, results: nil, sql: script))
                }
                return
            }
            let passwords = try deploymentFailures { try PasswordLines.read(file: passwordFile, standardInput: passwordStdin, roles: plan.roles) }
            let results = try deploymentFailures {
                try GrantApplier.apply(plan, passwords: passwords, resetPasswords: resetPasswords) { try console.open($0, for: .write) }
            }
            switch format {
            case .text: print(Self.text(results), terminator: "")
            case .json: try printJSON(GrantsJSON(plan: plan, results: results, sql: nil))
            }
            for result in results where !result.withoutPassword.isEmpty {
                console.log.notice("roles created without a password (none was given): \(result.withoutPassword.joined(separator: ", ")); set one with \\password in psql or --reset-passwords")
            }
        }
    }

    static func text(_ results: [GrantApplier.TargetResult]) -> String {
        results.map { result in
            var line = "\(result.target.title) at \(result.target.url): "
            if let note = result.notApplicable { return line + note.joined(separator: " ") + "\n" }
            var parts: [String] = []
            if !result.createdRoles.isEmpty { parts.append("created roles \(result.createdRoles.joined(separator: ", "))") }
            if !result.passwordsSet.isEmpty { parts.append("set the passwords of \(result.passwordsSet.joined(separator: ", "))") }
            if result.privilegesChanged { parts.append("changed ownership and privileges") }
            line += parts.isEmpty ? "nothing to change: every role and privilege is as planned" : parts.joined(separator: "; ")
            let grants = result.target.grants.map { "\($0.role) \($0.access.rawValue)" }.joined(separator: ", ")
            return line + "\n  " + grants + "\n"
        }.joined()
    }
}

/// `grants --format json`.
struct GrantsJSON: Encodable {
    struct Database: Encodable {
        struct Grant: Encodable {
            let role: String
            let access: String
        }

        let databases: [String]
        let url: String
        let grants: [Grant]
        @AlwaysPresent var createdRoles: [String]?
        @AlwaysPresent var passwordsSet: [String]?
        @AlwaysPresent var changed: Bool?
        @AlwaysPresent var note: String?
    }

    let layout: String
    let multiTenant: Bool
    let owner: String
    let roles: [String]
    let applied: Bool
    let databases: [Database]
    @AlwaysPresent var sql: String?

    init(plan: GrantPlan, results: [GrantApplier.TargetResult]?, sql: String?) {
        layout = plan.layout.rawValue
        multiTenant = plan.mode.multiTenant
        owner = plan.roles.owner
        roles = plan.roleNames
        applied = results != nil
        databases = plan.targets.enumerated().map { index, target in
            let result = results?[index]
            return Database(
                databases: target.holds.map(\.wso2Name), url: target.url.description,
                grants: target.grants.map { Database.Grant(role: $0.role, access: $0.access.rawValue) },
                createdRoles: result?.createdRoles, passwordsSet: result?.passwordsSet, changed: result.map { $0.changed },
                note: result?.notApplicable?.joined(separator: " "))
        }
        self.sql = sql
    }
}

/// Passwords for `grants --apply`: `NAME=PASSWORD` lines from a file or standard input.
enum PasswordLines {
    static func read(file: String?, standardInput: Bool, roles: RoleNames) throws -> [String: String] {
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw DeploymentError.invalidInput("cannot read the password file \(file)", hint: "check the path and its permissions")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if standardInput {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            return [:]
        }
        var passwords: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "="), let role = roles.role(named: line[..<equals].trimmingCharacters(in: .whitespaces)) else {
                // The line may be a password: say where it is, never what it holds.
                throw DeploymentError.invalidInput(
                    "password line \(number + 1) does not start with a role: NAME=PASSWORD, NAME being owner, a component or a role name",
                    hint: "components: " + DeploymentComponent.allCases.map(\.rawValue).joined(separator: ", "))
            }
            passwords[role] = String(line[line.index(after: equals)...])
        }
        return passwords
    }
}

/// Runs `body`, turning a `DeploymentError` into the `DatabaseError` the command line reports (exit 2).
func deploymentFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DeploymentError {
        throw DatabaseError(.invalidInput, error.message, hint: error.hint)
    }
}
