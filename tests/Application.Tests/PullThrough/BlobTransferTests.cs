using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Application.Tests.PullThrough;

/// <summary>
/// A blob on its way from an upstream is readable by the other requests of the process as it comes: every byte
/// but the last at once, the last only once the blob verified; a transfer that fails ends its readers with an error,
/// never with a short body that looks whole.
/// </summary>
public sealed class BlobTransferTests : IDisposable
{
    private static readonly byte[] Content = TestContent.RandomBytes(300_000);
    private static readonly UpstreamFetchKey Key = UpstreamFetchKey.Blob("up", Digest.ComputeSha256(Content));

    private readonly TemporaryDirectory _spools = new();
    private readonly BlobTransfers _transfers;

    public BlobTransferTests() => _transfers = new BlobTransfers(_spools.Path);

    [Fact]
    public async Task A_reader_gets_the_bytes_appended_so_far_before_the_transfer_ends()
    {
        using var transfer = Start();
        await transfer.AppendAsync(Content.AsMemory(0, 100_000), CancellationToken.None);
        await using var reader = transfer.OpenReader()!;

        var first = new byte[100_000];
        await reader.ReadExactlyAsync(first);

        Assert.Equal(Content[..100_000], first);
    }

    [Fact]
    public async Task The_last_byte_waits_until_the_blob_verified()
    {
        using var transfer = Start();
        await using var reader = transfer.OpenReader()!;
        await transfer.AppendAsync(Content, CancellationToken.None);
        var received = new byte[Content.Length];
        await reader.ReadExactlyAsync(received.AsMemory(0, Content.Length - 1));

        var last = reader.ReadAsync(received.AsMemory(Content.Length - 1)).AsTask();
        await Task.Delay(200);
        Assert.False(last.IsCompleted);

        transfer.Verified();
        Assert.Equal(1, await last.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Content, received);
        Assert.Equal(0, await reader.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task A_reader_waiting_for_bytes_gets_them_when_they_come()
    {
        using var transfer = Start();
        await using var reader = transfer.OpenReader()!;
        var buffer = new byte[1000];

        var read = reader.ReadAsync(buffer).AsTask();
        await Task.Delay(100);
        Assert.False(read.IsCompleted);
        await transfer.AppendAsync(Content.AsMemory(0, 1000), CancellationToken.None);

        Assert.Equal(1000, await read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Content[..1000], buffer);
    }

    [Fact]
    public async Task A_transfer_that_ends_before_the_blob_verified_fails_its_readers()
    {
        var transfer = Start();
        await using var reader = transfer.OpenReader()!;
        await transfer.AppendAsync(Content, CancellationToken.None);

        transfer.Dispose();

        var received = new byte[Content.Length];
        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadExactlyAsync(received));
    }

    [Fact]
    public async Task A_failed_transfer_fails_a_reader_that_waits_for_bytes()
    {
        using var transfer = Start();
        await using var reader = transfer.OpenReader()!;
        var read = reader.ReadAsync(new byte[10]).AsTask();

        transfer.Fail("the upstream went away");

        var error = await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("the upstream went away", error.Message);
    }

    [Fact]
    public async Task Readers_of_a_verified_blob_read_on_after_the_transfer_ended()
    {
        var transfer = Start();
        await using var reader = transfer.OpenReader()!;
        await transfer.AppendAsync(Content, CancellationToken.None);
        transfer.Verified();

        transfer.Dispose();

        var received = new byte[Content.Length];
        await reader.ReadExactlyAsync(received);
        Assert.Equal(Content, received);
    }

    [Fact]
    public void No_reader_opens_once_the_transfer_ended()
    {
        var transfer = Start();
        transfer.Verified();
        transfer.Dispose();

        Assert.Null(transfer.OpenReader());
    }

    [Fact]
    public async Task The_spool_leaves_no_file_behind_even_while_the_transfer_runs()
    {
        using var transfer = Start();
        await transfer.AppendAsync(Content, CancellationToken.None);

        Assert.Empty(Directory.GetFiles(_spools.Path));
    }

    [Fact]
    public async Task The_first_request_leads_and_the_others_get_its_transfer_once_it_fetches()
    {
        using var lead = _transfers.TryLead(Key, out _)!;
        Assert.Null(_transfers.TryLead(Key, out var led));
        Assert.False(led.IsCompleted);

        using var transfer = lead.Start(Content.Length);

        Assert.Same(transfer, await led);
    }

    [Fact]
    public async Task A_lead_that_ends_without_fetching_tells_the_others_to_read_storage_and_the_next_request_leads()
    {
        var lead = _transfers.TryLead(Key, out _)!;
        Assert.Null(_transfers.TryLead(Key, out var led));

        lead.Dispose();

        Assert.Null(await led);
        using var next = _transfers.TryLead(Key, out _);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Another_gateway_reads_an_exposed_transfer_only_with_its_token_and_only_while_it_runs()
    {
        var lead = _transfers.TryLead(Key, out _)!;
        var transfer = lead.Start(Content.Length);
        await transfer.AppendAsync(Content, CancellationToken.None);
        var (id, token) = lead.ExposeToPeers();

        Assert.Null(_transfers.OpenForPeer(id, null));
        Assert.Null(_transfers.OpenForPeer(id, new string('0', token.Length)));
        Assert.Null(_transfers.OpenForPeer(Guid.NewGuid(), token));
        await using (var reader = _transfers.OpenForPeer(id, token))
        {
            Assert.NotNull(reader);
            var first = new byte[1000];
            await reader.ReadExactlyAsync(first);
            Assert.Equal(Content[..1000], first);
        }

        lead.Dispose();
        Assert.Null(_transfers.OpenForPeer(id, token));
    }

    [Fact]
    public async Task A_request_that_passes_its_lead_sends_the_others_of_the_process_their_own_way_at_once()
    {
        using var lead = _transfers.TryLead(Key, out _)!;
        Assert.Null(_transfers.TryLead(Key, out var led));

        lead.Pass();

        Assert.Null(await led.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => _spools.Dispose();

    private BlobTransfer Start() => new(_spools.Path, Content.Length);
}
