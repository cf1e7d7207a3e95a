using System.Text;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Storage.FileSystem.Tests;

/// <summary>
/// Upload tokens of the filesystem driver are GUIDs. Anything else is refused before it becomes part of a path,
/// or a token like "../../blobs/..." could read, overwrite or delete files outside the staging area.
/// </summary>
public sealed class UploadTokenValidationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemBlobStore _store;

    public UploadTokenValidationTests()
    {
        _store = new FileSystemBlobStore(Path.Combine(_directory.Path, "store"));
    }

    public static TheoryData<string> NonGuidTokens => new()
    {
        "",
        "upload",
        "..",
        "../victim",
        "../../../../victim",
        "/etc",
        "00000000-0000-0000-0000-000000000000/../../victim",
        "00000000-0000-0000-0000-00000000000g",
    };

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(NonGuidTokens))]
    public async Task Create_upload_with_a_non_guid_id_is_refused(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateUploadAsync(token, default));
    }

    [Theory]
    [MemberData(nameof(NonGuidTokens))]
    public async Task Write_upload_with_a_non_guid_token_is_refused(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.WriteUploadAsync(token, 0, new MemoryStream([1]), default));
    }

    [Theory]
    [MemberData(nameof(NonGuidTokens))]
    public async Task Read_upload_with_a_non_guid_token_is_refused(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadUploadAsync(token, 1, default));
    }

    [Theory]
    [MemberData(nameof(NonGuidTokens))]
    public async Task Commit_upload_with_a_non_guid_token_is_refused(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CommitUploadAsync(token, 0, Digest.ComputeSha256([]), default));
    }

    [Fact]
    public async Task Abort_upload_with_a_traversing_token_deletes_nothing_outside_the_store()
    {
        var victim = Path.Combine(_directory.Path, "victim");
        Directory.CreateDirectory(victim);
        await File.WriteAllTextAsync(Path.Combine(victim, "keep"), "precious");

        await Assert.ThrowsAsync<ArgumentException>(() => _store.AbortUploadAsync("../../../../victim", default));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AbortUploadAsync(victim, default));

        Assert.Equal("precious", await File.ReadAllTextAsync(Path.Combine(victim, "keep"), Encoding.UTF8));
    }

    [Fact]
    public async Task Token_in_another_guid_format_names_the_same_upload()
    {
        // Guid parsing accepts other formats; the path is built from the canonical form, so both agree.
        var id = Guid.NewGuid();
        var token = await _store.CreateUploadAsync(id.ToString(), default);

        await _store.WriteUploadAsync(id.ToString("N"), 0, new MemoryStream("abc"u8.ToArray()), default);

        await using var stream = await _store.ReadUploadAsync(token, 3, default);
        using var reader = new StreamReader(stream);
        Assert.Equal("abc", await reader.ReadToEndAsync());
    }
}
