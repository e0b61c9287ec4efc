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

/// All the located errors of one input file, thrown or returned together.
public struct InputErrors: Error, Sendable {
    public var errors: [DescriptionError]

    public init(_ errors: [DescriptionError]) { self.errors = errors }
}
