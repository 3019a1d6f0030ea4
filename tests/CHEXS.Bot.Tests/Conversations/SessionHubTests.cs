using Chexs.Bot.Records;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Zoom;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>
/// The session card as the hub: Start meeting (the host's start link asked of Zoom at the click, shown to the host only,
/// never kept), Reschedule, Cancel and the guardians, on the confirmation and in `my sessions`, which keeps a session
/// that has begun until its end time.
/// </summary>
public sealed class SessionHubTests : IDisposable
{
    /// <summary>Zoom as simulated, but each start link is new and every request for one is counted.</summary>
    private sealed class CountingZoom(IZoomMeetings inner) : IZoomMeetings
    {
        public int StartLinksAsked;
        public string? LastLink;
        public Task<ZoomMeetingRecord> CreateSafeMeetingAsync(ZoomMeetingRequest request, CancellationToken cancellationToken = default) => inner.CreateSafeMeetingAsync(request, cancellationToken);
        public Task RescheduleAsync(long meetingId, DateTimeOffset start, string timeZone, int durationMinutes, CancellationToken cancellationToken = default) => inner.RescheduleAsync(meetingId, start, timeZone, durationMinutes, cancellationToken);
        public Task DeleteAsync(long meetingId, CancellationToken cancellationToken = default) => inner.DeleteAsync(meetingId, cancellationToken);
        public Task<string> GetStartUrlAsync(long meetingId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref StartLinksAsked);
            LastLink = $"https://{SimulatedZoomMeetings.FakeHost}/s/{meetingId}?zak=fresh{Guid.NewGuid():N}";
            return Task.FromResult(LastLink);
        }
    }

    private readonly ConversationHarness _h;
    private readonly Chat _alex;
    private CountingZoom? _zoom;

    public SessionHubTests()
    {
        _h = new ConversationHarness(services: s => s.AddSingleton<IZoomMeetings>(sp =>
            _zoom ??= new CountingZoom(ActivatorUtilities.CreateInstance<SimulatedZoomMeetings>(sp))));
        _alex = _h.Personal(Person.Alex);
    }

    public void Dispose() => _h.Dispose();

    private CountingZoom Zoom => _zoom ?? (CountingZoom)_h.Bot.Get<IZoomMeetings>();

    private async Task<(Session Session, JObject Confirmation)> BookAsync(string line = "book session growth with Sam Patel tomorrow 4pm for 45 min")
    {
        var summary = await _alex.Say(line);
        var booked = await _alex.Click(summary.Card, "Confirm");
        var session = _h.OnlySession();
        return (session, booked.Cards.Single(c => CardJson.Text(c).Contains("Session booked")));
    }

    [Fact]
    public async Task The_confirmation_is_the_hub_start_reschedule_cancel_and_the_guardians_it_went_to()
    {
        var (session, card) = await BookAsync();

        Assert.Equal(["Start meeting", "Reschedule", "Cancel"], CardJson.Titles(card));
        var text = CardJson.Text(card);
        Assert.Contains("Invitations go to", text);
        Assert.Matches(@"- .+ \((mother|father|guardian|[a-z ]+)\), for Sam Patel", text);
        // The kept copy has the same buttons, and neither holds a start link.
        Assert.Equal(["Start meeting", "Reschedule", "Cancel"], CardJson.Titles(JObject.Parse(_h.Db.Sessions.FindById(session.Id).ConfirmationCardJson!)));
        Assert.DoesNotContain("/s/", card.ToString());
        Assert.Equal(0, Zoom.StartLinksAsked);
    }

    [Fact]
    public async Task Start_fetches_the_link_from_Zoom_at_the_click_shows_it_to_the_host_and_never_stores_it()
    {
        var (session, card) = await BookAsync();

        var first = await _alex.Click(card, "Start meeting");
        var firstLink = Zoom.LastLink!;
        var second = await _alex.Click(card, "Start meeting");

        Assert.Equal(2, Zoom.StartLinksAsked); // asked at each click, never reused
        var start = first.ReplacedCard!;
        var open = start.Descendants().OfType<JObject>().Single(o => (string?)o["type"] == "Action.OpenUrl");
        Assert.Equal(("Open Zoom as host", firstLink), ((string?)open["title"], (string?)open["url"]));
        Assert.Contains($"Ready to start {session.Id}", CardJson.Text(start));
        Assert.Contains("Sam Patel", CardJson.Text(start));
        Assert.NotEqual(firstLink, Zoom.LastLink);
        Assert.Contains(Zoom.LastLink!, second.ReplacedCard!.ToString());
        // Only the click's answer carries it: no message, nothing in the store (sessions, notices, audit, anywhere in the file).
        Assert.Empty(first.Messages);
        var file = File.ReadAllBytes(Path.Combine(_h.Bot.Folder, "chexs.db"));
        var stored = System.Text.Encoding.UTF8.GetString(file) + System.Text.Encoding.Unicode.GetString(file);
        Assert.DoesNotContain("zak=fresh", stored);
        Assert.Contains(_h.Db.Audit.FindAll(), e => e.Action == "session.start_link" && e.Records.Contains(session.Id) && !(e.Detail ?? "").Contains("http"));

        // "Back to my sessions" from the start card.
        var back = await _alex.Click(start, "Back to my sessions");
        Assert.Equal("Your sessions", (string?)back.ReplacedCard!["body"]![0]!["text"]);
    }

    [Fact]
    public async Task Only_the_host_can_start_a_manager_or_another_member_of_staff_is_refused_without_a_link()
    {
        var (session, card) = await BookAsync();

        foreach (var other in new[] { Person.Morgan, Person.Riley })
        {
            var refused = await _h.Personal(other).Click(card, "Start meeting");
            Assert.Null(refused.ReplacedCard);
            Assert.Equal($"Only the session's host can start {session.Id}: the start link signs in to Zoom as the host (P2). Nothing was changed.", refused.InvokeMessage);
        }
        Assert.Equal(0, Zoom.StartLinksAsked);
    }

    [Fact]
    public async Task A_tampered_start_button_is_refused()
    {
        var (_, card) = await BookAsync();
        var data = (JObject)CardJson.Action(card, "Start meeting")["data"]!.DeepClone();
        data["sessionId"] = "S-OTHER";

        var refused = await _alex.Execute("session.start", data);

        Assert.Contains("its details don't match what I sent", refused.InvokeMessage);
        Assert.Equal(0, Zoom.StartLinksAsked);
    }

    [Fact]
    public async Task My_sessions_keeps_a_session_that_has_begun_with_Start_until_its_end_time()
    {
        var (session, _) = await BookAsync();
        _h.Clock.SetUtcNow(session.Start.AddMinutes(10));

        var list = (await _alex.Say("my sessions")).Card;
        Assert.Contains($"In progress now, until {Chexs.Bot.Safeguarding.LocalTimes.TimeOfDay(session.End, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"))}", CardJson.Text(list));
        Assert.Equal(["Start meeting", "Raise a concern"], CardJson.Titles(list)); // too late to move or cancel
        Assert.NotNull((await _alex.Click(list, "Start meeting")).ReplacedCard);

        _h.Clock.SetUtcNow(session.End);
        var after = (await _alex.Say("my sessions")).Card;
        Assert.DoesNotContain(session.Id, CardJson.Text(after));
        // A Start button clicked after the end says so.
        var late = await _alex.Click(list, "Start meeting");
        Assert.StartsWith($"Session {session.Id} ended at", late.InvokeMessage);
        Assert.Equal(1, Zoom.StartLinksAsked);
    }

    [Fact]
    public async Task A_group_awaiting_approval_has_no_start_but_can_be_moved_or_cancelled()
    {
        var summary = await _alex.Say("book session growth with Sam Patel and Sami Patil next Monday at 10 for 45 min");
        await _alex.Click(summary.Card, "Send for approval");

        var list = (await _alex.Say("my sessions")).Card;

        Assert.Equal(["Reschedule", "Cancel", "Raise a concern"], CardJson.Titles(list));
        Assert.Contains("Waiting for a manager's approval (P10)", CardJson.Text(list));
    }
}
