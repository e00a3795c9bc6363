variable "project_id" {
  description = "Google Cloud project that holds the topic."
  type        = string
}

variable "project_number" {
  description = "Project number, used to name the Pub/Sub service agent (service-NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com)."
  type        = string
}

variable "topic_name" {
  description = "Topic the functions publish to, e.g. candles-1m."
  type        = string
}

variable "message_retention_duration" {
  description = "How long the topic itself keeps messages (lets a subscription seek back), e.g. \"86400s\". null keeps none."
  type        = string
  default     = null
}

variable "dead_letter_retention" {
  description = "How long dead-lettered messages wait in the dead-letter holding subscription for a person to look at them (max 604800s = 7 days)."
  type        = string
  default     = "604800s"
}

variable "push_subscriptions" {
  description = <<-EOT
    Push subscriptions, keyed by a short name. Each delivers to one Cloud Run service with an OIDC
    token from a service account created for that subscription alone, which is the only account
    (besides Cloud Build) that may invoke the service. Every subscription gets a dead-letter policy
    and a retry policy.
  EOT
  type = map(object({
    service_name          = string                     # Cloud Run service that receives the pushes
    service_location      = string                     # its region
    push_endpoint         = string                     # its URL (path "/")
    invoker_account_id    = string                     # account_id of the push identity (6-30 chars)
    ack_deadline_seconds  = optional(number, 60)       # = push request timeout
    max_delivery_attempts = optional(number, 10)       # then the message goes to the dead-letter topic
    minimum_backoff       = optional(string, "10s")    # first redelivery delay
    maximum_backoff       = optional(string, "600s")   # largest redelivery delay
    message_ordering      = optional(bool, false)      # deliver in order per ordering key
    retention             = optional(string, "86400s") # how long an unacked message is kept
  }))
  default = {}

  validation {
    condition = alltrue([
      for s in values(var.push_subscriptions) :
      s.max_delivery_attempts >= 5 && s.max_delivery_attempts <= 100 &&
      s.ack_deadline_seconds >= 10 && s.ack_deadline_seconds <= 600
    ])
    error_message = "Each push subscription needs max_delivery_attempts 5-100 and ack_deadline_seconds 10-600 (Pub/Sub limits)."
  }
}

variable "publisher_members" {
  description = "IAM members allowed to publish to the topic, keyed by a stable name (one entry per function that publishes)."
  type        = map(string)
  default     = {}
}

variable "dead_letter_publisher_members" {
  description = "IAM members allowed to publish to the dead-letter topic themselves, keyed by a stable name: the receiving functions, whose host forwards a permanently bad message there with its reason (cst-dead-letter-reason) and acknowledges it."
  type        = map(string)
  default     = {}
}

variable "labels" {
  description = "Labels put on topics and subscriptions."
  type        = map(string)
  default     = {}
}
