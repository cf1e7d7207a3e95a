using System.Net.Http.Headers;
using System.Text;

namespace OrleansRegistry.Upstream;

/// <summary>What this registry proves itself with upstream: nothing, a user and password, or a token.</summary>
public sealed class UpstreamCredentials
{
    private UpstreamCredentials(AuthenticationHeaderValue? basic, AuthenticationHeaderValue? bearer)
    {
        Basic = basic;
        StaticBearer = bearer;
    }

    public static UpstreamCredentials Anonymous { get; } = new(null, null);

    /// <summary>Sent where the upstream (or its token server) asks for Basic credentials.</summary>
    public AuthenticationHeaderValue? Basic { get; }

    /// <summary>A configured token, sent with every request instead of asking a token server.</summary>
    public AuthenticationHeaderValue? StaticBearer { get; }

    public static UpstreamCredentials ForUser(string user, string password) =>
        new(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))), null);

    public static UpstreamCredentials ForToken(string token) => new(null, new AuthenticationHeaderValue("Bearer", token));

    /// <summary>Never the secret itself: what a start line or a log may say.</summary>
    public override string ToString() => StaticBearer is not null ? "token" : Basic is not null ? "basic" : "anonymous";
}
