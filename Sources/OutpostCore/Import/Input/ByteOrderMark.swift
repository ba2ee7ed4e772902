/// The byte-order marks at the start of an input.
enum ByteOrderMark {
  /// How many bytes of `base[start..<end]` a UTF-8 mark takes (3, else 0);
  /// throws for a UTF-16 or UTF-32 mark, which would otherwise surface as a
  /// confusing NUL or invalid byte. Give it 4 bytes when the input has them.
  static func utf8Length(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, file: String)
    throws(InputProblem) -> Int
  {
    let count = end - start
    func at(_ i: Int) -> UInt8 { base[start + i] }
    let location = SourceLocation(file: file, line: 1, column: 1)
    if count >= 4,
      (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0)
        || (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF)
    {
      throw InputFault.utf32.problem(at: location)
    }
    if count >= 2, (at(0) == 0xFF && at(1) == 0xFE) || (at(0) == 0xFE && at(1) == 0xFF) {
      throw InputFault.utf16.problem(at: location)
    }
    if count >= 3, at(0) == 0xEF, at(1) == 0xBB, at(2) == 0xBF { return 3 }
    return 0
  }
}
