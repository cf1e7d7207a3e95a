using System.Diagnostics;
using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.HostileInput;

/// <summary>
/// Slow clients (<c>Registry:Limits</c>): headers that never end and bodies that trickle are cut off after the
/// configured time, and an upload they started accepts none of their bytes.
/// </summary>
public sealed class SlowClientTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    public async Task InitializeAsync() => _registry = await RunningRegistry.StartAsync(
        _data.Path,
        "--Registry:Limits:RequestHeadersTimeout", "00:00:02",
        "--Registry:Limits:MinRequestBodyDataRate", "1000",
        "--Registry:Limits:MinRequestBodyDataRateGracePeriod", "00:00:02");

    [Fact]
    public async Task Headers_that_never_end_are_cut_off()
    {
        await using var exchange = await RawExchange.ConnectAsync(_registry!.Address);
        var clock = Stopwatch.StartNew();
        await exchange.SendAsync("GET /v2/ HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        var statuses = RawExchange.Statuses(await exchange.ReadUntilClosedAsync(TimeSpan.FromSeconds(20)));

        Assert.All(statuses, s => Assert.Equal(408, s));
        Assert.InRange(clock.Elapsed.TotalSeconds, 1, 15);
    }

    [Fact]
    public async Task A_trickling_upload_is_cut_off_and_accepts_nothing()
    {
        var client = _registry!.Client;
        var location = await client.StartUploadAsync("slow/app");
        await using (var exchange = await RawExchange.ConnectAsync(_registry.Address))
        {
            await exchange.SendAsync($"PATCH {location} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n");
            var clock = Stopwatch.StartNew();
            var reading = exchange.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));
            while (!reading.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(25))
            {
                await exchange.SendAsync(new byte[10]);
                await Task.WhenAny(reading, Task.Delay(500));
            }

            var statuses = RawExchange.Statuses(await reading);
            Assert.All(statuses, s => Assert.InRange(s, 400, 499));
            Assert.InRange(clock.Elapsed.TotalSeconds, 1, 20);
        }

        using var status = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-0", status.Header("Range"));
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _data.Dispose();
    }
}
