import SystemPackage

/// The fixed buffer a reader reads its input into, and the one place where
/// an input's bytes are read from a file.
///
/// A class so the readers' hot loops can walk `base` through a raw pointer,
/// without Swift's exclusivity checks; the memory is freed with the last
/// copy of the reader that holds it. Which bytes of it are unread is the
/// reader's business: a CSV record and a JSON token keep different things.
final class InputBuffer {
  let base: UnsafeMutablePointer<UInt8>
  let capacity: Int
  /// How many bytes `base` holds before anything is read: the source's head.
  let initialCount: Int
  /// No more bytes will come: the end of the file, a read error, or an
  /// input given whole in memory.
  private(set) var exhausted: Bool
  private let descriptor: FileDescriptor?
  private let file: String

  /// A buffer of `capacity` bytes (more when the source's head needs it),
  /// or, for bytes given whole, exactly their size.
  init(_ source: ByteSource, capacity: Int, file: String) {
    let head = source.head
    self.capacity = source.descriptor == nil ? max(head.count, 1) : max(capacity, head.count, 1)
    let base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    head.withUnsafeBufferPointer { bytes in
      if let from = bytes.baseAddress { base.initialize(from: from, count: bytes.count) }
    }
    self.base = base
    initialCount = head.count
    descriptor = source.descriptor.map(FileDescriptor.init(rawValue:))
    exhausted = source.descriptor == nil
    self.file = file
  }

  deinit { base.deallocate() }

  /// Reads at most `count` bytes into `base[offset...]` with one read(2),
  /// retried when a signal interrupts it; 0 at the end of the input.
  func read(into offset: Int, count: Int) throws(InputProblem) -> Int {
    guard let descriptor, !exhausted else { return 0 }
    do {
      let read = try descriptor.read(
        into: UnsafeMutableRawBufferPointer(start: base + offset, count: count), retryOnInterrupt: true)
      if read == 0 { exhausted = true }
      return read
    } catch {
      exhausted = true
      throw InputFault.unreadable(error).problem(at: SourceLocation(file: file))
    }
  }
}
