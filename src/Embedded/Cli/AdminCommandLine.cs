using System.Net.Http.Headers;
using System.Text;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>
/// What every client of the admin API takes on its command line: <c>[--url URL] [--user NAME --password PASSWORD]</c>,
/// and flags of its own.
/// </summary>
internal sealed record AdminCommandLine(Uri Url, string? User, string? Password, IReadOnlySet<string> Flags)
{
    /// <summary>The registry a command talks to unless told otherwise: the embedded one with its default settings.</summary>
    public static readonly Uri DefaultUrl = new("http://127.0.0.1:5000/");

    /// <param name="flags">The flags the command knows, such as <c>--dry-run</c>.</param>
    /// <returns>Null for a command line the command cannot run.</returns>
    public static AdminCommandLine? Parse(IReadOnlyList<string> args, params string[] flags)
    {
        var options = new AdminCommandLine(DefaultUrl, null, null, new HashSet<string>());
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case var flag when flags.Contains(flag): given.Add(flag); break;
                case "--url" when Value() is { } url && Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var parsed):
                    options = options with { Url = parsed };
                    break;
                case "--user" when Value() is { } user: options = options with { User = user }; break;
                case "--password" when Value() is { } password: options = options with { Password = password }; break;
                default: return null;
            }
        }

        return (options.User is null) == (options.Password is null) ? options with { Flags = given } : null;
    }

    public bool Has(string flag) => Flags.Contains(flag);

    /// <summary>A client of the registry at <see cref="Url"/>, with the user's credentials where given.</summary>
    public HttpClient CreateClient()
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        if (User is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        }

        return http;
    }
}
