using Chexs.Bot.Records;
using Microsoft.Playwright;
using Chexs.Bot.Storage.LiteDb;
using Microsoft.Extensions.DependencyInjection;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// The bot and Playground with reminder offsets shortened by configuration (G5: one reminder, 2 minutes
/// before) and a session seeded into the bot's database 3 minutes ahead, before the bot starts. The
/// booking dialogs are not part of this branch; the reminder worker gives the seeded session its
/// reminders at start-up exactly as it does for sessions booked while offsets were different.
/// </summary>
public sealed class ReminderBotAndPlayground : BotAndPlayground
{
    public const string SessionId = "S-E2EQ3";
    public const string JoinUrl = "https://zoom.invalid/j/85000000042?pwd=E2EjoinSecret";
    public const string Passcode = "E2Epass42";

    protected override IReadOnlyDictionary<string, string?> BotSettings { get; } = new Dictionary<string, string?>
    {
        ["Safeguarding__ReminderOffsets__0"] = "00:02:00",
        ["Reminders__PollInterval"] = "00:00:02",
    };

    public DateTimeOffset SessionStart { get; private set; }

    protected override async Task BeforeBotStartsAsync()
    {
        SessionStart = DateTimeOffset.UtcNow.AddMinutes(3);
        // Written through the store's own ports, before the bot opens the file.
        await using var store = new ServiceCollection().AddChexsLiteDbStorage(_ => DatabasePath).BuildServiceProvider();
        await store.GetRequiredService<IStaffRepository>().UpsertAsync(new StaffMember
        {
            Id = "00000000-0000-0000-0000-00000000a001", DisplayName = "Alex Host", Email = "alex.host@chexs.example", Role = StaffRole.Staff,
            ZoomUserId = "alex.host@chexs.example", LineManagerId = "00000000-0000-0000-0000-00000000b001",
        });
        await store.GetRequiredService<IPupilRepository>().UpsertAsync(new Pupil { Id = "P-E2E1", FirstName = "Sam", LastName = "Patel", DateOfBirth = new DateOnly(2011, 5, 1), Programmes = { Programme.Growth } });
        await store.GetRequiredService<ISessionRepository>().UpsertAsync(new Session
        {
            Id = SessionId, Programme = Programme.Growth, HostId = "00000000-0000-0000-0000-00000000a001", PupilIds = { "P-E2E1" },
            Start = SessionStart, DurationMinutes = 30, Kind = SessionKind.OneToOne, Status = SessionStatus.Scheduled,
            CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "00000000-0000-0000-0000-00000000a001",
            Meeting = new ZoomMeetingRecord { MeetingId = 85000000042, JoinUrl = JoinUrl, Passcode = Passcode, Simulated = true, CreatedAt = DateTimeOffset.UtcNow },
        });
    }
}

[CollectionDefinition(Name)]
public sealed class ReminderCollection : ICollectionFixture<ReminderBotAndPlayground>
{
    public const string Name = "Bot and Playground with a session minutes ahead";
}

[Collection(ReminderCollection.Name)]
public sealed class ReminderTests(ReminderBotAndPlayground env)
{
    [Fact]
    public async Task The_reminder_card_arrives_in_the_General_channel_with_initials_and_no_join_details()
    {
        await using var playground = await env.OpenAsync(nameof(The_reminder_card_arrives_in_the_General_channel_with_initials_and_no_join_details));
        try
        {
            // Opening the channel is when the Playground installs the app in the team (installationUpdate),
            // which is what lets the bot post there proactively.
            await playground.OpenChannelAsync("General");
            var wait = env.SessionStart - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
            var card = await playground.WaitForCardContainingAsync("Session reminder", wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(30));

            var text = await card.InnerTextAsync();
            Assert.Contains("Growth Programme", text);
            Assert.Contains(ReminderBotAndPlayground.SessionId, text);
            Assert.Contains("Alex Host", text);
            Assert.Contains("S.P.", text);
            Assert.Contains("Host checklist", text);
            Assert.DoesNotContain("Sam", text);
            Assert.DoesNotContain("Patel", text);
            Assert.DoesNotContain("Sent late", text);
            var page = await playground.Page.ContentAsync();
            Assert.DoesNotContain(ReminderBotAndPlayground.Passcode, page);
            Assert.DoesNotContain("E2EjoinSecret", page);
            Assert.DoesNotContain("zoom.invalid", page);
            var screenshot = await playground.ScreenshotAsync("reminder-card");
            Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot too small to show anything");

            // The host ticks two items and saves: the card is replaced for everyone with the saved ticks,
            // so they are still ticked when the channel is opened again (the page re-renders from the message).
            await card.GetByRole(AriaRole.Checkbox, new() { Name = "Waiting room on: I admit each person myself (P7)" }).CheckAsync();
            await card.GetByRole(AriaRole.Checkbox, new() { Name = "Recording on (P5)" }).CheckAsync();
            await playground.ClickCardButtonAsync(card, "Save checklist");
            // The Playground's log panel records the invoke once the bot has answered it.
            await playground.Page.GetByText("invoke 200").First.WaitForAsync(new() { Timeout = (float)PlaygroundPage.BotReplyTimeout.TotalMilliseconds });
            await playground.OpenPersonalChatAsync();
            await playground.OpenChannelAsync("General");
            var saved = await playground.WaitForCardContainingAsync("Session reminder");
            await Microsoft.Playwright.Assertions.Expect(saved.GetByRole(AriaRole.Checkbox, new() { Name = "Waiting room on: I admit each person myself (P7)" })).ToBeCheckedAsync();
            await Microsoft.Playwright.Assertions.Expect(saved.GetByRole(AriaRole.Checkbox, new() { Name = "Recording on (P5)" })).ToBeCheckedAsync();
            await Microsoft.Playwright.Assertions.Expect(saved.GetByRole(AriaRole.Checkbox, new() { Name = "Meeting locked once everyone expected is in (P8)" })).Not.ToBeCheckedAsync();
            await playground.ScreenshotAsync("reminder-card-ticked");

            // The host's own reminder, in the personal chat, names the pupil and carries the start button.
            await playground.OpenPersonalChatAsync();
            var hostCard = await playground.WaitForCardContainingAsync("Your session is coming up");
            var hostText = await hostCard.InnerTextAsync();
            Assert.Contains("Sam Patel", hostText);
            Assert.Contains("Start the meeting", hostText);
            Assert.DoesNotContain(ReminderBotAndPlayground.Passcode, await playground.Page.ContentAsync());
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{await playground.FailureReportAsync()}", e);
        }
    }
}
