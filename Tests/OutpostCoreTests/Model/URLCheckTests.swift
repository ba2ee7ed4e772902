import Testing

@testable import OutpostCore

/// The duplicate key that `add`, imports and the URL index compare URLs by.
@Suite("URL duplicate key")
struct URLCheckTests {
  @Test(
    "scheme, www., trailing slashes, surrounding spaces and the host's case are ignored; the path's case is not",
    arguments: [
      ("https://www.Cafe.AI/", "cafe.ai"), ("http://cafe.ai", "cafe.ai"), (" https://cafe.ai// ", "cafe.ai"),
      ("HTTPS://WWW.CAFE.AI/Menu/", "cafe.ai/Menu"), ("https://cafe.ai/a://b", "cafe.ai/a://b"),
      ("https://wwwcafe.ai", "wwwcafe.ai"), ("https://café.ai/É", "café.ai/É"), ("https://", ""),
    ])
  func key(url: String, key: String) {
    #expect(URLCheck.duplicateKey(url) == key)
  }

  @Test("the hash an import keeps is the hash of the key, so the two never disagree")
  func hashFollowsKey() {
    var generator = SystemRandomNumberGenerator()
    let pieces = [
      "https://", "http://", "HTTP://", "www.", "WWW.", "Cafe", "ai", ".", "/", "//", "Menu", "é", " ", ":",
    ]
    for _ in 0..<2000 {
      let url = (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
        .joined()
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in URLCheck.duplicateKey(url).utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      #expect(URLCheck.duplicateKeyHash(url) == hash, "\(url)")
    }
  }
}
