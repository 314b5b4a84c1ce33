import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small read-only tree of an XML file: elements with their attributes, child elements and text.
/// Comments are dropped, as the server drops them; namespaces are kept as written in names
/// (`svns:secretAlias`). WSO2's configuration files are a few kilobytes, so the whole tree is fine;
/// files of any size are read, in pieces (see `init`).
struct XMLTree {
    /// One element.
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// The child elements called `name` (compared without regard to case, as WSO2's readers do).
        func all(_ name: String) -> [Element] {
            children.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        }

        /// The first child element called `name`.
        func first(_ name: String) -> Element? {
            children.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        }

        /// The element at a path of child names, `["jndiConfig", "name"]`.
        func at(_ path: String...) -> Element? {
            path.reduce(Optional(self)) { $0?.first($1) }
        }

        /// The text of the element, trimmed.
        var value: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

        /// An attribute, by its local name (`secretAlias` finds `svns:secretAlias`).
        func attribute(_ localName: String) -> String? {
            attributes.first { key, _ in
                key == localName || key.hasSuffix(":" + localName)
            }?.value
        }
    }

    /// The root element.
    let root: Element

    /// Parses XML text.
    /// - Throws: `ConfigError` `.malformed` with the parser's line and message.
    init(data: Data, file: String) throws {
        let builder = TreeBuilder()
        // From a stream, in pieces: libxml2 refuses a single piece of more than 10 MB (a whole file
        // handed over at once) without its "huge" option, which Foundation does not set.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            var reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            if data.count > 10_000_000 {
                reason += " (or it holds one comment, text or attribute of more than 10 MB, more than the XML parser reads)"
            }
            throw ConfigError(
                .malformed, "not well-formed XML (line \(parser.lineNumber)): \(reason)", file: file,
                hint: "fix the file, or give the connection with --url")
        }
        self.root = root
    }

    /// Builds the tree from the parser's events.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: XMLTree.Element?
        var stack: [XMLTree.Element] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            let element = XMLTree.Element(name: elementName, attributes: attributeDict)
            if let parent = stack.last { parent.children.append(element) } else if root == nil { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
