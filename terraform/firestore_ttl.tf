# Bounded state (issue 11): documents needed only for a while carry the timestamp field `expire_at`
# (write time + 8 days, longer than Pub/Sub keeps an unacknowledged message; see
# shared/CryptoSignalTracker.Core/Ports/StateRetention.cs and docs/operations.md). A TTL policy per
# collection group deletes them after that time (Firestore deletes within about a day of expiry).
# Documents without the field never expire: positions, closed trades, alert deliveries, the LogicEngine's
# watermark and journal, bot chats and settings.
#
# `entries` is the collection group of every state-store document (state/{collection}/entries/{key});
# only the collections StateRetention names get the field, so the one policy covers candle-event claims,
# swing intents, Aggregator partials, Notifier delivery claims and verification counters. The others are
# the idempotency scopes (one collection each).

locals {
  firestore_ttl_collection_groups = toset([
    "entries",
    "emitted_signals",
    "alerted_signals",
    "emitted_exits",
    "telegram_updates",
  ])
}

resource "google_firestore_field" "state_expiry" {
  for_each = local.firestore_ttl_collection_groups

  project    = var.project_id
  database   = "(default)"
  collection = each.key
  field      = "expire_at"

  ttl_config {}

  # A TTL field needs no single-field index; leaving it out saves index writes on every claim.
  index_config {}

  depends_on = [google_firestore_database.default]
}
