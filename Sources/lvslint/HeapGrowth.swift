import Foundation

/// How far the C library's allocator grows its heaps at a time.
enum HeapGrowth {
    /// glibc's `M_TOP_PAD` (malloc.h), which Swift's Glibc module does not import.
    static let topPadParameter: Int32 = -2

    /// The heaps grown 32 MiB at a time, not 128 KiB: a fleet's hosts, read on every core,
    /// grew the threads' heaps 13,000 times on 10,000 hosts (an `mprotect` each, some
    /// microseconds apiece). The room is address space until it is written: the resident
    /// memory is what it was. `mallopt` is looked up, not linked: where the C library has
    /// none (musl, Darwin), nothing changes.
    static func widen() {
        #if os(Linux)
            // `RTLD_DEFAULT`, which is 0 in glibc: the symbol as the program itself would find it.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            _ = unsafeBitCast(symbol, to: MallOpt.self)(topPadParameter, 32 << 20)
        #endif
    }
}
