extension JSONRecordScanner {
  /// The bytes of an NDJSON line as written, kept while the line is read so
  /// that a line that is not JSON can still go to the rejects file
  /// (`--rejects`): the buffer drops the bytes behind `pos` at each refill.
  struct Capture {
    /// The most bytes kept: a longer broken line fails the import instead,
    /// rather than hold a file with no line ends in memory.
    static let limit = 4 << 20
    var bytes: [UInt8] = []
    /// Where the kept bytes go on in the buffer.
    var start: Int
    var overflowed = false
  }

  /// Starts keeping the bytes read from `pos` on.
  mutating func startCapture() {
    capture = Capture(start: pos)
  }

  /// The bytes kept since `startCapture`, up to `pos`; nil when there were
  /// too many. Stops keeping them.
  mutating func endCapture() -> [UInt8]? {
    guard capture != nil else { return nil }
    keepCaptured(before: pos)
    defer { capture = nil }
    return capture!.overflowed ? nil : capture!.bytes
  }

  /// Before the buffer drops the bytes before `end` (at a refill, or at the
  /// end of the line): adds those kept to `capture`, in place.
  mutating func keepCaptured(before end: Int) {
    guard let start = capture?.start else { return }
    if start < end {
      if capture!.bytes.count + end - start > Capture.limit {
        capture!.overflowed = true
      } else if !capture!.overflowed {
        capture!.bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
      }
      capture!.start = 0
    } else {
      capture!.start = start - end
    }
  }
}
