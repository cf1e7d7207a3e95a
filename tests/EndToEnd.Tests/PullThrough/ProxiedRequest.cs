namespace OrleansRegistry.EndToEnd.Tests.PullThrough;

/// <summary>A request the proxy got, and the upstream's status where it was forwarded.</summary>
internal sealed class ProxiedRequest(string method, string path, string authorization)
{
    public string Method { get; } = method;

    public string Path { get; } = path;

    /// <summary>The Authorization header it carried, empty for none.</summary>
    public string Authorization { get; } = authorization;

    public int? Status { get; set; }

    public override string ToString() => $"{Method} {Path} -> {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}
