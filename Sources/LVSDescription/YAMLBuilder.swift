import CYAML

/// Builds the documents of a YAML stream from libyaml's events, checking `YAMLLimits` on the
/// way. One parse of the bytes: a pass of the event parser for the limits, then libyaml's
/// document loader and a conversion of its nodes, parsed a fleet's megabyte of description
/// twice. It composes as libyaml's loader does: an alias is the node its anchor names, shared;
/// an alias no anchor before it names, and an anchor given twice in a document, are refused
/// with libyaml's words; an alias inside the node it names is refused as a loop.
struct YAMLBuilder {
    let limits: YAMLLimits
    let bytes: [UInt8]

    /// A collection whose end has not been read: its items so far (a mapping's keys and values
    /// alternate), where it starts, its anchor, and the nodes it holds so far for the tally.
    private struct Open {
        var isMapping: Bool
        var mark: YAMLMark
        var anchor: String?
        var items: [YAMLNode] = []
        var size = 1
    }

    private var open: [Open] = []
    /// The document's anchored nodes, and how many nodes each stands for.
    private var anchored: [String: (node: YAMLNode, size: Int)] = [:]
    /// Anchors of collections still open, where each starts.
    private var openAnchors: [String: YAMLMark] = [:]
    /// Nodes finished at the top of the stream so far (aliases counted as what they stand for).
    private var total = 0

    init(limits: YAMLLimits, bytes: [UInt8]) {
        self.limits = limits
        self.bytes = bytes
    }

    /// The next document `parser` reads; nil at the stream's end.
    mutating func document(_ parser: inout yaml_parser_t) throws(YAMLLoadError) -> YAMLNode? {
        anchored = [:]
        openAnchors = [:]
        open = []
        var root: YAMLNode?
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw YAMLLoadError(parser: parser, bytes: bytes) }
            defer { yaml_event_delete(&event) }
            let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_END_EVENT:
                return root
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(scalar.length)), as: UTF8.self) } ?? ""
                let anchor = scalar.anchor.map { String(cString: $0) }
                if let anchor { try refuseRepeated(anchor, at: mark) }
                root =
                    try finish(
                        .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, mark: mark), size: 1, anchor: anchor, at: mark, alias: false)
                    ?? root
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                guard let target = anchored[name] else {
                    if let start = openAnchors[name] {
                        throw YAMLLoadError(mark: start, message: "an alias refers to a node that contains it")
                    }
                    throw YAMLLoadError(mark: mark, message: "found undefined alias")
                }
                root = try finish(target.node, size: target.size, anchor: nil, at: mark, alias: true) ?? root
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard open.count < limits.depth else {
                    throw YAMLLoadError(
                        mark: mark, message: "collections nest deeper than \(limits.depth) levels here; a description needs a handful")
                }
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = (isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor).map { String(cString: $0) }
                if let anchor {
                    try refuseRepeated(anchor, at: mark)
                    openAnchors[anchor] = mark
                }
                open.append(Open(isMapping: isMapping, mark: mark, anchor: anchor))
                try checkNodes(at: mark, alias: false)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = open.popLast() else { continue }
                let node: YAMLNode
                if done.isMapping {
                    var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                    pairs.reserveCapacity(done.items.count / 2)
                    var index = 0
                    while index + 1 < done.items.count {
                        pairs.append((done.items[index], done.items[index + 1]))
                        index += 2
                    }
                    node = .mapping(pairs, mark: done.mark)
                } else {
                    node = .sequence(done.items, mark: done.mark)
                }
                if let anchor = done.anchor { openAnchors[anchor] = nil }
                root = try finish(node, size: done.size, anchor: done.anchor, at: mark, alias: false) ?? root
            default:
                // The stream's and the document's start.
                continue
            }
        }
    }

    /// libyaml's loader refuses an anchor given twice in one document, naming the second.
    private func refuseRepeated(_ anchor: String, at mark: YAMLMark) throws(YAMLLoadError) {
        if anchored[anchor] != nil || openAnchors[anchor] != nil {
            throw YAMLLoadError(mark: mark, message: "second occurrence (found duplicate anchor; first occurrence)")
        }
    }

    /// A node is finished: it goes into the collection open around it, or is the document's
    /// root (returned). Aliases count as the nodes they stand for.
    private mutating func finish(_ node: YAMLNode, size: Int, anchor: String?, at mark: YAMLMark, alias: Bool) throws(YAMLLoadError) -> YAMLNode? {
        if let anchor { anchored[anchor] = (node, size) }
        guard !open.isEmpty else {
            total += size
            try checkNodes(at: mark, alias: alias)
            return node
        }
        open[open.count - 1].items.append(node)
        // The collection's own node was counted when it opened (`size` starts at 1).
        open[open.count - 1].size += size
        try checkNodes(at: mark, alias: alias)
        return nil
    }

    /// What a walk of the document would visit so far: the finished nodes and the open collections.
    private func checkNodes(at mark: YAMLMark, alias: Bool) throws(YAMLLoadError) {
        var visited = total
        for collection in open { visited += collection.size }
        if visited > limits.nodes {
            throw YAMLLoadError(
                mark: mark,
                message: "the document holds more than \(limits.nodes) nodes\(alias ? ", counting what its aliases stand for (an alias bomb?)" : "")")
        }
    }
}
