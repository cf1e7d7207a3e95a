using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Upstream;

/// <summary>
/// Checks <c>Registry:PullThrough</c> at start, the files it names included (read as the registry will read them).
/// Each failure names the full setting, its value and what it may be.
/// </summary>
public sealed class PullThroughOptionsValidator : IValidateOptions<PullThroughOptions>
{
    private const string Section = PullThroughOptions.Section + ":Upstreams";

    public ValidateOptionsResult Validate(string? name, PullThroughOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (options.PeerUrl is { } peer && (!peer.IsAbsoluteUri || peer.Scheme is not ("http" or "https")))
        {
            failures.AddError($"{PullThroughOptions.Section}:PeerUrl is '{peer}'; it must be an absolute http or https URL other gateways reach this one at.");
        }

        for (var i = 0; i < options.Upstreams.Count; i++)
        {
            Check($"{Section}:{i}", options.Upstreams[i], failures);
        }

        if (failures.Build().Failed)
        {
            return failures.Build();
        }

        var upstreams = UpstreamSettings.Resolve(options);
        foreach (var duplicate in upstreams.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.AddError($"{Section}: the name '{duplicate.Key}' is given to {duplicate.Count()} upstreams; names must be unique.");
        }

        foreach (var duplicate in upstreams.GroupBy(u => u.Namespace, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.AddError($"{Section}: the namespace '{duplicate.Key}' is that of {duplicate.Count()} upstreams ({string.Join(", ", duplicate.Select(u => u.Name))}); set a distinct Namespace on each.");
        }

        foreach (var (first, second) in upstreams.SelectMany(a => upstreams.Where(b => a != b && IsWithin(b.Prefix, a.Prefix)).Select(b => (a, b))))
        {
            failures.AddError($"{Section}: the prefix '{second.Prefix}' of {second.Name} lies within '{first.Prefix}' of {first.Name}; a name must belong to one upstream.");
        }

        if (upstreams.Count(u => u.RegistryMirror) > 1)
        {
            failures.AddError($"{Section}: RegistryMirror is true on {string.Join(", ", upstreams.Where(u => u.RegistryMirror).Select(u => u.Name))}; at most one upstream answers the Docker daemon's registry-mirrors.");
        }

        return failures.Build();
    }

    private static bool IsWithin(string prefix, string other) => prefix == other || prefix.StartsWith(other + "/", StringComparison.Ordinal);

    private static void Check(string setting, UpstreamOptions upstream, ValidateOptionsResultBuilder failures)
    {
        if (string.IsNullOrWhiteSpace(upstream.Name) || upstream.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '|'))
        {
            failures.AddError($"{setting}:Name is '{upstream.Name}'; it must be a non-empty word without spaces, e.g. dockerhub.");
        }

        if (!Uri.TryCreate(upstream.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            failures.AddError($"{setting}:Url is '{upstream.Url}'; it must be an absolute http or https URL without query, e.g. https://registry-1.docker.io.");
        }

        var prefix = upstream.Prefix?.Trim('/');
        if (string.IsNullOrEmpty(prefix) || !RepositoryName.IsValid(prefix))
        {
            failures.AddError($"{setting}:Prefix is '{upstream.Prefix}'; it must be a repository namespace (lowercase name components), e.g. dockerhub.");
        }

        if (upstream.Namespace is { } ns && (ns.Length == 0 || Uri.CheckHostName(ns.Split(':')[0]) == UriHostNameType.Unknown))
        {
            failures.AddError($"{setting}:Namespace is '{ns}'; it must be a registry host, e.g. docker.io or ghcr.io.");
        }

        if (upstream.SingleComponentNamespace is { } single && (single.Contains('/') || !RepositoryName.IsValid(single)))
        {
            failures.AddError($"{setting}:SingleComponentNamespace is '{single}'; it must be one lowercase name component, e.g. library.");
        }

        CheckCredentials(setting, upstream, failures);
        if (upstream.ManifestTtl < TimeSpan.Zero)
        {
            failures.AddError($"{setting}:ManifestTtl is {upstream.ManifestTtl}; it must not be negative (00:00:00 revalidates every pull by tag).");
        }

        if (upstream.Timeout <= TimeSpan.Zero || upstream.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.AddError($"{setting}:Timeout is {upstream.Timeout}; it must be positive and at most 00:10:00.");
        }
    }

    private static void CheckCredentials(string setting, UpstreamOptions upstream, ValidateOptionsResultBuilder failures)
    {
        var hasPassword = !string.IsNullOrEmpty(upstream.Password) || !string.IsNullOrEmpty(upstream.PasswordFile);
        var hasToken = !string.IsNullOrEmpty(upstream.Token) || !string.IsNullOrEmpty(upstream.TokenFile);
        var hasUser = !string.IsNullOrEmpty(upstream.Username);
        if (!string.IsNullOrEmpty(upstream.Password) && !string.IsNullOrEmpty(upstream.PasswordFile))
        {
            failures.AddError($"{setting}:Password and {setting}:PasswordFile are both set; give one.");
        }

        if (!string.IsNullOrEmpty(upstream.Token) && !string.IsNullOrEmpty(upstream.TokenFile))
        {
            failures.AddError($"{setting}:Token and {setting}:TokenFile are both set; give one.");
        }

        if (hasUser != hasPassword)
        {
            failures.AddError(hasUser
                ? $"{setting}:Username is '{upstream.Username}' but no Password or PasswordFile is set; give both or neither."
                : $"{setting}:Password is set but {setting}:Username is not; give both or neither.");
        }

        if (hasToken && hasUser)
        {
            failures.AddError($"{setting}:Token and {setting}:Username are both set; a token is sent as it is, without a user.");
        }

        if (hasUser && upstream.Username!.Contains(':'))
        {
            failures.AddError($"{setting}:Username is '{upstream.Username}'; it must not contain ':'.");
        }

        foreach (var (name, path) in new[] { ("PasswordFile", upstream.PasswordFile), ("TokenFile", upstream.TokenFile) })
        {
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            try
            {
                if (UpstreamSettings.ReadSecret(path).Length == 0)
                {
                    failures.AddError($"{setting}:{name} is '{path}', which is empty.");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.AddError($"{setting}:{name} is '{path}', which cannot be read: {e.Message}");
            }
        }
    }
}
