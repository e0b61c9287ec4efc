import CYAML
import Foundation
import Testing

@testable import LVSDescription

/// The documents `YAMLLoader` builds from libyaml's events are the ones libyaml's own document
/// loader composes (its `yaml_parser_load`, which lvslint used before, is the oracle here):
/// the same tree, scalars, styles and places, and the same error at the same place.
@Suite("YAML built from events")
struct YAMLBuilderTests {
    /// Every YAML file of the repository: descriptions, configurations, manifests, workflows.
    static let files: [URL] = {
        let root = Repository.root
        var found: [URL] = []
        for folder in ["Fixtures", "examples", "docs", ".github"] {
            guard let walk = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in walk where ["yaml", "yml"].contains(url.pathExtension) { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }()

    @Test("every YAML file of the repository, whole and cut at twenty places, builds as libyaml's loader composes it")
    func sameAsLibyamlLoader() throws {
        #expect(Self.files.count > 100, "the repository's YAML files were not found")
        var compared = 0
        for url in Self.files {
            let bytes = try [UInt8](Data(contentsOf: url))
            // Cut short, most files end inside a construct: syntax errors to compare too.
            var inputs = [bytes]
            for cut in 1...20 { inputs.append(Array(bytes.prefix(bytes.count * cut / 21))) }
            for input in inputs {
                let built = Outcome { () throws(YAMLLoadError) in try YAMLLoader.load(input) }
                let composed = Outcome { () throws(YAMLLoadError) in try Reference.load(input) }
                #expect(built == composed, "\(url.lastPathComponent), \(input.count) of \(bytes.count) bytes")
                compared += 1
            }
        }
        #expect(compared > 2000)
    }

    @Test(
        "aliases: shared, undefined, repeated anchors and loops are read or refused as libyaml's loader does",
        arguments: [
            "a: &x {b: 1}\nc: *x\nd: [*x, *x]\n",
            "a: *nowhere\n",
            "a: &x 1\nb: &x 2\n",
            "a: &x [1, &x 2]\n",
            "a: &x [1, *x]\n",
            "&top {a: *top}\n",
            "- &s text\n- *s\n- {k: *s}\n",
            "? &k key\n: *k\n",
            "",
            "---\n",
            "--- |\n  literal\n--- 'quoted'\n",
            "a: !!str 1\nb: !tag {c: d}\n",
        ])
    func aliases(text: String) {
        let input = Array(text.utf8)
        let built = Outcome { () throws(YAMLLoadError) in try YAMLLoader.load(input) }
        let composed = Outcome { () throws(YAMLLoadError) in try Reference.load(input) }
        #expect(built == composed, "\(text)")
    }

    @Test("every document of a stream is read, as libyaml's loader reads them one by one")
    func streams() throws {
        let text = "a: 1\n---\n- x\n- &y y\n- *y\n---\n{k: v}\n...\n--- plain\n"
        let built = try YAMLLoader.loadAll(Array(text.utf8)).map(Shape.init)
        #expect(built == (try Reference.loadAll(Array(text.utf8))).map(Shape.init))
        #expect(built.count == 4)
    }

    @Test("the limits still hold: deep nesting and alias bombs are refused where they are crossed")
    func limits() {
        let deep = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(throws: YAMLLoadError.self) { try YAMLLoader.load(deep) }
        do {
            _ = try YAMLLoader.load(deep)
        } catch {
            #expect(error.message.contains("nest deeper than 64 levels"))
            #expect(error.mark == YAMLMark(line: 1, column: 65))
        }
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 { bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        do {
            _ = try YAMLLoader.load(Array(bomb.utf8))
            Issue.record("an alias bomb was loaded")
        } catch {
            #expect(error.message.contains("an alias bomb?"))
        }
    }
}

/// A load's result, compared by shape: the tree, or the error's place and words.
private enum Outcome: Equatable {
    case document(Shape?)
    case refused(YAMLMark, String)

    init(_ body: () throws(YAMLLoadError) -> YAMLNode?) {
        do {
            self = .document(try body().map(Shape.init))
        } catch {
            self = .refused(error.mark, error.message)
        }
    }
}

/// A YAML node's shape: what `YAMLNode` holds, compared structurally.
private indirect enum Shape: Equatable {
    case scalar(String, plain: Bool, mark: YAMLMark)
    case sequence([Shape], mark: YAMLMark)
    case mapping([Shape], mark: YAMLMark)

    init(_ node: YAMLNode) {
        switch node {
        case let .scalar(text, plain, mark): self = .scalar(text, plain: plain, mark: mark)
        case let .sequence(items, mark): self = .sequence(items.map(Shape.init), mark: mark)
        case let .mapping(pairs, mark): self = .mapping(pairs.flatMap { [Shape($0.key), Shape($0.value)] }, mark: mark)
        }
    }
}

/// libyaml's document loader, and a direct conversion of its nodes: how lvslint read YAML
/// before it built documents from events.
private enum Reference {
    static func load(_ bytes: [UInt8]) throws(YAMLLoadError) -> YAMLNode? {
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return nil }
        return try documents(bytes, all: false).first
    }

    static func loadAll(_ bytes: [UInt8]) throws(YAMLLoadError) -> [YAMLNode] { try documents(bytes, all: true) }

    private static func documents(_ bytes: [UInt8], all: Bool) throws(YAMLLoadError) -> [YAMLNode] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLLoadError) -> [YAMLNode] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var found: [YAMLNode] = []
            repeat {
                var document = yaml_document_t()
                guard yaml_parser_load(&parser, &document) == 1 else { throw YAMLLoadError(parser: parser, bytes: bytes) }
                defer { yaml_document_delete(&document) }
                guard yaml_document_get_root_node(&document) != nil else { return found }
                var inProgress = Set<Int32>()
                found.append(try convert(&document, 1, &inProgress))
            } while all
            return found
        }
    }

    private static func convert(_ document: inout yaml_document_t, _ index: Int32, _ inProgress: inout Set<Int32>) throws(YAMLLoadError) -> YAMLNode {
        guard let node = yaml_document_get_node(&document, index)?.pointee else {
            throw YAMLLoadError(mark: YAMLMark(line: 1, column: 1), message: "broken YAML node reference")
        }
        let mark = YAMLMark(line: Int(node.start_mark.line) + 1, column: Int(node.start_mark.column) + 1)
        guard inProgress.insert(index).inserted else { throw YAMLLoadError(mark: mark, message: "an alias refers to a node that contains it") }
        defer { inProgress.remove(index) }
        switch node.type {
        case YAML_SEQUENCE_NODE:
            var items: [YAMLNode] = []
            var item = node.data.sequence.items.start
            while let current = item, current != node.data.sequence.items.top {
                items.append(try convert(&document, current.pointee, &inProgress))
                item = current + 1
            }
            return .sequence(items, mark: mark)
        case YAML_MAPPING_NODE:
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var pair = node.data.mapping.pairs.start
            while let current = pair, current != node.data.mapping.pairs.top {
                pairs.append((try convert(&document, current.pointee.key, &inProgress), try convert(&document, current.pointee.value, &inProgress)))
                pair = current + 1
            }
            return .mapping(pairs, mark: mark)
        default:
            let text =
                node.data.scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(node.data.scalar.length)), as: UTF8.self) }
                ?? ""
            return .scalar(text, plain: node.data.scalar.style == YAML_PLAIN_SCALAR_STYLE, mark: mark)
        }
    }
}
