// Scoped API tokens of the Openapi OAuth Service as code: tokens, their limits, renewal and rotation, and read-only lookups of the account.
package openapioauth
