// One scoped token with limits, renewal and a rotation trigger, and a lookup of the catalogue.
// Credentials: `pulumi config set openapi-oauth:email ...` and
// `pulumi config set --secret openapi-oauth:apiKey ...` (or OPENAPI_OAUTH_EMAIL / OPENAPI_OAUTH_API_KEY).
package main

import (
	"github.com/openapi-oauth/pulumi-openapi-oauth/sdk/go/openapioauth"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		token, err := openapioauth.NewToken(ctx, "ci", &openapioauth.TokenArgs{
			Scopes: pulumi.StringArray{pulumi.String("GET:company.openapi.com/IT-start")},
			Ttl:    pulumi.Int(7 * 24 * 3600),
			Limits: &openapioauth.TokenLimitsArgs{
				TotalRequests: pulumi.Int(1000),
				Ip:            pulumi.StringArray{pulumi.String("203.0.113.7")},
			},
			RenewBefore:      pulumi.Int(24 * 3600),
			RotationTriggers: pulumi.Map{"generation": pulumi.String("1")},
		})
		if err != nil {
			return err
		}
		domain := "company.openapi.com"
		scopes, err := openapioauth.GetScopes(ctx, &openapioauth.GetScopesArgs{Domain: &domain})
		if err != nil {
			return err
		}
		ctx.Export("tokenId", token.TokenId)
		ctx.Export("value", token.Token) // secret
		ctx.Export("scopeCount", pulumi.Int(len(scopes.Scopes)))
		return nil
	})
}
