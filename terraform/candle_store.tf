# candle_store = "firestore": the candles are documents candles_1m/{SYMBOL}/minutes/{unix seconds}
# (shared/CryptoSignalTracker.Google/Firestore/FirestoreCandleStore.cs) in the (default) database,
# and no Bigtable is created (bigtable.tf). Reads are one range query on open_time_ms, which
# Firestore's automatic single-field index serves; the price fields are never queried, so they are
# exempt from indexing: without this every candle would also store ~16 index entries (each field
# ascending and descending), several times the candle's own size. Kept apart from firestore.tf,
# where the other collections' settings (TTL policies) live.

locals {
  candle_fields_not_indexed = toset(["open", "high", "low", "close", "volume", "trades", "buy_volume", "sell_volume"])
}

resource "google_firestore_field" "candle_not_indexed" {
  for_each = var.candle_store == "firestore" ? local.candle_fields_not_indexed : toset([])

  project    = var.project_id
  database   = "(default)"
  collection = "minutes"
  field      = each.value

  # An empty index_config removes the field's single-field indexes.
  index_config {}

  depends_on = [google_firestore_database.default]
}
