using OrleansRegistry.EndToEnd.Tests.Infrastructure;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>One stateless gateway of a <see cref="RegistryCluster"/>.</summary>
public sealed class ClusterGateway : IRegistryEndpoint
{
    internal ClusterGateway(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    internal ChildProcess Process { get; }

    public int Port { get; }

    public string HostPort => $"127.0.0.1:{Port}";

    /// <param name="followRedirects">Blob GETs of a redirecting gateway lead to S3; clients follow them.</param>
    public HttpClient CreateHttpClient(bool followRedirects = true) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = followRedirects })
        {
            BaseAddress = new Uri($"http://{HostPort}/"),
            Timeout = TimeSpan.FromSeconds(90),
        };
}
