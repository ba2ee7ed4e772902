import Foundation

/// The byte-level scanner behind both readers. `base[pos..<end]` is unread;
/// `chunkStart` is the file offset of `base[0]`. A token is read in place,
/// from `pos`, and `pos` moves past it only when it is complete, so that
/// refilling can move the token's start to the front of the buffer.
struct JSONRecordScanner {
  /// The longest string accepted, in bytes as written in the file.
  static let maxStringBytes = 1 << 20
  /// The deepest nesting of arrays and objects accepted.
  static let maxDepth = 64
  static let chunkSize = 64 * 1024

  let file: String
  let input: InputBuffer
  let base: UnsafeMutablePointer<UInt8>
  let capacity: Int
  /// How many bytes one read(2) asks for.
  let readSize: Int
  /// NDJSON: a line feed ends the value instead of being whitespace.
  let lineMode: Bool
  /// No more bytes will come: end of file, or the input was given in memory.
  var exhausted: Bool
  /// Set by a read error or a UTF-16 file, after which nothing can be resumed.
  private(set) var isFatal = false
  var pos = 0
  var end: Int
  var chunkStart = 0
  /// The line of `pos`, and the column of any offset on it.
  var position = TextPosition()
  /// Decoded bytes of a string that holds escapes.
  var scratch: [UInt8] = []
  /// An NDJSON line being kept as written (`JSONRecordScanner+Capture`).
  var capture: Capture?

  init(_ source: ByteSource, file: String, lineMode: Bool, chunkSize: Int = Self.chunkSize) {
    let readSize = max(chunkSize, 1)
    // Room for the longest token kept whole plus a chunk read behind it.
    input = InputBuffer(source, capacity: Self.maxStringBytes + 4 * readSize, file: file)
    base = input.base
    capacity = input.capacity
    self.readSize = source.descriptor == nil ? capacity : readSize
    self.file = file
    self.lineMode = lineMode
    exhausted = input.exhausted
    end = input.initialCount
  }

  /// The 1-based line of `pos`.
  var line: Int { position.line }

  /// The file offset of the next unread byte.
  var offset: Int { chunkStart + pos }

  // MARK: Buffer

  /// Moves the unread bytes to the front and reads another chunk behind
  /// them; returns how far the bytes moved, for indices the caller holds.
  mutating func refill() throws(InputProblem) -> Int {
    guard !exhausted else { return 0 }
    let shift = pos
    let keep = end - pos
    if shift > 0 {
      if capture != nil { keepCaptured(before: shift) }
      if keep > 0 { memmove(base, base + shift, keep) }
      chunkStart += shift
      pos = 0
      end = keep
    }
    let room = min(readSize, capacity - end)
    guard room > 0 else {
      // Tokens are capped well below the capacity; this is a safety net.
      isFatal = true
      throw InputProblem(location(), "a value longer than \(capacity) bytes; shorten it")
    }
    do throws(InputProblem) {
      let count = try input.read(into: end, count: room)
      if count == 0 { exhausted = true }
      end += count
      return shift
    } catch {
      isFatal = true
      exhausted = true
      throw error
    }
  }

  /// Makes `count` bytes from index `p` readable, keeping the bytes from
  /// `pos` on; `p` and `q` follow the move. False at the end of the input.
  mutating func request(_ count: Int, _ p: inout Int, _ q: inout Int) throws(InputProblem) -> Bool {
    while end - p < count {
      if exhausted { return false }
      let shift = try refill()
      p -= shift
      q -= shift
    }
    return true
  }

  /// `request` with one cursor to follow the move.
  mutating func request(_ count: Int, _ p: inout Int) throws(InputProblem) -> Bool {
    var unused = p
    return try request(count, &p, &unused)
  }

  /// Makes `count` bytes from `pos` readable; false when the input ends first.
  mutating func ensure(_ count: Int) throws(InputProblem) -> Bool {
    var p = pos
    return try request(count, &p)
  }

  /// The next byte, or nil at the end of the input.
  @inline(__always)
  mutating func peek() throws(InputProblem) -> UInt8? {
    if pos < end { return base[pos] }
    guard try ensure(1) else { return nil }
    return base[pos]
  }

  @inline(__always)
  mutating func advance() { pos += 1 }

  /// Past the line feed at `pos`.
  mutating func consumeLineFeed() {
    pos += 1
    position.startLine(at: chunkStart + pos)
  }

  /// Past the next line feed, or to the end: where a broken NDJSON line ends.
  mutating func skipLine() throws(InputProblem) {
    while true {
      while pos < end {
        if base[pos] == Byte.lineFeed {
          consumeLineFeed()
          return
        }
        pos += 1
      }
      if exhausted { return }
      _ = try refill()
    }
  }

  /// Skips spaces, tabs, carriage returns and (except in NDJSON) line feeds.
  mutating func skipWhitespace() throws(InputProblem) {
    while true {
      var p = pos
      while p < end {
        let b = base[p]
        if b == Byte.space || b == Byte.tab || b == Byte.carriageReturn {
          p += 1
        } else if b == Byte.lineFeed && !lineMode {
          p += 1
          position.startLine(at: chunkStart + p)
        } else {
          pos = p
          return
        }
      }
      pos = p
      if exhausted { return }
      _ = try refill()
    }
  }

  /// Skips a UTF-8 byte order mark; refuses UTF-16 and UTF-32.
  mutating func skipByteOrderMark() throws(InputProblem) {
    _ = try ensure(4)
    do throws(InputProblem) {
      pos += try ByteOrderMark.utf8Length(base, from: pos, to: end, file: file)
    } catch {
      isFatal = true
      throw error
    }
    position.startFirstLine(at: chunkStart + pos)
  }
}
