/// Where each report of a run goes: `--format X --output-file Y` pairs, as a CI writes SARIF
/// and JUnit to files and prints text once. An `--output-file` belongs to the `--format`
/// before it (or, before any `--format`, to the default one); a format with no file goes to
/// standard output, and only one may.
public struct OutputPlan: Equatable, Sendable {
    public struct Destination: Equatable, Sendable {
        public var format: ReportFormat?
        /// nil: standard output.
        public var file: String?

        public init(format: ReportFormat?, file: String?) {
            self.format = format
            self.file = file
        }
    }

    public var destinations: [Destination]

    public init(destinations: [Destination]) { self.destinations = destinations }

    /// The order of `--format` and `--output-file` words on the command line (`--format=X`,
    /// `-o FILE` and `--output-file=FILE` too), up to `--`; the values themselves come from
    /// the parsed options, so a word the parser took as another option's value is not counted.
    public static func plan(arguments: [String], formats: [ReportFormat], files: [String]) -> Result<OutputPlan, OutputPlanError> {
        var order: [Bool] = []  // true: a format, false: an output file
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" { break }
            if word == "--format" || word == "--output-file" || word == "-o" {
                order.append(word == "--format")
                index += 2
                continue
            }
            if word.hasPrefix("--format=") { order.append(true) }
            if word.hasPrefix("--output-file=") || (word.hasPrefix("-o") && word.count > 2 && !word.hasPrefix("--")) { order.append(false) }
            index += 1
        }
        // The parsed counts win if the scan disagrees (a value that looked like an option).
        if order.filter({ $0 }).count != formats.count || order.filter({ !$0 }).count != files.count {
            order = Array(repeating: true, count: formats.count) + Array(repeating: false, count: files.count)
            if formats.count == files.count {
                order = Array(zip(formats, files).flatMap { _ in [true, false] })
            }
        }
        var destinations: [Destination] = []
        var nextFormat = formats.makeIterator()
        var nextFile = files.makeIterator()
        for isFormat in order {
            if isFormat {
                destinations.append(Destination(format: nextFormat.next(), file: nil))
            } else {
                let file = nextFile.next()
                if let last = destinations.indices.last, destinations[last].file == nil {
                    destinations[last].file = file
                } else {
                    destinations.append(Destination(format: nil, file: file))
                }
            }
        }
        if destinations.isEmpty { destinations = [Destination(format: nil, file: nil)] }
        let toStandardOutput = destinations.filter { $0.file == nil }
        if toStandardOutput.count > 1 {
            let names = toStandardOutput.map { $0.format?.rawValue ?? "text" }.joined(separator: ", ")
            return .failure(
                OutputPlanError(
                    message:
                        "--format \(names): only one report can go to standard output; give the others --output-file (`--format sarif --output-file lvslint.sarif`)"
                ))
        }
        let named = destinations.compactMap(\.file)
        if let twice = named.first(where: { file in named.filter { $0 == file }.count > 1 }) {
            return .failure(OutputPlanError(message: "--output-file \(twice) is named twice: each report needs its own file"))
        }
        return .success(OutputPlan(destinations: destinations))
    }
}

public struct OutputPlanError: Error, Sendable, Equatable {
    public var message: String
}
