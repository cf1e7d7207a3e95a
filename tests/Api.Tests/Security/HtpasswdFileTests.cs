using Microsoft.Extensions.Logging.Abstractions;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

public sealed class HtpasswdFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void Verifies_bcrypt_entries_of_every_revision()
    {
        var path = SecurityFiles.WriteFile(_directory.Path, "htpasswd", string.Join('\n',
            "# comment",
            "",
            "a:" + BCrypt.Net.BCrypt.HashPassword("pa", BCrypt.Net.BCrypt.GenerateSalt(4, 'a')),
            "b:" + BCrypt.Net.BCrypt.HashPassword("pb", BCrypt.Net.BCrypt.GenerateSalt(4, 'b')),
            "y:" + BCrypt.Net.BCrypt.HashPassword("py:with:colons", BCrypt.Net.BCrypt.GenerateSalt(4, 'y'))));
        var file = new HtpasswdFile(path, NullLogger<HtpasswdFile>.Instance);

        Assert.True(file.Verify("a", "pa"));
        Assert.True(file.Verify("b", "pb"));
        Assert.True(file.Verify("y", "py:with:colons"));
        Assert.True(file.Verify("y", "py:with:colons"));
        Assert.False(file.Verify("a", "pb"));
        Assert.False(file.Verify("nobody", "pa"));
    }

    [Fact]
    public void Reads_the_file_again_when_it_changes()
    {
        var path = SecurityFiles.Htpasswd(_directory.Path, ("a", "old"));
        var file = new HtpasswdFile(path, NullLogger<HtpasswdFile>.Instance);
        Assert.True(file.Verify("a", "old"));

        SecurityFiles.Htpasswd(_directory.Path, ("a", "new"));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        Assert.False(file.Verify("a", "old"));
        Assert.True(file.Verify("a", "new"));
    }

    [Theory]
    [InlineData("a:$apr1$salt$hash")]
    [InlineData("a:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=")]
    [InlineData("no-colon")]
    public void Refuses_entries_that_are_not_bcrypt(string line)
    {
        var error = Assert.Throws<InvalidOperationException>(() => HtpasswdFile.Parse("f", [line]));
        Assert.Contains("line 1", error.Message);
    }

    public void Dispose() => _directory.Dispose();
}
