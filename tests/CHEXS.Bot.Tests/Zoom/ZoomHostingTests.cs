using Chexs.Bot.Zoom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chexs.Bot.Tests.Zoom;

/// <summary>Which Zoom the bot talks to, and refusing to start in Production without credentials.</summary>
public sealed class ZoomHostingTests
{
    private static void NoCredentials(Dictionary<string, string?> s)
    {
        s["Zoom:AccountId"] = "";
        s["Zoom:ClientId"] = "";
        s["Zoom:ClientSecret"] = "";
        s["Zoom:WebhookSecretToken"] = "";
    }

    private static async Task StartHostedServicesAsync(IServiceProvider services)
    {
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Production_without_credentials_refuses_to_start_naming_the_missing_settings()
    {
        await using var h = await ZoomHarness.StartAsync(s =>
        {
            NoCredentials(s);
            s["Zoom:ClientId"] = "configured";
        });

        var refused = await Assert.ThrowsAsync<Chexs.Bot.Hosting.StartupRefusedException>(() => StartHostedServicesAsync(h.Services));

        Assert.Contains("Zoom:AccountId", refused.Message);
        Assert.Contains("Zoom:ClientSecret", refused.Message);
        Assert.Contains("Zoom:WebhookSecretToken", refused.Message);
        Assert.DoesNotContain("Zoom:ClientId", refused.Message);
        Assert.Contains("Zoom__Simulate", refused.Message);
    }

    [Fact]
    public async Task Production_with_credentials_uses_the_real_client_and_starts()
    {
        await using var h = await ZoomHarness.StartAsync();
        Assert.IsNotType<SimulatedZoomMeetings>(h.Zoom);
        Assert.False(h.Services.GetRequiredService<ZoomMode>().Simulated);
        await StartHostedServicesAsync(h.Services);
    }

    [Fact]
    public async Task Production_with_Simulate_starts_simulated_without_credentials()
    {
        await using var h = await ZoomHarness.StartAsync(s =>
        {
            NoCredentials(s);
            s["Zoom:Simulate"] = "true";
        });
        Assert.IsType<SimulatedZoomMeetings>(h.Zoom);
        await StartHostedServicesAsync(h.Services);
    }

    [Fact]
    public async Task Development_without_credentials_simulates_and_says_so()
    {
        await using var h = await ZoomHarness.StartAsync(NoCredentials, environment: "Development");
        Assert.IsType<SimulatedZoomMeetings>(h.Zoom);
        await StartHostedServicesAsync(h.Services);
        Assert.Contains("SIMULATED", h.Logs.All);
    }

    [Fact]
    public async Task A_simulated_meeting_is_labelled_unreachable_and_never_logs_its_link_or_passcode()
    {
        await using var h = await ZoomHarness.StartAsync(s => s["Zoom:Simulate"] = "true");

        var record = await h.Zoom.CreateSafeMeetingAsync(ZoomHarness.Request());
        var startUrl = await h.Zoom.GetStartUrlAsync(record.MeetingId);
        await h.Zoom.RescheduleAsync(record.MeetingId, ZoomHarness.Start.AddDays(4), "Europe/London", 30);
        await h.Zoom.DeleteAsync(record.MeetingId);

        Assert.True(record.Simulated);
        Assert.Equal(SimulatedZoomMeetings.FakeHost, new Uri(record.JoinUrl).Host);
        Assert.Equal(SimulatedZoomMeetings.FakeHost, new Uri(startUrl).Host);
        Assert.Matches("^[A-Za-z0-9]{1,10}$", record.Passcode);
        Assert.InRange(record.MeetingId, 10_000_000_000L, 99_999_999_999L);
        Assert.Empty(h.Server.Requests); // nothing went to Zoom
        var logs = h.Logs.All;
        Assert.Contains("simulated", logs);
        Assert.Contains(record.MeetingId.ToString(), logs);
        Assert.DoesNotContain(record.JoinUrl, logs);
        Assert.DoesNotContain(record.Passcode, logs);
        Assert.DoesNotContain(startUrl, logs);
    }
}
