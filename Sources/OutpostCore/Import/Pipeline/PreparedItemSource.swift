/// A source whose items have been through `ItemPreparation`: the only kind
/// the importer takes, so that preparation runs exactly once, wherever it ran.
protocol PreparedItemSource: ImportItemSource {}
