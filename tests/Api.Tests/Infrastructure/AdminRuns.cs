using System.Net;
using System.Text.Json;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>Runs of the admin API (<c>/_registry/gc</c>, <c>/_registry/import</c>) as a test drives them: started once none is going on, polled to their end.</summary>
public static class AdminRuns
{
    /// <summary>Starts a run once none is going on, polls it to its end, and checks that it finished.</summary>
    public static async Task<JsonElement> RunToEndAsync(this RegistryClient client, string path, string query = "")
    {
        await client.WaitIdleAsync(path);
        using var started = await client.PostAsync(path + query);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var report = await client.WaitIdleAsync(path);
        Assert.Equal("finished", report.GetProperty("state").GetString());
        return report;
    }

    /// <summary>The status of the last run, once none is going on.</summary>
    public static async Task<JsonElement> WaitIdleAsync(this RegistryClient client, string path)
    {
        for (var attempt = 0; attempt < 3000; attempt++)
        {
            using var response = await client.GetAsync(path);
            var status = await ReadJsonAsync(response);
            if (status.GetProperty("state").GetString() != "running")
            {
                return status;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"the run of {path} did not end within a minute");
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
