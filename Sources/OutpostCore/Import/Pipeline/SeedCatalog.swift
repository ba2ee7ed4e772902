import GRDB

/// The starter catalog bundled in `seed/`, loaded by the JSON importer that
/// `outpost import` uses, so the seed is proof that the importer reads its format.
enum SeedCatalog {
  static func load(_ files: [(name: String, bytes: [UInt8])], into db: Database) throws -> ImportSummary {
    var total = ImportSummary()
    let vocabulary = try AudienceVocabulary.load(db)
    for file in files {
      let options = ImportOptions(onConflict: .fail)
      var source = PreparingSource(
        RecordItemSource(
          reader: JSONRecordReader(bytes: file.bytes, fileName: "seed/\(file.name)"),
          mapper: EntryMapper(matcher: FieldMatcher(), vocabulary: vocabulary)),
        preparation: ItemPreparation(options: options))
      let importer = Importer(db: db, options: options, fileName: file.name, vocabulary: vocabulary)
      let summary: ImportSummary
      do {
        summary = try importer.run(&source)
      } catch let failure as ImportFailure {
        // A broken seed is a build defect; say so plainly.
        throw CatalogError("the bundled seed catalog is invalid: " + failure.problems.lines.joined(separator: "; "))
      }
      total.inserted += summary.inserted
      for (kind, count) in summary.insertedByKind { total.insertedByKind[kind, default: 0] += count }
    }
    return total
  }
}
