/// Where a reader's bytes come from: bytes already in memory, an open file,
/// or both at once.
///
/// Both at once is standard input: its head is read first to tell its
/// format, and a pipe cannot be read twice, so the reader is handed that head
/// and goes on reading the pipe behind it. Nothing is fed back through a
/// socket, and no thread pumps it.
public struct ByteSource: Sendable {
  /// Bytes already read: they come first.
  let head: [UInt8]
  /// The open file the rest is read from, or nil when `head` is all there
  /// is. A reader never closes it.
  let descriptor: Int32?

  /// Bytes already in memory: a small input read whole, a CSV cell, a test.
  public static func bytes(_ bytes: [UInt8]) -> ByteSource {
    ByteSource(head: bytes, descriptor: nil)
  }

  /// The open file `descriptor`, from its current offset.
  public static func file(_ descriptor: Int32) -> ByteSource {
    ByteSource(head: [], descriptor: descriptor)
  }

  /// `head`, already read from `descriptor`, then the rest of `descriptor`.
  public static func file(_ descriptor: Int32, after head: [UInt8]) -> ByteSource {
    ByteSource(head: head, descriptor: descriptor)
  }
}
