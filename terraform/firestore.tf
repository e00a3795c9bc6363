# Positions, macro bias and the create-if-absent alert records live in the (default) database.

resource "google_firestore_database" "default" {
  count = var.create_firestore_database ? 1 : 0

  project                 = var.project_id
  name                    = "(default)"
  location_id             = var.firestore_location
  type                    = "FIRESTORE_NATIVE"
  delete_protection_state = var.firestore_deletion_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  # With protection on, `terraform destroy` forgets the database instead of failing.
  deletion_policy = var.firestore_deletion_protection ? "ABANDON" : "DELETE"

  depends_on = [google_project_service.apis]
}

locals {
  # Firestore has no per-database IAM resource: roles are granted on the project with an IAM
  # condition that limits them to this one database.
  firestore_database_name = "projects/${var.project_id}/databases/(default)"
}
