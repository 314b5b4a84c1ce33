/// One thing wrong with a deployment, and what to change.
public struct DeploymentFinding: Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake it is.
    public enum Kind: String, Sendable, Hashable {
        /// A node cannot reach a database it uses with its own credentials.
        case unreachable
        /// A node uses a database but keeps it on the embedded H2 (or has no datasource for it).
        case missing
        /// A node's datasource holds a database of another kind (its AM datasource at a shared database).
        case wrongDatabase = "wrong-database"
        /// Nodes that must share a database point at different copies.
        case differentCopies = "different-copies"
        /// Nodes that must each have their own database share one.
        case shared
        /// A node's user may do more than the matrix gives its component.
        case tooManyPrivileges = "too-many-privileges"
        /// A node's user may do less than its component needs.
        case tooFewPrivileges = "too-few-privileges"
        /// The database differs from the WSO2 schema it holds.
        case drifted
        /// The database holds no WSO2 database wso2db knows.
        case unknownDatabase = "unknown-database"
    }

    /// The kind.
    public var kind: Kind
    /// The nodes concerned (labels).
    public var nodes: [String]
    /// The database concerned.
    public var database: DeploymentDatabase?
    /// What is wrong.
    public var problem: String
    /// What to change.
    public var fix: String

    /// `NODES: DATABASE: problem; fix: …`, on one line.
    public var description: String {
        var text = nodes.joined(separator: ", ")
        if let database { text += (text.isEmpty ? "" : ": ") + database.wso2Name }
        return text + ": " + problem + "; fix: " + fix
    }
}
