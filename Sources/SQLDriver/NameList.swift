/// Names in a message, bounded: a count and the first few, so that a refusal about a database of
/// 247 tables stays a few lines. The whole list stays in the value for whoever wants it (the
/// command line prints it with `--verbose`).
public struct NameList: Sendable, Equatable, CustomStringConvertible {
    /// How many names a message shows before it says how many more there are.
    public static let shownInMessages = 5

    /// Every name, in order.
    public let names: [String]

    /// A list of `names`.
    public init(_ names: [String]) {
        self.names = names
    }

    /// Whether the message leaves names out.
    public var isCut: Bool { names.count > Self.shownInMessages }

    /// `A, B, C, D, E and 242 more`, or every name when there are few.
    public var description: String {
        guard isCut else { return names.joined(separator: ", ") }
        return names.prefix(Self.shownInMessages).joined(separator: ", ") + " and \(names.count - Self.shownInMessages) more"
    }

    /// Every name, comma-separated.
    public var full: String { names.joined(separator: ", ") }
}

/// An error whose message shows bounded lists (`NameList`); `listings` has them whole, each under
/// the label its message gives it, for a reader who asks for everything.
public protocol ListingError: Error {
    /// The lists the message shortened, whole: `("tables", [...])`.
    var listings: [(label: String, names: NameList)] { get }
}
