namespace OrleansRegistry.Api.Security;

/// <summary>A token the built-in endpoint issued, with what its JSON answer reports.</summary>
public sealed record IssuedToken(string Token, int ExpiresIn, DateTime IssuedAt);
