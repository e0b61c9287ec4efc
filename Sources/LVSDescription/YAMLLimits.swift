import CYAML

/// Bounds on a YAML file, checked with libyaml's event parser before its document loader
/// runs, and stopped at the first one crossed: libyaml's time grows with the square of the
/// nesting depth, so 100,000 levels must be refused while parsing, not after loading.
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

    /// Throws at the first limit crossed, with the place where it was crossed.
    public func check(_ input: [UInt8]) throws(YAMLLoadError) {
        guard input.count <= bytes else {
            throw YAMLLoadError(
                mark: YAMLMark(line: 1, column: 1),
                message: "the file is \(input.count) bytes; lvslint reads YAML files of at most \(bytes) bytes")
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLLoadError(mark: YAMLMark(line: 1, column: 1), message: "could not start the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        // Each open collection's size so far; the sizes of anchored nodes, by anchor.
        var open: [Int] = []
        var anchored: [String: Int] = [:]
        var anchors: [String?] = []
        var total = 0
        var failure: YAMLLoadError?
        input.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while failure == nil {
                // Syntax errors are left to the loader, which reports them the same way.
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                var finished: (size: Int, anchor: String?)?
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    guard open.count < depth else {
                        failure = YAMLLoadError(
                            mark: mark, message: "collections nest deeper than \(depth) levels here; a description needs a handful")
                        return
                    }
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    open.append(1)
                    anchors.append(anchor.map { String(cString: $0) })
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let size = open.popLast() else { return }
                    finished = (size, anchors.popLast() ?? nil)
                case YAML_SCALAR_EVENT:
                    finished = (1, event.data.scalar.anchor.map { String(cString: $0) })
                case YAML_ALIAS_EVENT:
                    let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                    finished = (anchored[name] ?? 1, nil)
                default:
                    break
                }
                guard let node = finished else { continue }
                if let anchor = node.anchor { anchored[anchor] = node.size }
                if open.isEmpty {
                    total += node.size
                } else {
                    open[open.count - 1] += node.size
                }
                // What a walk of the document would visit: the finished nodes and the open collections.
                let visited = total + open.reduce(0, +)
                if visited > nodes {
                    failure = YAMLLoadError(
                        mark: mark,
                        message:
                            "the document holds more than \(nodes) nodes\(event.type == YAML_ALIAS_EVENT ? ", counting what its aliases stand for (an alias bomb?)" : "")"
                    )
                }
            }
        }
        if let failure { throw failure }
    }
}
