using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>
/// A registry with authentication, and the users, groups and rules the security tests share:
/// <c>alice</c> pulls and pushes <c>team/**</c> and lists the catalog, <c>bob</c> (group <c>readers</c>) pulls
/// everything, <c>admin</c> does anything and uses the admin API, <c>mallory</c> has no rule.
/// </summary>
public abstract class SecuredRegistryFixture : IAsyncLifetime
{
    public const string Password = "s3cret-passw0rd";

    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    public RunningRegistry Registry => _registry ?? throw new InvalidOperationException("the registry is not started");

    public string Directory => _data.Path;

    public async Task InitializeAsync()
    {
        var htpasswd = SecurityFiles.Htpasswd(_data.Path, ("alice", Password), ("bob", Password), ("admin", Password), ("mallory", Password));
        string[] common =
        [
            "--Registry:Auth:HtpasswdFile", htpasswd,
            "--Registry:Auth:Groups:readers:0", "bob",
            "--Registry:Auth:Rules:0:Repository", "team/**",
            "--Registry:Auth:Rules:0:Users:0", "alice",
            "--Registry:Auth:Rules:0:Actions:0", "pull",
            "--Registry:Auth:Rules:0:Actions:1", "push",
            "--Registry:Auth:Rules:1:Repository", "**",
            "--Registry:Auth:Rules:1:Groups:0", "readers",
            "--Registry:Auth:Rules:1:Actions:0", "pull",
            "--Registry:Auth:Rules:2:Catalog", "true",
            "--Registry:Auth:Rules:2:Users:0", "alice",
            "--Registry:Auth:Rules:3:Repository", "**",
            "--Registry:Auth:Rules:3:Users:0", "admin",
            "--Registry:Auth:Rules:3:Actions:0", "*",
            "--Registry:Auth:Rules:4:Admin", "true",
            "--Registry:Auth:Rules:4:Users:0", "admin",
        ];
        _registry = await RunningRegistry.StartAsync(Path.Combine(_data.Path, "data"), [.. common, .. Settings(_data.Path)]);
    }

    /// <summary>The settings that choose the kind of authentication.</summary>
    protected abstract IEnumerable<string> Settings(string directory);

    public RegistryClient ClientAs(string? user, string password = Password) =>
        SecurityFiles.ClientOf(Registry, user is null ? null : SecurityFiles.Basic(user, password));

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _data.Dispose();
    }
}
