/// Why a deployment command could not do what was asked (exit 2), with what to do instead.
public struct DeploymentError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// What the user can do about it.
    public var hint: String?

    /// Input that cannot be used as it is.
    public static func invalidInput(_ message: String, hint: String? = nil) -> DeploymentError {
        DeploymentError(message: message, hint: hint)
    }

    public var description: String {
        message + (hint.map { "\n  hint: \($0)" } ?? "")
    }
}
