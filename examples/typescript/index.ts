// One scoped token with limits, renewal and a rotation trigger, and a lookup of the catalogue.
// Credentials: `pulumi config set openapi-oauth:email ...` and
// `pulumi config set --secret openapi-oauth:apiKey ...` (or OPENAPI_OAUTH_EMAIL / OPENAPI_OAUTH_API_KEY).
import * as pulumi from "@pulumi/pulumi";
import * as oauth from "@openapi-oauth/pulumi";

const config = new pulumi.Config();

const token = new oauth.Token("ci", {
    scopes: ["GET:company.openapi.com/IT-start"],
    ttl: 7 * 24 * 3600,
    limits: { totalRequests: config.getNumber("totalRequests") ?? 1000, ip: ["203.0.113.7"] },
    renewBefore: 24 * 3600,
    rotationTriggers: { generation: config.get("rotation") ?? "1" },
});

const scopes = oauth.getScopesOutput({ domain: "company.openapi.com" });

export const tokenId = token.tokenId;
export const id = token.id;
export const value = token.token; // secret
export const scopeCount = scopes.scopes.apply((s) => s.length);
