"""The dynamic-provider front end: a thin ``pulumi.dynamic`` adapter over the Token core."""
