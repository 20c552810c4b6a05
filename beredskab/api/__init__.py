"""The REST API for integrations: the same services, selectors and policies as the pages."""
