output "service_id" {
  description = "Resource id of the Cloud Run service (projects/P/locations/R/services/NAME)."
  value       = google_cloud_run_v2_service.this.id
}

output "service_account_id" {
  description = "Resource id of the service's own service account."
  value       = google_service_account.this.id
}

output "service_name" {
  description = "Cloud Run service name."
  value       = google_cloud_run_v2_service.this.name
}

output "location" {
  description = "Region the service runs in."
  value       = google_cloud_run_v2_service.this.location
}

output "uri" {
  description = "HTTPS URL of the service."
  value       = google_cloud_run_v2_service.this.uri
}

output "service_account_email" {
  description = "E-mail of the service's own service account."
  value       = google_service_account.this.email
}

output "service_account_name" {
  description = "Full resource name of the service account (projects/.../serviceAccounts/...)."
  value       = google_service_account.this.name
}

output "service_account_member" {
  description = "IAM member string for the service account (serviceAccount:...)."
  value       = "serviceAccount:${google_service_account.this.email}"
}
