namespace OrleansRegistry.Api.Tests.Security;

/// <summary>HTTP Basic against the htpasswd file.</summary>
public sealed class HtpasswdRegistryFixture : SecuredRegistryFixture
{
    protected override IEnumerable<string> Settings(string directory) =>
        ["--Registry:Auth:Kind", "Htpasswd", "--Registry:Auth:Realm", "test-realm"];
}
