import Foundation
import Testing

/// `--value FIELD:FROM=TO`: a file's own words mapped onto the vocabulary
/// before they are checked, in CSV, JSON and NDJSON.
@Suite("outpost import --value")
struct ImportValueCommandTests {
  let outpost: OutpostProcess

  init() throws { outpost = try OutpostProcess.withCatalog() }

  static let csv = """
    title,url,pricing,audiences
    Alpha,https://alpha.example,Visit Site,SMB;Writers
    Beta,https://beta.example,Free trial,Painters
    Gamma,https://gamma.example,Ask us,
    """

  @Test("without --value the file's words are refused, located")
  func refusedWithout() throws {
    _ = outpost.write(Self.csv + "\n", to: "in.csv")
    let result = try outpost.expectRefused(
      ["in.csv"], at: "in.csv:2:29: ", "pricing 'Visit Site' is not one of free, freemium, paid, contact, unknown")
    #expect(result.stderr.contains("unknown audience 'SMB'"), "\(result)")
  }

  @Test("FROM=TO for one value, any case and spacing; lists map element-wise; * maps what is outside the vocabulary")
  func csvValues() throws {
    _ = outpost.write(Self.csv + "\n", to: "in.csv")
    let result = try outpost.run(
      "import", "in.csv", "--value", " Pricing : visit site = unknown", "--value", "pricing:*=contact", "--value",
      "audiences:smb=small-business-owners", "--value", "audiences:*=")
    #expect(result.status == 0, "\(result)")
    let entries = try outpost.entriesBySlug()
    #expect(entries["alpha"]?["pricing"] as? String == "unknown")
    #expect(entries["alpha"]?["audiences"] as? [String] == ["small-business-owners", "writers"])
    // An alias of the vocabulary is in it: * leaves it to be read as before.
    #expect(entries["beta"]?["pricing"] as? String == "freemium")
    #expect(entries["beta"]?["audiences"] as? [String] == [])
    #expect(entries["gamma"]?["pricing"] as? String == "contact")
  }

  @Test("the same rules work on JSON (lists as arrays) and NDJSON")
  func jsonValues() throws {
    let objects = [
      #"{"title": "Alpha", "url": "https://alpha.example", "pricing": "Visit Site", "audiences": ["SMB", "writers"]}"#,
      #"{"title": "Beta", "url": "https://beta.example", "kind": "Software", "pricing": "Free trial"}"#,
    ]
    let rules = [
      "--value", "pricing:Visit Site=unknown", "--value", "audiences:SMB=small-business-owners", "--value",
      "kind:software=tool",
    ]
    _ = outpost.write("[" + objects.joined(separator: ",") + "]", to: "in.json")
    let json = try outpost.run(["import", "in.json"] + rules)
    #expect(json.status == 0, "\(json)")
    #expect(try outpost.entriesBySlug()["alpha"]?["audiences"] as? [String] == ["small-business-owners", "writers"])
    let ndjson = outpost.write(
      objects.joined(separator: "\n").replacingOccurrences(of: "Alpha", with: "Delta")
        .replacingOccurrences(of: "Beta", with: "Epsilon").replacingOccurrences(of: ".example", with: ".test") + "\n",
      to: "in.ndjson")
    let fromNDJSON = try outpost.run(["import", ndjson] + rules)
    #expect(fromNDJSON.status == 0, "\(fromNDJSON)")
    let entries = try outpost.entriesBySlug()
    #expect(entries["delta"]?["pricing"] as? String == "unknown")
    #expect(entries["delta"]?["audiences"] as? [String] == ["small-business-owners", "writers"])
    #expect(entries["epsilon"]?["kind"] as? String == "tool")
  }

  @Test(
    "a bad --value is a usage error (exit 64) with an example, and writes nothing",
    arguments: [
      (["--value", "pricing"], "should be FIELD:FROM=TO, e.g. --value \"pricing:Visit Site=unknown\""),
      (["--value", "pricing:Visit Site"], "should be FIELD:FROM=TO"),
      (["--value", "colour:red=blue"], "unknown field 'colour'"),
      (["--value", "sources:a=b"], "sources are objects"),
      (["--value", "pricing:=unknown"], "has no FROM"),
      (["--value", "summary:*=x"], "summary has none"),
      (["--value", "pricing:Visit Site=cheap"], "pricing 'cheap' is not one of"),
      (["--value", "pricing:a=free", "--value", "pricing:A=paid"], "maps pricing 'A' twice"),
      (["--value", "audiences:SMB=painters"], "--value: unknown audience 'painters'"),
      (["--value", "pricing:a=free", "--format", "awesome"], "--value applies to CSV and JSON"),
    ])
  func badValues(arguments: [String], message: String) throws {
    _ = outpost.write(Self.csv + "\n", to: "in.csv")
    try outpost.expectRefused(["in.csv"] + arguments, at: "Error: ", message, status: 64)
  }

  @Test("--value on a file read as an awesome list is refused, not ignored")
  func valueOnAwesome() throws {
    _ = outpost.write("# Awesome\n\n## Tools\n\n- [Alpha](https://alpha.example) - A tool.\n", to: "README.md")
    try outpost.expectRefused(
      ["README.md", "--value", "pricing:a=free"], at: "Error: ", "--map and --value apply to CSV, JSON and NDJSON",
      status: 64)
  }
}
