/// Bounds on a YAML file, checked on libyaml's events while the document is built
/// (`YAMLBuilder`), and stopped at the first one crossed: libyaml's time grows with the square
/// of the nesting depth, so 100,000 levels must be refused while parsing, not after loading.
/// Aliases count as the nodes they stand for, so an alias bomb (each level naming the one
/// before ten times) is refused long before anything walks it.
public struct YAMLLimits: Sendable {
    /// The file's size. A 10,000-host fleet description is about 1 MB.
    public var bytes = 32 * 1024 * 1024
    /// Collections inside collections. A description needs about 6.
    public var depth = 64
    /// Nodes, counting each alias as the whole node it names.
    public var nodes = 4_000_000

    public init() {}

    public static let standard = YAMLLimits()

    /// Throws when the file is larger than `bytes`; the other limits are checked while the
    /// document is built (`YAMLBuilder`).
    func checkSize(_ input: [UInt8]) throws(YAMLLoadError) {
        guard input.count <= bytes else {
            throw YAMLLoadError(
                mark: YAMLMark(line: 1, column: 1),
                message: "the file is \(input.count) bytes; lvslint reads YAML files of at most \(bytes) bytes")
        }
    }
}
