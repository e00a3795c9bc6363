variable "project_id" {
  description = "Google Cloud project that holds the service."
  type        = string
}

variable "region" {
  description = "Cloud Run region, e.g. europe-west1."
  type        = string
}

variable "service_name" {
  description = "Cloud Run service name (lower case, digits and hyphens, at most 49 characters)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$", var.service_name))
    error_message = "service_name must start with a letter, use only a-z, 0-9 and '-', and be at most 49 characters."
  }
}

variable "function_name" {
  description = "The function project this service runs (functions/<Name>/), e.g. Aggregator. Used for labels and the service account's display name."
  type        = string
}

variable "service_account_id" {
  description = "account_id of the service account created for this service alone (6-30 characters)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{4,28}[a-z0-9])$", var.service_account_id))
    error_message = "service_account_id must be 6-30 characters: a-z, 0-9 and '-', starting with a letter."
  }
}

variable "image" {
  description = "Container image to deploy first (registry path with a tag or a digest). Later images are rolled out by Cloud Build; see lifecycle in main.tf."
  type        = string
}

variable "env" {
  description = "Plain environment variables (never secrets)."
  type        = map(string)
  default     = {}
}

variable "secret_env" {
  description = "Environment variables read from Secret Manager: name => { secret = secret_id, version = \"latest\" }. The secret must already have a version, or the revision fails to start."
  type = map(object({
    secret  = string
    version = optional(string, "latest")
  }))
  default = {}
}

variable "always_on" {
  description = "Keep exactly one instance running with CPU always allocated (the Ingestor's websocket). When false the service scales on requests from zero."
  type        = bool
  default     = false
}

variable "scaling" {
  description = "Instance limits when always_on is false."
  type = object({
    min_instances = optional(number, 0)
    max_instances = optional(number, 3)
  })
  default = {}

  validation {
    condition     = var.scaling.min_instances >= 0 && var.scaling.max_instances >= 1 && var.scaling.min_instances <= var.scaling.max_instances
    error_message = "scaling needs 0 <= min_instances <= max_instances and max_instances >= 1."
  }
}

variable "resources" {
  description = "CPU and memory of one instance (Cloud Run syntax: cpu \"1\", memory \"512Mi\")."
  type = object({
    cpu    = optional(string, "1")
    memory = optional(string, "512Mi")
  })
  default = {}
}

variable "concurrency" {
  description = "Requests one instance serves at once."
  type        = number
  default     = 40
}

variable "timeout_seconds" {
  description = "Request timeout in seconds (Cloud Run allows 1-3600). Keep it at or below the push subscription's ack deadline."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 3600
    error_message = "timeout_seconds must be between 1 and 3600."
  }
}

variable "health_path" {
  description = "HTTP path of the health route every function serves."
  type        = string
  default     = "/health"
}

variable "ingress" {
  description = "Who may reach the URL at the network level: INGRESS_TRAFFIC_ALL, INGRESS_TRAFFIC_INTERNAL_ONLY or INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER. IAM still decides who may invoke."
  type        = string
  default     = "INGRESS_TRAFFIC_ALL"

  validation {
    condition     = contains(["INGRESS_TRAFFIC_ALL", "INGRESS_TRAFFIC_INTERNAL_ONLY", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"], var.ingress)
    error_message = "ingress must be INGRESS_TRAFFIC_ALL, INGRESS_TRAFFIC_INTERNAL_ONLY or INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER."
  }
}

variable "public" {
  description = "Let anyone on the internet invoke the service (allUsers). Only the Telegram webhook sets this; it checks Telegram's secret-token header itself."
  type        = bool
  default     = false
}

variable "invoker_members" {
  description = "IAM members (e.g. serviceAccount:x@p.iam.gserviceaccount.com) allowed to invoke this service, keyed by a stable name."
  type        = map(string)
  default     = {}
}

variable "deletion_protection" {
  description = "Refuse `terraform destroy` of the service. Services are stateless, so off by default."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels put on the service."
  type        = map(string)
  default     = {}
}
