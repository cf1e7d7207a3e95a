using System.Net.Http.Headers;
using System.Text;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>
/// The command line of an admin command: <c>--url</c>, <c>--user</c> and <c>--password</c>, which every one takes,
/// and the command's own flags and valued options. Parsed by hand: each command is a thin client of one admin
/// endpoint with a handful of options, which a parsing library would not make shorter.
/// </summary>
internal sealed record AdminArguments(Uri Url, string? User, string? Password, IReadOnlySet<string> Flags, IReadOnlyDictionary<string, string> Values)
{
    public const string CommonUsage = "[--url http://127.0.0.1:5000] [--user NAME --password PASSWORD]";

    /// <summary>The arguments, or null where they are not a command line of this command.</summary>
    public static AdminArguments? Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> values)
    {
        var url = new Uri("http://127.0.0.1:5000/");
        string? user = null, password = null;
        var given = new HashSet<string>();
        var valued = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (name)
            {
                case "--url" when Value() is { } value && Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var parsed):
                    url = parsed;
                    break;
                case "--user" when Value() is { } value: user = value; break;
                case "--password" when Value() is { } value: password = value; break;
                case var flag when flags.Contains(flag): given.Add(flag); break;
                case var option when values.Contains(option) && Value() is { } value: valued[option] = value; break;
                default: return null;
            }
        }

        return (user is null) == (password is null) ? new AdminArguments(url, user, password, given, valued) : null;
    }

    public HttpClient CreateClient()
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        if (User is { } user)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Password}")));
        }

        return http;
    }
}
