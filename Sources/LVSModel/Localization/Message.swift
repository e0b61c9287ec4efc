import Foundation

/// Text for a person, kept as its English template and the values put into it, so that it
/// can be written in any language `Translations` has: `"\(host) holds VIP \(vip)"` is the
/// template `{0} holds VIP {1}` with the arguments host and vip. A value that is itself a
/// `Message` is translated too; any other value (a name, an address, a number, a path) is
/// written as it is.
public struct Message: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// One sentence or clause: a template and its arguments. A message built with `+=` is
    /// several parts, each translated on its own.
    public struct Part: Sendable, Hashable {
        public var template: String
        public var arguments: [Argument]
    }

    public indirect enum Argument: Sendable, Hashable {
        case value(String)
        case message(Message)
    }

    public private(set) var parts: [Part]

    public init(stringLiteral value: String) {
        parts = [Part(template: Self.escaped(value), arguments: [])]
    }

    public init(stringInterpolation: Interpolation) {
        parts = [Part(template: stringInterpolation.template, arguments: stringInterpolation.arguments)]
    }

    /// Text from the inputs or a tool, written as it is in every language.
    public init(verbatim text: String) {
        parts = text.isEmpty ? [] : [Part(template: "{0}", arguments: [.value(text)])]
    }

    public init(parts: [Part]) { self.parts = parts }

    public struct Interpolation: StringInterpolationProtocol {
        var template = ""
        var arguments: [Argument] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + 4 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { template += Message.escaped(literal) }

        public mutating func appendInterpolation(_ message: Message) { append(.message(message)) }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { append(.value(value.description)) }

        mutating func append(_ argument: Argument) {
            template += "{\(arguments.count)}"
            arguments.append(argument)
        }
    }

    public static func += (message: inout Message, more: Message) { message.parts += more.parts }

    public static func + (first: Message, second: Message) -> Message { Message(parts: first.parts + second.parts) }

    public var isEmpty: Bool { parts.isEmpty }

    /// The English text.
    public var description: String { rendered(.english) }

    /// The text in the language of `translations`; a part with no translation is English.
    public func rendered(_ translations: Translations) -> String {
        parts.map { part in
            Self.filled(
                translations[part.template],
                part.arguments.map { argument in
                    switch argument {
                    case .value(let text): return text
                    case .message(let message): return message.rendered(translations)
                    }
                })
        }.joined()
    }

    /// Every template in the message and the messages inside it (what a translation must cover).
    public var templates: [String] {
        parts.flatMap { part in
            [part.template]
                + part.arguments.flatMap { argument -> [String] in
                    if case .message(let message) = argument { return message.templates }
                    return []
                }
        }
    }

    /// Messages joined with a separator that is itself translated (`"; "` in English).
    public static func joined(_ messages: [Message], separator: Message) -> Message {
        var out = Message(parts: [])
        for (index, message) in messages.enumerated() {
            if index > 0 { out += separator }
            out += message
        }
        return out
    }

    /// Braces in literal text are doubled so that `{0}` is only ever a placeholder.
    static func escaped(_ literal: String) -> String {
        guard literal.contains(where: { $0 == "{" || $0 == "}" }) else { return literal }
        return literal.replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}")
    }

    /// `template` with `{n}` replaced by the n-th argument and `{{`/`}}` by a brace.
    static func filled(_ template: String, _ arguments: [String]) -> String {
        guard template.contains(where: { $0 == "{" || $0 == "}" }) else { return template }
        var out = ""
        var characters = template[...]
        while let first = characters.first {
            characters = characters.dropFirst()
            if first == "{", characters.first == "{" {
                out.append("{")
                characters = characters.dropFirst()
            } else if first == "}", characters.first == "}" {
                out.append("}")
                characters = characters.dropFirst()
            } else if first == "{", let close = characters.firstIndex(of: "}"), let index = Int(characters[..<close]),
                arguments.indices.contains(index)
            {
                out += arguments[index]
                characters = characters[characters.index(after: close)...]
            } else {
                out.append(first)
            }
        }
        return out
    }
}

extension Array where Element == Message {
    /// The English texts.
    public var english: [String] { map(\.description) }
}

extension Array where Element == Message {
    /// The messages one after another, `separator` (translated too) between them.
    public func joined(separator: Message = "") -> Message { Message.joined(self, separator: separator) }
}
