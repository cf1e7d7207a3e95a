using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace OrleansRegistry.Upstream;

/// <summary>
/// What an upstream's <c>WWW-Authenticate</c> asks for: Basic credentials, or a token from
/// <c>Bearer realm="…",service="…",scope="…"</c> (the Docker token specification, which Docker Hub, GHCR and Quay use).
/// </summary>
public sealed partial record BearerChallenge(bool IsBasic, Uri? Realm, string? Service, string? Scope)
{
    /// <summary>The first challenge this registry can answer, or null where there is none.</summary>
    public static BearerChallenge? Parse(HttpHeaderValueCollection<AuthenticationHeaderValue> challenges)
    {
        foreach (var challenge in challenges)
        {
            if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                return new BearerChallenge(true, null, null, null);
            }

            if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge.Parameter is null)
            {
                continue;
            }

            var parameters = Parameter().Matches(challenge.Parameter)
                .GroupBy(m => m.Groups["key"].Value.ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.First().Groups["value"].Value);
            if (parameters.TryGetValue("realm", out var realm) && Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) && realmUri.Scheme is "http" or "https")
            {
                return new BearerChallenge(false, realmUri, parameters.GetValueOrDefault("service"), parameters.GetValueOrDefault("scope"));
            }
        }

        return null;
    }

    /// <summary>key="value" pairs, or key=token where a server leaves the quotes out.</summary>
    [GeneratedRegex("""(?<key>[A-Za-z_]+)\s*=\s*(?:"(?<value>[^"]*)"|(?<value>[^,\s]*))""")]
    private static partial Regex Parameter();
}
