import Foundation
import LVSFuzzTargets

// Built by scripts/fuzz with -sanitize=fuzzer and -DFUZZING: libFuzzer's main calls the
// entry point below with each input, for the target named by LVSLINT_FUZZ_TARGET. Built
// plainly (`swift build --product lvslint-fuzz`), it replays files: `lvslint-fuzz TARGET FILE…`.
#if FUZZING
    nonisolated(unsafe) let target = ProcessInfo.processInfo.environment["LVSLINT_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:)) ?? .bundle

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let data else { return 0 }
        target.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    /// libFuzzer's driver (libclang_rt.fuzzer), declared so that the link pulls it in.
    @_extern(c, "LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry point under this name (and points `main` at it), so
    /// libFuzzer's own `main` is not used: hand over to its driver.
    @_cdecl("lvslint_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        var count = argc
        var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        return runFuzzerDriver(&count, &vector, fuzzOne)
    }
#else
    @main
    struct Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(Data("usage: lvslint-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…\n".utf8))
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
                    exit(2)
                }
                target.run([UInt8](data))
                print("\(path): \(target.rawValue) returned")
            }
        }
    }
#endif
