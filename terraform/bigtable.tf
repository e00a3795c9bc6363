# Candles: the original system's instance, table and family names, so existing data and tools fit.

resource "google_bigtable_instance" "main" {
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
  project             = var.project_id
  name                = var.bigtable_table_name
  instance_name       = google_bigtable_instance.main.name
  deletion_protection = var.bigtable_deletion_protection ? "PROTECTED" : "UNPROTECTED"

  column_family {
    family = "market"
  }
}

# Without a rule the family keeps every candle forever (and every rewritten cell version).
resource "google_bigtable_gc_policy" "market_max_age" {
  project         = var.project_id
  instance_name   = google_bigtable_instance.main.name
  table           = google_bigtable_table.candles.name
  column_family   = "market"
  deletion_policy = "ABANDON"

  max_age {
    duration = "${var.bigtable_gc_max_age_days * 24}h"
  }
}
