using System.Text;

namespace OrleansRegistry.Api.Security;

/// <summary>The user and password of an <c>Authorization: Basic</c> header.</summary>
public readonly record struct BasicCredentials(string User, string Password)
{
    /// <summary>The credentials, or null when the header is absent, not Basic, or malformed.</summary>
    public static BasicCredentials? TryParse(string? authorization)
    {
        if (authorization is null || authorization.Length > 8192 || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':');
        return colon <= 0 ? null : new BasicCredentials(decoded[..colon], decoded[(colon + 1)..]);
    }

    public static bool IsBasic(string? authorization) => authorization?.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) == true;
}
