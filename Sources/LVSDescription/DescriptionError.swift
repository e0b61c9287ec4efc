import LVSModel

/// A located problem in a description: `file:line:column: message`.
public struct DescriptionError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}
