"""The pulumi-openapi-oauth policy pack: every rule of ``pulumi_openapi_oauth.policy``.

    pulumi preview --policy-pack examples/policy-pack \
        --policy-pack-config examples/policy-pack/config.example.json

To pick rules or preset their config, build your own pack instead:

    from pulumi_policy import EnforcementLevel, PolicyPack
    from pulumi_openapi_oauth.policy import MAX_TTL, REQUIRE_LIMITS

    PolicyPack("my-tokens", policies=[MAX_TTL, REQUIRE_LIMITS],
               initial_config={"openapi-oauth-max-ttl": {"maxSeconds": 86400}})
"""

from pulumi_openapi_oauth.policy.pack import run_pack

run_pack()
