/// A mapping's entries by key, as `SchemaReader.mapping` returns them once checked: at most
/// one per allowed key. Looked up by a walk: a description's mappings hold a handful of keys,
/// a fleet's description tens of thousands of such mappings, and hashing every key into a
/// dictionary of its own cost more than the walk.
struct YAMLFields {
    private var entries: [(name: String, pair: (key: YAMLNode, value: YAMLNode))] = []

    subscript(name: String) -> (key: YAMLNode, value: YAMLNode)? {
        entries.first { $0.name == name }?.pair
    }

    mutating func add(_ name: String, _ pair: (key: YAMLNode, value: YAMLNode)) {
        entries.append((name, pair))
    }
}
