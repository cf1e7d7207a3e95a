namespace OrleansRegistry.Upstream;

/// <summary>A token a token server issued for one scope, and when it stops being good.</summary>
public sealed record UpstreamToken(string Value, DateTimeOffset ExpiresAt);
