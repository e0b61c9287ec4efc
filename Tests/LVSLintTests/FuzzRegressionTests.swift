import Foundation
import LVSCapture
import LVSFuzzTargets
import LVSModel
import Testing

/// Inputs that broke a reader once (found by `scripts/fuzz`, or by hand while setting the
/// limits) are kept under FuzzRegressions/<target>/ and replayed through the fuzz targets:
/// each must return. A file under parsers/ is named `<capture kind>--<what>.txt` and is read
/// as that kind.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

    static var inputs: [String] {
        FuzzTarget.allCases.flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target.rawValue).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.map { "\(target.rawValue)/\($0)" }
        }.sorted()
    }

    @Test("every kept input returns", arguments: inputs)
    func replay(_ input: String) throws {
        let parts = input.split(separator: "/", maxSplits: 1).map(String.init)
        let target = try #require(FuzzTarget(rawValue: parts[0]))
        var bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(input)))
        if target == .parsers {
            let kind = try #require(CaptureFormats.kinds.firstIndex { parts[1].hasPrefix($0.rawValue + "--") }, "\(input): name it <kind>--<what>")
            bytes.insert(UInt8(kind), at: 0)
        }
        // Returning is the test: these inputs once took minutes, or would have.
        target.run(bytes)
    }

    @Test("the kept inputs cover every fuzz target")
    func coverage() {
        for target in FuzzTarget.allCases {
            #expect(Self.inputs.contains { $0.hasPrefix(target.rawValue + "/") }, "no kept input for \(target.rawValue)")
        }
    }
}
