"""Pulumi provider for the Openapi OAuth Service."""
