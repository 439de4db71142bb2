"""The native provider front end: the Pulumi package schema (:mod:`.schema`) that the plugin
``pulumi-resource-openapi-oauth`` serves and that ``scripts/gen-sdk`` turns into the SDKs.

Nothing here is imported by the dynamic provider or the policy layer.
"""
