using Orleans.Runtime;
using Orleans.Storage;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Persistence;

/// <summary>
/// The embedded registry's grain storage: one JSON file per grain, replaced atomically, guarded by ETags so a
/// stale activation cannot overwrite newer state. Keys are repository names and digests, full of '/' and ':'.
/// </summary>
public sealed class FileGrainStorageTests : IDisposable
{
    private const string StateName = "repository";

    private readonly TemporaryDirectory _directory = new();
    private readonly FileGrainStorage _storage;

    public FileGrainStorageTests()
    {
        _storage = new FileGrainStorage(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Write_then_read_round_trips_the_state()
    {
        var id = GrainId.Create("repo", "library/ubuntu");
        var written = new GrainState<SampleState>(new SampleState { Name = "ubuntu", Count = 3, Tags = ["a", "b"], Blob = [1, 2, 3] });

        await _storage.WriteStateAsync(StateName, id, written);
        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, read);

        Assert.True(read.RecordExists);
        Assert.Equal("ubuntu", read.State!.Name);
        Assert.Equal(3, read.State!.Count);
        Assert.Equal(["a", "b"], read.State!.Tags);
        Assert.Equal([1, 2, 3], read.State!.Blob);
        Assert.Equal(written.ETag, read.ETag);
        Assert.NotNull(read.ETag);
    }

    [Fact]
    public async Task Read_of_a_grain_never_written_has_no_record_and_no_e_tag()
    {
        var state = new GrainState<SampleState>();

        await _storage.ReadStateAsync(StateName, GrainId.Create("repo", "nothing"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Write_after_reading_nothing_is_refused_when_the_state_was_created_since()
    {
        // A stale activation read "no state"; another writer created it since. The stale write must not clobber it.
        var id = GrainId.Create("repo", "created-since");
        var stale = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, stale);
        await new FileGrainStorage(_directory.Path).WriteStateAsync(StateName, id, new GrainState<SampleState>(new SampleState { Name = "newer" }));

        stale.State = new SampleState { Name = "stale" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, id, stale));

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, read);
        Assert.Equal("newer", read.State!.Name);
    }

    [Fact]
    public async Task Write_changes_the_e_tag()
    {
        var id = GrainId.Create("repo", "etag");
        var state = new GrainState<SampleState>(new SampleState());
        await _storage.WriteStateAsync(StateName, id, state);
        var first = state.ETag;

        await _storage.WriteStateAsync(StateName, id, state);

        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task Write_with_a_stale_e_tag_throws_inconsistent_state_and_keeps_the_newer_state()
    {
        // Two activations of one grain read the same state; the second to write must fail, not overwrite.
        var id = GrainId.Create("repo", "conflict");
        await _storage.WriteStateAsync(StateName, id, new GrainState<SampleState>(new SampleState { Count = 1 }));
        var first = new GrainState<SampleState>();
        var second = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, first);
        await _storage.ReadStateAsync(StateName, id, second);
        first.State!.Count = 2;
        await _storage.WriteStateAsync(StateName, id, first);

        second.State!.Count = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, id, second));

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, read);
        Assert.Equal(2, read.State!.Count);
    }

    [Fact]
    public async Task Write_of_a_new_record_where_one_exists_throws_inconsistent_state()
    {
        // A null ETag claims there is no record yet; a record written by another instance proves otherwise.
        var id = GrainId.Create("repo", "exists");
        await new FileGrainStorage(_directory.Path).WriteStateAsync(StateName, id, new GrainState<SampleState>(new SampleState { Count = 1 }));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.WriteStateAsync(StateName, id, new GrainState<SampleState>(new SampleState { Count = 9 })));
    }

    [Fact]
    public async Task Clear_deletes_the_record()
    {
        var id = GrainId.Create("repo", "cleared");
        var state = new GrainState<SampleState>(new SampleState { Count = 5 });
        await _storage.WriteStateAsync(StateName, id, state);

        await _storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Count);
        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, read);
        Assert.False(read.RecordExists);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Clear_with_a_stale_e_tag_throws_inconsistent_state()
    {
        var id = GrainId.Create("repo", "clear-conflict");
        var stale = new GrainState<SampleState>(new SampleState());
        await _storage.WriteStateAsync(StateName, id, stale);
        var current = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, current);
        await _storage.WriteStateAsync(StateName, id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, id, stale));
    }

    [Fact]
    public async Task Write_after_clear_starts_a_new_record()
    {
        var id = GrainId.Create("repo", "again");
        var state = new GrainState<SampleState>(new SampleState { Count = 1 });
        await _storage.WriteStateAsync(StateName, id, state);
        await _storage.ClearStateAsync(StateName, id, state);

        state.State!.Count = 2;
        await _storage.WriteStateAsync(StateName, id, state);

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, read);
        Assert.Equal(2, read.State!.Count);
    }

    [Theory]
    [InlineData("library/ubuntu")]
    [InlineData("a/b/c/d")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("..")]
    [InlineData("../../escape")]
    [InlineData(".hidden")]
    [InlineData("with space and %2F and ?*<>|\"")]
    public async Task Keys_with_path_characters_round_trip_as_one_file_inside_the_root(string key)
    {
        var id = GrainId.Create("repo", key);

        await _storage.WriteStateAsync(StateName, id, new GrainState<SampleState>(new SampleState { Name = key }));
        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, id, read);

        Assert.Equal(key, read.State!.Name);
        var files = Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories);
        var file = Assert.Single(files);
        Assert.StartsWith(Path.GetFullPath(_directory.Path) + Path.DirectorySeparatorChar, Path.GetFullPath(file));
        // state name / grain type / key: the key added no folders of its own.
        Assert.Equal(3, Path.GetRelativePath(_directory.Path, file).Split(Path.DirectorySeparatorChar).Length);
    }

    [Fact]
    public async Task Keys_that_escape_alike_are_different_files()
    {
        // "a/b" escapes to "a%2Fb": a key that is literally "a%2Fb" must not share its file.
        var slash = GrainId.Create("repo", "a/b");
        var escaped = GrainId.Create("repo", "a%2Fb");

        await _storage.WriteStateAsync(StateName, slash, new GrainState<SampleState>(new SampleState { Name = "slash" }));
        await _storage.WriteStateAsync(StateName, escaped, new GrainState<SampleState>(new SampleState { Name = "escaped" }));

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, slash, read);
        Assert.Equal("slash", read.State!.Name);
        await _storage.ReadStateAsync(StateName, escaped, read);
        Assert.Equal("escaped", read.State!.Name);
    }

    [Fact]
    public async Task Very_long_keys_are_stored_and_distinguished_by_their_whole_length()
    {
        // File names stop at 255 bytes; a repository name may reach 255 characters and escaping lengthens it.
        var prefix = string.Join('/', Enumerable.Repeat("segment", 40));
        var first = GrainId.Create("repo", prefix + "/one");
        var second = GrainId.Create("repo", prefix + "/two");

        await _storage.WriteStateAsync(StateName, first, new GrainState<SampleState>(new SampleState { Name = "one" }));
        await _storage.WriteStateAsync(StateName, second, new GrainState<SampleState>(new SampleState { Name = "two" }));

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, first, read);
        Assert.Equal("one", read.State!.Name);
        await _storage.ReadStateAsync(StateName, second, read);
        Assert.Equal("two", read.State!.Name);
        Assert.All(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories), f => Assert.True(Path.GetFileName(f).Length <= 255));
    }

    [Fact]
    public async Task Same_key_of_different_grain_types_are_different_records()
    {
        await _storage.WriteStateAsync(StateName, GrainId.Create("repo", "k"), new GrainState<SampleState>(new SampleState { Name = "repo" }));
        await _storage.WriteStateAsync(StateName, GrainId.Create("blob", "k"), new GrainState<SampleState>(new SampleState { Name = "blob" }));

        var read = new GrainState<SampleState>();
        await _storage.ReadStateAsync(StateName, GrainId.Create("repo", "k"), read);
        Assert.Equal("repo", read.State!.Name);
    }

    [Fact]
    public async Task State_written_by_one_instance_is_read_by_a_new_instance_on_the_same_directory()
    {
        // What a restart does: a new silo, a new storage instance, the same files.
        var id = GrainId.Create("repo", "restart");
        await _storage.WriteStateAsync(StateName, id, new GrainState<SampleState>(new SampleState { Count = 42 }));

        var read = new GrainState<SampleState>();
        await new FileGrainStorage(_directory.Path).ReadStateAsync(StateName, id, read);

        Assert.Equal(42, read.State!.Count);
    }

    [Fact]
    public async Task Write_leaves_no_temporary_files()
    {
        var id = GrainId.Create("repo", "tidy");
        var state = new GrainState<SampleState>(new SampleState());
        for (var i = 0; i < 3; i++)
        {
            await _storage.WriteStateAsync(StateName, id, state);
        }

        var file = Assert.Single(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories));
        Assert.EndsWith(".json", file);
    }

    [Fact]
    public async Task An_unreadable_transient_state_reads_as_no_state_and_can_be_written_again()
    {
        // What a power loss can leave of a state that is not flushed to disk: an empty or truncated file.
        var storage = new FileGrainStorage(_directory.Path, transientStates: new HashSet<string> { "upload" });
        var id = GrainId.Create("upload", "torn");
        await storage.WriteStateAsync("upload", id, new GrainState<SampleState>(new SampleState { Count = 1 }));
        var file = Assert.Single(Directory.GetFiles(_directory.Path, "*.json", SearchOption.AllDirectories));
        await File.WriteAllTextAsync(file, "{\"ETag\":\"a");

        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("upload", id, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);

        await storage.WriteStateAsync("upload", id, new GrainState<SampleState>(new SampleState { Count = 2 }));
        var again = new GrainState<SampleState>();
        await new FileGrainStorage(_directory.Path).ReadStateAsync("upload", id, again);
        Assert.Equal(2, again.State!.Count);
    }

    [Fact]
    public async Task An_unreadable_durable_state_is_an_error_never_silently_empty()
    {
        // A repository's tags must not vanish because a file is damaged: reading it fails loudly instead.
        var storage = new FileGrainStorage(_directory.Path, transientStates: new HashSet<string> { "upload" });
        var id = GrainId.Create("repo", "damaged");
        await storage.WriteStateAsync(StateName, id, new GrainState<SampleState>(new SampleState { Count = 1 }));
        var file = Assert.Single(Directory.GetFiles(_directory.Path, "*.json", SearchOption.AllDirectories));
        await File.WriteAllTextAsync(file, "");

        await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadStateAsync(StateName, id, new GrainState<SampleState>()));
        Assert.True(File.Exists(file));
    }

    public sealed class SampleState
    {
        public string Name { get; set; } = "";

        public int Count { get; set; }

        public List<string> Tags { get; set; } = [];

        public byte[] Blob { get; set; } = [];
    }
}
