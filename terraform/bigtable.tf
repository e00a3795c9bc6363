# Candles: the original system's instance, table and family names, so existing data and tools fit.

locals {
  # candle_store = "firestore" creates no Bigtable at all (that is the point: the node is most of the bill).
  use_bigtable = var.candle_store == "bigtable"
}

resource "google_bigtable_instance" "main" {
  count = local.use_bigtable ? 1 : 0

  project             = var.project_id
  name                = var.bigtable_instance_name
  display_name        = "CryptoSignalTracker candles"
  deletion_protection = var.bigtable_deletion_protection
  labels              = var.labels

  cluster {
    cluster_id   = "${var.bigtable_instance_name}-c1"
    zone         = var.bigtable_zone
    storage_type = var.bigtable_storage_type
    num_nodes    = var.bigtable_autoscaling == null ? var.bigtable_num_nodes : null

    dynamic "autoscaling_config" {
      for_each = var.bigtable_autoscaling == null ? [] : [var.bigtable_autoscaling]
      content {
        min_nodes  = autoscaling_config.value.min_nodes
        max_nodes  = autoscaling_config.value.max_nodes
        cpu_target = autoscaling_config.value.cpu_target
      }
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_bigtable_table" "candles" {
  count = local.use_bigtable ? 1 : 0

  project             = var.project_id
  name                = var.bigtable_table_name
  instance_name       = google_bigtable_instance.main[0].name
  deletion_protection = var.bigtable_deletion_protection ? "PROTECTED" : "UNPROTECTED"

  column_family {
    family = "market"
  }
}

# Without a rule the family keeps every candle forever (and every rewritten cell version).
resource "google_bigtable_gc_policy" "market_max_age" {
  count = local.use_bigtable ? 1 : 0

  project         = var.project_id
  instance_name   = google_bigtable_instance.main[0].name
  table           = google_bigtable_table.candles[0].name
  column_family   = "market"
  deletion_policy = "ABANDON"

  # gc_rules (the API's own JSON) instead of the legacy max_age block, which the provider keeps
  # only for old configurations.
  gc_rules = jsonencode({
    rules = [{ max_age = "${var.bigtable_gc_max_age_days * 24}h" }]
  })
}
